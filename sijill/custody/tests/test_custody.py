"""Arrests and custody: recording, events and their order, deadlines, the overdue page, API."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sijill.audit.models import AuditEntry
from sijill.core.errors import NotFound, PermissionDenied, ValidationFailed
from sijill.custody import services
from sijill.custody.models import Arrest, CustodyEvent
from sijill.custody.states import CustodyState
from sijill.demo.loader import demo_uuid
from sijill.warrants.demo import person_id
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

OVERDUE = demo_uuid("arrest", "overdue")
DETAINED = demo_uuid("arrest", "executed-5")
STATE = demo_uuid("arrest", "state")
RELEASED = demo_uuid("arrest", "released")
STATION = demo_uuid("unit", "tripoli-station-1")
CID = demo_uuid("unit", "tripoli-cid")
PROSECUTION = demo_uuid("unit", "tripoli-prosecution")


def _status(arrest_id):
    return services.status_of(Arrest.objects.get(pk=arrest_id))


def _flagrante(actor, **extra):
    now = timezone.now() - dt.timedelta(hours=1)
    fields = {
        "person_id": person_id("نوري", "ضو", "امحمد", "بوسهمين", 1971), "arrested_at": now,
        "place": "سوق الثلاثاء", "basis": "flagrante", "crime_category": "ordinary", "detention_place_id": STATION,
        "prosecution_office_id": PROSECUTION, "prosecution_notified_at": now + dt.timedelta(minutes=20),
    } | extra  # fmt: skip
    return services.do_record_arrest(actor, **fields)


# --- demo -------------------------------------------------------------------------------------


def test_demo_custody_states(demo):
    assert _status(DETAINED).state is CustodyState.DETAINED
    assert _status(STATE).state is CustodyState.TRANSFERRED
    assert _status(STATE).place.code == "tripoli-hq"
    assert _status(RELEASED).state is CustodyState.RELEASED
    overdue = _status(OVERDUE)
    assert overdue.state is CustodyState.IN_CUSTODY and overdue.is_overdue
    late = {d.rule.code: by for d, by in overdue.overdue}
    assert late["ccp_26_referral"] >= dt.timedelta(hours=23)  # 48 hours passed a day ago
    assert overdue.overdue[0][0].rule.code == "ccp_26_referral"  # most overdue first


def test_overdue_list_has_only_the_overdue_custody(actor_of):
    rows = services.overdue_custody(actor_of("prosecutor"))
    assert [r.arrest.pk for r in rows] == [OVERDUE]


def test_overdue_page_for_prosecution_and_supervisors(client_of):
    for role in ("prosecutor", "t1", "tripoli.room", "inspector"):
        text = client_of(role).get(reverse("custody:overdue")).content.decode()
        assert "محمد سالم عمر ورفلي" in text and 'data-rule="ccp_26_referral"' in text
        assert "عبد الرازق امحمد سالم الغرياني" not in text  # detained on order, in time
    assert client_of("media").get(reverse("custody:overdue")).status_code == 403


def test_a_referral_takes_the_custody_off_the_overdue_list(actor_of):
    services.do_record_event(actor_of("checkpoint"), OVERDUE, kind="referral")
    services.do_record_event(actor_of("prosecutor"), OVERDUE, kind="questioning")
    assert services.overdue_custody(actor_of("t1")) == []


# --- recording --------------------------------------------------------------------------------


def test_flagrante_needs_the_prosecution_notified(actor_of):
    with pytest.raises(ValidationFailed) as info:
        _flagrante(actor_of("checkpoint"), prosecution_office_id=None, prosecution_notified_at=None)
    assert {"prosecution_office", "prosecution_notified_at"} <= set(info.value.details)
    arrest = _flagrante(actor_of("checkpoint"))
    assert arrest.officer_name == "هائل عبد السلام القرين" and arrest.unit.code == "tripoli-checkpoint-1"
    assert AuditEntry.objects.filter(action="custody.arrest", object_id=str(arrest.pk)).exists()


def test_arrest_in_the_future_refused(actor_of):
    later = timezone.now() + dt.timedelta(hours=3)
    with pytest.raises(ValidationFailed):
        _flagrante(actor_of("checkpoint"), arrested_at=later, prosecution_notified_at=later)


def test_clerk_cannot_record_an_arrest(actor_of, client_of):
    with pytest.raises(PermissionDenied):
        _flagrante(actor_of("clerk"))
    assert client_of("clerk").get(reverse("custody:create")).status_code == 403


def test_full_custody_lifecycle_and_events_after_release_refused(actor_of):
    police, prosecutor = actor_of("investigator"), actor_of("prosecutor")
    arrest = _flagrante(police)
    with pytest.raises(services.IllegalCustodyTransition):
        services.do_record_event(prosecutor, arrest.pk, kind="detention_order")  # not yet referred
    services.do_record_event(police, arrest.pk, kind="transfer", to_place_id=CID)
    assert _status(arrest.pk).place.pk == CID
    services.do_record_event(police, arrest.pk, kind="referral")
    with pytest.raises(PermissionDenied):
        services.do_record_event(police, arrest.pk, kind="detention_order")  # only the prosecution orders
    order = services.do_record_event(prosecutor, arrest.pk, kind="detention_order", decision_number="٤٥/٢٠٢٦")
    assert order.decision_number == "45/2026"
    assert order.ends_at == order.occurred_at + dt.timedelta(days=14)
    with pytest.raises(ValidationFailed):
        services.do_record_event(police, arrest.pk, kind="extension", judge="", court="", decision_number="")
    with pytest.raises(services.IllegalCustodyTransition):
        services.do_record_event(
            police,
            arrest.pk,
            kind="extension",
            judge="القاضي سالم الفيتوري",
            court="محكمة طرابلس الابتدائية",
            decision_number="9/2026",
            ends_at=order.ends_at,
        )
    services.do_record_event(police, arrest.pk, kind="extension", judge="القاضي سالم الفيتوري",
                             court="محكمة طرابلس الابتدائية", decision_number="9/2026",
                             ends_at=order.ends_at + dt.timedelta(days=30))  # fmt: skip
    status = _status(arrest.pk)
    assert status.state is CustodyState.DETAINED
    validity = next(d for d in status.deadlines if d.rule.code == "detention_order_validity")
    assert validity.due_at == order.ends_at + dt.timedelta(days=30)
    services.do_record_event(
        prosecutor, arrest.pk, kind="release", reason="انتهاء التحقيق", ordered_by="النيابة العامة"
    )
    assert _status(arrest.pk).state is CustodyState.RELEASED
    for kind in ("transfer", "questioning", "release"):
        with pytest.raises(services.IllegalCustodyTransition) as info:
            services.do_record_event(police, arrest.pk, kind=kind, to_place_id=STATION, reason="x", ordered_by="y")
        assert info.value.status == 409
    assert CustodyEvent.objects.filter(arrest=arrest).count() == 5


def test_detention_order_longer_than_14_days_refused(actor_of):
    with pytest.raises(ValidationFailed):
        services.do_record_event(actor_of("prosecutor"), DETAINED, kind="extension", judge="", court="",
                                 decision_number="")  # fmt: skip
    arrest = _flagrante(actor_of("checkpoint"))
    services.do_record_event(actor_of("checkpoint"), arrest.pk, kind="referral")
    with pytest.raises(ValidationFailed) as info:
        services.do_record_event(actor_of("prosecutor"), arrest.pk, kind="detention_order",
                                 ends_at=timezone.now() + dt.timedelta(days=20))  # fmt: skip
    assert "ends_at" in info.value.details


def test_scope_of_custody(actor_of, client_of):
    assert (
        client_of("misrata.room").get(reverse("custody:detail", args=[OVERDUE]) + "?purpose=متابعة").status_code == 404
    )
    with pytest.raises(NotFound):
        services.do_record_event(actor_of("misrata.room"), OVERDUE, kind="questioning")


# --- pages ------------------------------------------------------------------------------------


def test_detail_page_shows_history_and_deadlines(client_of):
    text = client_of("prosecutor").get(reverse("custody:detail", args=[DETAINED]) + "?purpose=متابعة").content.decode()
    assert 'data-rule="ccp_26_referral"' in text and 'data-testid="events"' in text
    assert "32/2026" in text and 'data-testid="overdue"' not in text
    assert AuditEntry.objects.filter(action="custody.read", object_id=str(DETAINED)).exists()


def test_record_arrest_page(client_of):
    now = timezone.localtime() - dt.timedelta(hours=1)
    response = client_of("checkpoint").post(reverse("custody:create"), {
        "person": "١١٩٨٧٠٥٥٢٠٩١", "arrested_at": now.strftime("%Y-%m-%dT%H:%M"), "place": "بوابة الكريمية",
        "crime_category": "ordinary", "prosecution_office": str(PROSECUTION),
        "prosecution_notified_at": now.strftime("%Y-%m-%dT%H:%M"), "detention_place": str(STATION),
    })  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Arrest.objects.filter(person__national_number="119870552091", place="بوابة الكريمية").exists()


def test_event_page_records_a_transfer(client_of):
    url = reverse("custody:event", args=[OVERDUE, "transfer"])
    now = timezone.localtime().strftime("%Y-%m-%dT%H:%M")
    assert client_of("tripoli.room").post(url, {"occurred_at": now, "to_place": str(CID)}).status_code == 302
    assert _status(OVERDUE).place.pk == CID
    assert client_of("tripoli.room").get(reverse("custody:event", args=[OVERDUE, "detention_order"])).status_code == 403


def test_list_filters(client_of):
    held = client_of("t1").get(reverse("custody:list")).content.decode()
    assert "محمد سالم عمر ورفلي" in held and "علي محمد امحمد الزوي" not in held
    released = client_of("t1").get(reverse("custody:list") + "?status=released").content.decode()
    assert "علي محمد امحمد الزوي" in released


# --- API --------------------------------------------------------------------------------------


def test_api_overdue_and_event(user_of):
    api = ApiClient(user_of("prosecutor"))
    rows = api.call("GET", "/custody/overdue").json()
    assert [r["id"] for r in rows] == [str(OVERDUE)]
    assert rows[0]["overdue"] and rows[0]["deadlines"][0]["overdue_hours"] >= 23
    response = api.call("POST", f"/custody/{RELEASED}/events", {"kind": "questioning"})
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"
    detail = api.call("GET", f"/custody/{STATE}?purpose=متابعة").json()
    assert detail["state"] == "transferred" and detail["held_at_name"] == "مديرية أمن طرابلس"
