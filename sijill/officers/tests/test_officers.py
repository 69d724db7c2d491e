"""Officers: decisions are the only way rank, unit and status change; unlawful ones are refused."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from sijill.audit.models import AuditEntry
from sijill.core.errors import NotFound, PermissionDenied, ValidationFailed
from sijill.demo.loader import demo_uuid
from sijill.officers import services
from sijill.officers.models import Officer
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

LAW = {"authority": "وزير الداخلية", "law": "قانون هيئة الشرطة رقم 10 لسنة 1992", "article": "المادة 38"}


def _officer(number: str) -> Officer:
    return Officer.objects.get(pk=demo_uuid("officer", number))


def _unit(code: str) -> Unit:
    return Unit.objects.get(code=code)


def _decide(actor, officer, kind, dated=dt.date(2026, 1, 20), **kw):
    return services.do_record_decision(actor, officer.pk, kind=kind, number="1/2026", dated=dated, **LAW, **kw)


def test_demo_has_officers_in_every_status(demo):
    statuses = set(Officer.objects.values_list("status", flat=True))
    assert statuses == {"active", "suspended", "retired", "dismissed"}
    adel = _officer("09561")
    assert (adel.rank, adel.unit.code) == ("major", "tripoli-cid")
    postings = list(adel.postings.order_by("started_on").values_list("unit__code", "ended_on"))
    assert postings == [("misrata-cid", dt.date(2016, 2, 14)), ("tripoli-cid", None)]


def test_appointment_creates_officer_decision_and_posting(actor_of):
    person = Person.objects.filter(first_name="خالد", family_name="الككلي").first()
    officer = services.do_appoint_officer(
        actor_of("personnel"), person=str(person.pk), service_number="٤٤٥٥٦", rank="second_lieutenant",
        unit=_unit("tripoli-station-1"), number="٩٩/٢٠٢٦", dated=dt.date(2026, 1, 5), **LAW,
    )  # fmt: skip
    assert officer.service_number == "44556" and officer.status == "active"
    decision = officer.decisions.get()
    assert (decision.kind, decision.number, decision.new_rank) == ("appointment", "99/2026", "second_lieutenant")
    assert officer.postings.get().ended_on is None
    assert AuditEntry.objects.filter(action="officer.appoint", object_id=str(officer.pk)).exists()


def test_duplicate_or_malformed_service_number_refused(actor_of):
    person = Person.objects.first()
    for number in ("10234", "12ab", "1"):
        with pytest.raises(ValidationFailed) as exc:
            services.do_appoint_officer(
                actor_of("personnel"), person=person, service_number=number, rank="captain",
                unit=_unit("tripoli-hq"), number="1", dated=dt.date(2026, 1, 1), **LAW,
            )  # fmt: skip
        assert "service_number" in exc.value.details


def test_promotion_must_go_up(actor_of):
    actor, officer = actor_of("personnel"), _officer("11872")  # first lieutenant
    for lower in ("first_lieutenant", "second_lieutenant", "sergeant"):
        with pytest.raises(ValidationFailed) as exc:
            _decide(actor, officer, "promotion", new_rank=lower)
        assert "new_rank" in exc.value.details
    decision = _decide(actor, officer, "promotion", new_rank="captain")
    officer.refresh_from_db()
    assert officer.rank == "captain" and decision.new_status == "active"
    assert AuditEntry.objects.filter(action="officer.promotion", object_id=str(officer.pk)).exists()


def test_transfer_moves_posting(actor_of):
    actor, officer = actor_of("personnel"), _officer("11872")
    _decide(actor, officer, "transfer", new_unit=_unit("zawiya-checkpoint-1"))
    officer.refresh_from_db()
    assert officer.unit.code == "zawiya-checkpoint-1"
    rows = list(officer.postings.order_by("started_on").values_list("unit__code", "ended_on"))
    assert rows == [("tripoli-checkpoint-1", dt.date(2026, 1, 20)), ("zawiya-checkpoint-1", None)]
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "transfer", new_unit=_unit("zawiya-checkpoint-1"))  # same unit


def test_suspension_reinstatement_cycle_and_terminal_states(actor_of):
    actor, officer = actor_of("personnel"), _officer("11872")
    _decide(actor, officer, "suspension")
    officer.refresh_from_db()
    assert officer.status == "suspended"
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "promotion", new_rank="captain")  # not while suspended
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "transfer", new_unit=_unit("tripoli-hq"))
    _decide(actor, officer, "reinstatement", dated=dt.date(2026, 2, 1))
    officer.refresh_from_db()
    assert officer.status == "active"
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "reinstatement", dated=dt.date(2026, 2, 2))  # not suspended


def test_dismissed_officer_cannot_be_transferred_or_promoted(actor_of):
    actor, tarek = actor_of("personnel"), _officer("12690")
    assert tarek.status == "dismissed"
    assert tarek.postings.get().ended_on == dt.date(2024, 7, 15)
    for kind, extra in (("transfer", {"new_unit": _unit("tripoli-hq")}), ("promotion", {"new_rank": "captain"}),
                        ("reinstatement", {}), ("suspension", {})):  # fmt: skip
        with pytest.raises(ValidationFailed):
            _decide(actor, tarek, kind, **extra)


def test_decision_dates_are_checked(actor_of):
    actor, officer = actor_of("personnel"), _officer("11872")  # appointed 01/10/2015
    for dated in (dt.date(2014, 1, 1), dt.date(2018, 1, 1), timezone.localdate() + dt.timedelta(days=3)):
        with pytest.raises(ValidationFailed) as exc:
            _decide(actor, officer, "suspension", dated=dated)
        assert "dated" in exc.value.details


def test_effects_only_through_their_kind(actor_of):
    actor, officer = actor_of("personnel"), _officer("11872")
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "suspension", new_rank="colonel")
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "promotion", new_rank="captain", new_unit=_unit("tripoli-hq"))
    with pytest.raises(ValidationFailed):
        _decide(actor, officer, "appointment", new_rank="captain", new_unit=_unit("tripoli-hq"))
    officer.refresh_from_db()
    assert (officer.rank, officer.status, officer.version) == ("first_lieutenant", "active", officer.version)


def test_status_fields_are_not_editable_outside_decisions():
    fields = {f.name for f in Officer._meta.get_fields() if getattr(f, "editable", False)}
    assert not fields & {"rank", "unit", "status", "appointed_on"}


def test_only_the_personnel_officer_decides(actor_of):
    officer = _officer("11872")
    for role in ("t1", "inspector", "tripoli.room", "investigator"):
        with pytest.raises(PermissionDenied):
            _decide(actor_of(role), officer, "suspension")


def test_peer_sites_officer_cannot_be_decided_here(actor_of):
    with pytest.raises(NotFound):
        _decide(actor_of("personnel"), _officer("30115"), "suspension")


def test_directorate_operator_sees_only_his_directorate(actor_of):
    seen = set(services.list_officers(actor_of("tripoli.room"), {}).values_list("service_number", flat=True))
    assert "10234" in seen and "07415" not in seen and "30115" not in seen
    assert services.list_officers(actor_of("inspector"), {}).filter(service_number="30115").exists()


def test_list_filters(actor_of):
    actor = actor_of("personnel")
    assert [o.service_number for o in services.list_officers(actor, {"q": "١٠٢"})] == ["10234"]
    assert {o.service_number for o in services.list_officers(actor, {"status": "suspended"})} == {"07415", "10977"}
    assert {o.service_number for o in services.list_officers(actor, {"q": "الزنتاني"})} == {"09561"}
    assert {o.service_number for o in services.list_officers(actor, {"rank": "major"})} == {"09561"}


# --- pages --------------------------------------------------------------------------------------


def test_list_and_detail_pages(client_of):
    client = client_of("personnel")
    page = client.get(reverse("officers:list"), {"status": "suspended"})
    assert page.status_code == 200
    assert "الككلي" in page.content.decode() and "الشتيوي" not in page.content.decode()
    officer = _officer("09561")
    url = reverse("officers:detail", args=[officer.pk])
    assert "purpose" in client.get(url).content.decode()
    page = client.get(url, {"purpose": "مراجعة ملف"})
    html = page.content.decode()
    assert page.status_code == 200 and "<svg" in html and officer.badge_token in html
    assert "قانون هيئة الشرطة رقم 10 لسنة 1992" in html and "498/2017" in html
    assert AuditEntry.objects.filter(action="officer.read", object_id=str(officer.pk), purpose="مراجعة ملف").exists()


def test_decision_form_refuses_demotion_with_a_clear_error(client_of):
    officer = _officer("09561")
    url = reverse("officers:decision_create", args=[officer.pk])
    data = {"kind": "promotion", "number": "٥/٢٠٢٦", "dated": "١٠/٠١/٢٠٢٦", "new_rank": "captain", **LAW}
    page = client_of("personnel").post(url, data)
    assert page.status_code == 200
    assert "أعلى" in page.content.decode()
    officer.refresh_from_db()
    assert officer.rank == "major"
    data["new_rank"] = "lieutenant_colonel"
    page = client_of("personnel").post(url, data)
    assert page.status_code == 302
    officer.refresh_from_db()
    assert officer.rank == "lieutenant_colonel"


def test_create_page(client_of):
    person = Person.objects.filter(first_name="نوري", family_name="بوسهمين").first()
    data = {
        "person": str(person.pk), "service_number": "٧٧٨٨٩", "rank": "second_lieutenant",
        "unit": str(_unit("tripoli-hq").pk), "number": "١٢/٢٠٢٦", "dated": "٠٣/٠١/٢٠٢٦", **LAW,
    }  # fmt: skip
    page = client_of("personnel").post(reverse("officers:create"), data)
    assert page.status_code == 302, page.content.decode()[:2000]
    assert Officer.objects.filter(service_number="77889", person=person).exists()


def test_reissued_badge_code_replaces_the_old(client_of):
    officer = _officer("10234")
    old = officer.badge_token
    client_of("personnel").post(reverse("officers:reissue_badge", args=[officer.pk]), {"version": officer.version})
    officer.refresh_from_db()
    assert officer.badge_token != old
    assert client_of("personnel").get(reverse("officers:badge_token", args=[old])).context["not_found"]


# --- API ------------------------------------------------------------------------------------------


def test_api_list_detail_and_decisions(user_of):
    api = ApiClient(user_of("personnel"))
    rows = api.call("GET", "/officers?status=dismissed").json()["items"]
    assert [r["service_number"] for r in rows] == ["12690"]
    officer = _officer("09561")
    body = api.call("GET", f"/officers/{officer.pk}?purpose=review").json()
    assert [d["kind"] for d in body["decisions"]][:2] == ["appointment", "promotion"]
    assert body["full_name"].startswith("عادل") and len(body["postings"]) == 2
    payload = {"kind": "promotion", "number": "٧/٢٠٢٦", "dated": "2026-01-15", "new_rank": "captain", **LAW}
    response = api.call("POST", f"/officers/{officer.pk}/decisions", payload)
    assert response.status_code == 422 and "new_rank" in response.json()["details"]
    payload["new_rank"] = "lieutenant_colonel"
    response = api.call("POST", f"/officers/{officer.pk}/decisions", payload)
    assert response.status_code == 201 and response.json()["number"] == "7/2026"
    denied = ApiClient(user_of("inspector")).call("POST", f"/officers/{officer.pk}/decisions", payload)
    assert denied.status_code == 403
