"""Warrants: who may issue, amend, cancel and execute; states derived; pages and API."""

import datetime as dt
from typing import Any

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from sijill.accounts.models import Role, User
from sijill.audit.models import AuditEntry
from sijill.core.actor import Actor
from sijill.core.errors import NotFound, PermissionDenied, ValidationFailed
from sijill.custody.models import Arrest, Basis
from sijill.demo.loader import demo_uuid
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.warrants import services
from sijill.warrants.demo import person_id, warrant_id
from sijill.warrants.models import Warrant, WarrantExecution
from sijill.warrants.states import WarrantState
from tests.helpers import ApiClient

pytestmark = pytest.mark.django_db

ACTIVE = warrant_id("tripoli-prosecution", "1/2026")
EXPIRED = warrant_id("tripoli-prosecution", "3/2026")
CANCELLED = warrant_id("tripoli-prosecution", "4/2026")
EXECUTED = warrant_id("tripoli-prosecution", "5/2026")
MISRATA = warrant_id("misrata-prosecution", "9/2026")
BENGHAZI = warrant_id("benghazi-prosecution", "7/2026")
STATION = demo_uuid("unit", "tripoli-station-1")


def _person() -> Person:
    return Person.objects.get(pk=person_id("خالد", "عبد الحكيم", "مصطفى", "الككلي", 1987))


def _issue(actor: Actor, number: str = "٢١/٢٠٢٦", **extra) -> Warrant:
    fields: dict[str, Any] = {"person_id": _person().pk, "order_number": number, "kind": "arrest",
              "legal_article": "قانون العقوبات، المادة 446", "grounds": "سرقة بالإكراه"} | extra  # fmt: skip
    return services.do_issue_warrant(actor, **fields)


@pytest.fixture
def misrata_prosecutor(demo) -> User:
    user = User(username="misrata.prosecutor", role=Role.PROSECUTOR, unit=Unit.objects.get(code="misrata-prosecution"),
                full_name_ar="سالم علي الشركسي", is_demo_account=True)  # fmt: skip
    user.set_password("x-Unused-Password-1")
    user.save()
    return user


# --- states from the demo ---------------------------------------------------------------------


def test_demo_states_are_derived(demo):
    states = {w.pk: w.state() for w in Warrant.objects.all()}
    assert states[ACTIVE] is WarrantState.ACTIVE
    assert states[EXPIRED] is WarrantState.EXPIRED  # no job ran
    assert states[CANCELLED] is WarrantState.CANCELLED
    assert states[EXECUTED] is WarrantState.EXECUTED
    annotated = dict(Warrant.objects.with_state(timezone.localdate()).values_list("pk", "state_code"))
    assert {k: WarrantState(v) for k, v in annotated.items()} == states


# --- issuing ----------------------------------------------------------------------------------


def test_prosecutor_issues_for_own_office_with_arabic_digits(actor_of):
    warrant = _issue(actor_of("prosecutor"))
    assert warrant.order_number == "21/2026"
    assert warrant.office.code == "tripoli-prosecution"
    assert warrant.state() is WarrantState.ACTIVE
    assert AuditEntry.objects.filter(action="warrant.issue", object_id=str(warrant.pk)).exists()


def test_order_number_unique_per_office(actor_of, misrata_prosecutor):
    _issue(actor_of("prosecutor"), "7/2026")
    with pytest.raises(ValidationFailed) as info:
        _issue(actor_of("prosecutor"), "7/2026")
    assert "order_number" in info.value.details
    _issue(Actor.from_user(misrata_prosecutor), "7/2026")  # another office may use the number


def test_expiry_before_issue_refused(actor_of):
    with pytest.raises(ValidationFailed) as info:
        _issue(
            actor_of("prosecutor"), issued_on=timezone.localdate(), expires_on=timezone.localdate() - dt.timedelta(1)
        )
    assert "expires_on" in info.value.details


@pytest.mark.parametrize("role", ["clerk", "investigator", "t1", "tripoli.room", "checkpoint", "admin"])
def test_only_a_prosecutor_issues(role, actor_of):
    with pytest.raises(PermissionDenied):
        _issue(actor_of(role))


def test_records_clerk_gets_403_on_page_and_api(client_of, user_of):
    assert client_of("clerk").get(reverse("warrants:create")).status_code == 403
    body = {"person_id": str(_person().pk), "order_number": "1", "kind": "arrest", "legal_article": "م 1"}
    response = ApiClient(user_of("clerk")).call("POST", "/warrants", body)
    assert response.status_code == 403 and response.json()["code"] == "permission_denied"
    assert not Warrant.objects.filter(order_number="1").exists()


# --- scope of the prosecution ------------------------------------------------------------------


def test_prosecutor_sees_own_office_only(client_of, user_of, misrata_prosecutor):
    tripoli = client_of("prosecutor")
    shown = {w.pk for w in tripoli.get(reverse("warrants:list")).context["page"].object_list}
    assert ACTIVE in shown and MISRATA not in shown
    assert tripoli.get(reverse("warrants:detail", args=[ACTIVE]) + "?purpose=قضية 12").status_code == 200
    assert tripoli.get(reverse("warrants:detail", args=[MISRATA]) + "?purpose=قضية 12").status_code == 404
    assert tripoli.get(reverse("warrants:amend", args=[MISRATA])).status_code == 404
    api = ApiClient(user_of("prosecutor"))
    assert api.call("GET", f"/warrants/{MISRATA}?purpose=test").status_code == 404
    ids = {row["id"] for row in api.call("GET", "/warrants?limit=500").json()["items"]}
    assert str(ACTIVE) in ids and str(MISRATA) not in ids and str(BENGHAZI) not in ids
    with pytest.raises(NotFound):
        services.do_cancel_warrant(Actor.from_user(misrata_prosecutor), ACTIVE, reason="ليس من اختصاصه")


def test_prosecution_sees_executions_of_its_warrants(client_of):
    page = client_of("prosecutor").get(reverse("warrants:detail", args=[EXECUTED]) + "?purpose=متابعة")
    text = page.content.decode()
    assert "منطقة سوق الجمعة" in text and "فرع البحث الجنائي طرابلس" in text


def test_detail_asks_for_a_purpose_and_audits_it(client_of):
    client = client_of("investigator")
    assert b'name="purpose"' in client.get(reverse("warrants:detail", args=[ACTIVE])).content
    client.get(reverse("warrants:detail", args=[ACTIVE]) + "?purpose=قضية 44/2026")
    assert AuditEntry.objects.filter(action="warrant.read", object_id=str(ACTIVE), purpose="قضية 44/2026").exists()


# --- amend and cancel --------------------------------------------------------------------------


def test_amend_makes_a_new_audited_version_and_stale_edit_is_409(actor_of, user_of):
    actor = actor_of("prosecutor")
    warrant = Warrant.objects.get(pk=ACTIVE)
    amended = services.do_amend_warrant(actor, ACTIVE, expected_version=warrant.version, legal_article="المادة 447")
    assert amended.version == warrant.version + 1
    entry = AuditEntry.objects.get(action="warrant.amend", object_id=str(ACTIVE))
    assert entry.before["legal_article"] != entry.after["legal_article"] == "المادة 447"
    response = ApiClient(user_of("prosecutor")).call(
        "PATCH", f"/warrants/{ACTIVE}", {"version": warrant.version, "grounds": "قديم"}
    )
    assert response.status_code == 409


def test_cancel_needs_a_reason_and_then_refuses_everything(actor_of):
    actor = actor_of("prosecutor")
    with pytest.raises(ValidationFailed):
        services.do_cancel_warrant(actor, ACTIVE, reason=" ")
    services.do_cancel_warrant(actor, ACTIVE, reason="تنازل المجني عليه")
    assert Warrant.objects.get(pk=ACTIVE).state() is WarrantState.CANCELLED
    with pytest.raises(services.IllegalWarrantTransition) as info:
        services.do_cancel_warrant(actor, ACTIVE, reason="مرة أخرى")
    assert info.value.status == 409
    with pytest.raises(services.IllegalWarrantTransition):
        services.do_execute_warrant(actor_of("checkpoint"), ACTIVE, place="طرابلس", detention_place_id=STATION)


@pytest.mark.parametrize("wid", [EXPIRED, CANCELLED, EXECUTED])
def test_inactive_warrants_cannot_be_executed_or_amended(wid, actor_of, user_of):
    with pytest.raises(services.IllegalWarrantTransition):
        services.do_execute_warrant(actor_of("checkpoint"), wid, place="طرابلس", detention_place_id=STATION)
    with pytest.raises(services.IllegalWarrantTransition):
        services.do_amend_warrant(actor_of("prosecutor"), wid, expected_version=None, grounds="x")
    response = ApiClient(user_of("t1")).call(
        "POST", f"/warrants/{wid}/executions", {"place": "طرابلس", "detention_place_id": str(STATION)}
    )
    assert response.status_code == 409 and response.json()["code"] == "illegal_transition"


# --- execution ---------------------------------------------------------------------------------


def test_execution_of_an_arrest_warrant_opens_the_custody_record(actor_of):
    result = services.do_execute_warrant(
        actor_of("checkpoint"), ACTIVE, place="بوابة الكريمية", detention_place_id=STATION
    )
    arrest = result.arrest
    assert arrest is not None and arrest.basis == Basis.WARRANT and arrest.warrant_id == ACTIVE
    assert arrest.detention_place_id == STATION and arrest.unit.code == "tripoli-checkpoint-1"
    assert arrest.officer_name == "هائل عبد السلام القرين"
    assert Warrant.objects.get(pk=ACTIVE).state() is WarrantState.EXECUTED
    with pytest.raises(services.IllegalWarrantTransition):
        services.do_execute_warrant(actor_of("investigator"), ACTIVE, place="x", detention_place_id=STATION)


def test_execution_without_detention_place_writes_nothing(actor_of):
    with pytest.raises(ValidationFailed):
        services.do_execute_warrant(actor_of("checkpoint"), ACTIVE, place="بوابة الكريمية")
    assert not WarrantExecution.objects.filter(warrant_id=ACTIVE).exists()
    assert not Arrest.objects.filter(warrant_id=ACTIVE).exists()


def test_another_site_executes_with_a_row_of_its_own(actor_of, client_of):
    """A Benghazi warrant executed in Tripoli: the execution is Tripoli's row; Benghazi's is untouched."""
    benghazi = Warrant.objects.get(pk=BENGHAZI)
    assert benghazi.origin_site == "BEN"
    result = services.do_execute_warrant(actor_of("checkpoint"), BENGHAZI, place="بوابة الكريمية",
                                         detention_place_id=STATION)  # fmt: skip
    assert result.execution.origin_site == "TRP" and result.arrest.origin_site == "TRP"
    benghazi.refresh_from_db()
    assert benghazi.version == 1 and benghazi.state() is WarrantState.EXECUTED


def test_clerk_cannot_execute(client_of):
    assert client_of("clerk").get(reverse("warrants:execute", args=[ACTIVE])).status_code == 403


def test_execute_page_records_and_redirects(client_of):
    response = client_of("investigator").post(
        reverse("warrants:execute", args=[ACTIVE]),
        {"place": "حي الأندلس", "executed_at": timezone.localtime().strftime("%Y-%m-%dT%H:%M"),
         "detention_place": str(STATION), "crime_category": "ordinary"},
    )  # fmt: skip
    assert response.status_code == 302 and "/custody/" in response["Location"]


# --- pages and CLI -----------------------------------------------------------------------------


def test_issue_page(client_of):
    client = client_of("prosecutor")
    bad = client.post(reverse("warrants:create"), {"person": "999999999999", "order_number": "1", "kind": "arrest",
                                                   "legal_article": "م", "issued_on": "01/03/2026"})  # fmt: skip
    assert bad.status_code == 200 and "لا يوجد شخص بهذا الرقم الوطني" in bad.content.decode()
    assert not Warrant.objects.filter(order_number="1").exists()
    ok = client.post(reverse("warrants:create"), {
        "person": str(_person().pk), "order_number": "٣٣/٢٠٢٦", "kind": "bring",
        "legal_article": "قانون العقوبات، المادة 381", "issued_on": "٠١/٠٣/٢٠٢٦", "expires_on": "01/06/2026",
    })  # fmt: skip
    assert ok.status_code == 302
    assert Warrant.objects.get(order_number="33/2026").issued_on == dt.date(2026, 3, 1)


def test_list_filters_by_state(client_of):
    response = client_of("t1").get(reverse("warrants:list") + "?state=expired")
    shown = {w.pk for w in response.context["page"].object_list}
    assert EXPIRED in shown and ACTIVE not in shown


def test_expire_command_records_expiries(demo):
    call_command("warrants", "expire")
    warrant = Warrant.objects.get(pk=EXPIRED)
    assert warrant.expiry_recorded_at is not None
    assert AuditEntry.objects.filter(action="warrant.expire", object_id=str(EXPIRED)).count() == 1
    call_command("warrants", "expire")  # idempotent
    assert AuditEntry.objects.filter(action="warrant.expire", object_id=str(EXPIRED)).count() == 1
    assert Warrant.objects.get(pk=ACTIVE).expiry_recorded_at is None
