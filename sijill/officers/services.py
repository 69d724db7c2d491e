"""Every write of officers is one function here: it checks, writes and audits in one transaction.

Rank, unit and status change only in ``do_record_decision`` (and in the appointment that creates
the officer), after ``rules.check`` has found the decision lawful; each change is audited with the
decision that made it, so it can be reviewed against the law.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.models import AuditKind
from sijill.audit.services import record_event, record_read, record_write, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import NotFound, ValidationFailed
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, given_filters, save_edit
from sijill.names import normalize
from sijill.officers import rules
from sijill.officers.models import Officer, OfficerDecision, OfficerPosting, new_badge_token
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference

SERVICE_NUMBER = re.compile(r"^\d{3,12}$")

REFUSALS: dict[str, Any] = {
    "unknown_kind": gettext_lazy("Unknown kind of decision."),
    "future_date": gettext_lazy("A decision cannot be dated in the future."),
    "already_appointed": gettext_lazy("This officer is already appointed; an appointment is recorded once."),
    "not_appointed": gettext_lazy("The officer has no appointment decision."),
    "rank_required": gettext_lazy("This decision must state the rank."),
    "unit_required": gettext_lazy("This decision must state the unit."),
    "before_appointment": gettext_lazy("A decision cannot be dated before the officer's appointment."),
    "before_last_decision": gettext_lazy("A decision cannot be dated before the officer's latest decision."),
    "service_ended": gettext_lazy("The officer's service has ended (retired or dismissed); no decision applies."),
    "not_higher": gettext_lazy("A promotion must be to a higher rank than the present one."),
    "rank_only_by_promotion": gettext_lazy("Only a promotion changes the rank."),
    "same_unit": gettext_lazy("A transfer must be to another unit."),
    "unit_only_by_transfer": gettext_lazy("Only a transfer (or an appointment) changes the unit."),
}
NOT_FROM: dict[str, Any] = {
    "suspended": gettext_lazy("A suspended officer can only be reinstated, retired or dismissed."),
    "active": gettext_lazy("This decision applies only to a suspended officer."),
}


def normalize_service_number(value: str) -> str:
    """ASCII digits without spaces or dashes (badges and registers print them either way)."""
    return re.sub(r"[\s\-/]", "", to_ascii_digits(value or ""))


def _refusal(exc: rules.Refused) -> ValidationFailed:
    message = REFUSALS.get(exc.code)
    if message is None:
        status = exc.code.rsplit("_from_", 1)[-1]
        message = NOT_FROM.get(status, REFUSALS["service_ended"])
    field = {"dated": "dated", "new_rank": "new_rank", "new_unit": "new_unit"}.get(exc.field, "kind")
    return ValidationFailed(str(message), details={field: [str(message)]})


def _decision_fields(fields: dict[str, Any]) -> dict[str, Any]:
    missing = {}
    for name in ("number", "authority", "law", "article"):
        value = str(fields.get(name) or "").strip()
        fields[name] = to_ascii_digits(value) if name == "number" else value
        if not fields[name]:
            missing[name] = [_("This field is required.")]
    if not isinstance(fields.get("dated"), dt.date):
        missing["dated"] = [_("This field is required.")]
    if missing:
        raise ValidationFailed(details=missing)
    return fields


def _unit(unit_id: Any) -> Unit | None:
    if unit_id in (None, ""):
        return None
    if isinstance(unit_id, Unit):
        return unit_id
    try:
        return Unit.objects.get(pk=unit_id)
    except (Unit.DoesNotExist, ValueError, TypeError) as exc:
        raise ValidationFailed(details={"new_unit": [_("Unknown unit.")]}) from exc


def _state(officer: Officer) -> rules.OfficerState:
    last = officer.decisions.order_by("-dated").values_list("dated", flat=True).first()
    return rules.OfficerState(
        status=officer.status, rank=officer.rank, unit_id=officer.unit_id, appointed_on=officer.appointed_on,
        last_decision_on=last or officer.appointed_on,
    )  # fmt: skip


def _open_posting(officer: Officer, decision: OfficerDecision, actor: Actor) -> None:
    posting = OfficerPosting(
        id=uuid.uuid5(decision.id, "posting"), officer=officer, unit_id=officer.unit_id,
        started_on=decision.dated, decision=decision,
    )  # fmt: skip
    create_record(posting, actor)


def _close_posting(officer: Officer, on: dt.date, actor: Actor) -> None:
    for posting in officer.postings.filter(ended_on__isnull=True):
        posting.ended_on = on
        save_edit(posting, actor, posting.version)


def do_appoint_officer(
    actor: Actor, *, person: Any, service_number: str, rank: str, unit: Any, record_id: uuid.UUID | None = None,
    **decision: Any,
) -> Officer:  # fmt: skip
    """Create an officer by recording the appointment decision (its rank, unit and date).

    ``person`` is a national number or a person's record id: personnel officers do not search or
    read persons; they learn only whether the reference names someone (persons.services).
    """
    actor.scope("officer.manage")
    person_obj = resolve_person_reference(actor, person, for_action="officer.manage", purpose="officer appointment")
    return _appoint_officer(actor, person_obj, service_number=service_number, rank=rank, unit=unit,
                            record_id=record_id, **decision)  # fmt: skip


@transaction.atomic
def _appoint_officer(
    actor: Actor, person_obj: Person, *, service_number: str, rank: str, unit: Any, record_id: uuid.UUID | None,
    **decision: Any,
) -> Officer:  # fmt: skip
    number = normalize_service_number(service_number)
    if not SERVICE_NUMBER.fullmatch(number):
        raise ValidationFailed(details={"service_number": [_("A service number has 3 to 12 digits.")]})
    if Officer.objects.filter(service_number=number).exists():
        raise ValidationFailed(details={"service_number": [_("An officer with this service number exists.")]})
    fields = _decision_fields(dict(decision))
    unit_obj = _unit(unit)
    try:
        effect = rules.check(
            None, rules.Decision("appointment", fields["dated"], rank or "", unit_obj.pk if unit_obj else None),
            timezone.localdate(),
        )  # fmt: skip
    except rules.Refused as exc:
        raise _refusal(exc) from exc
    officer = Officer(
        service_number=number, person=person_obj, rank=effect.rank, unit=unit_obj, status=effect.status,
        appointed_on=fields["dated"],
    )  # fmt: skip
    if record_id:
        officer.id = record_id
    create_record(officer, actor)
    record_write(actor, "officer.appoint", officer)
    _write_decision(actor, officer, "appointment", fields, effect, rank=effect.rank, unit=unit_obj)
    return officer


def _write_decision(
    actor: Actor, officer: Officer, kind: str, fields: dict[str, Any], effect: rules.Effect, *, rank: str = "",
    unit: Unit | None = None,
) -> OfficerDecision:  # fmt: skip
    decision = OfficerDecision(
        officer=officer, kind=kind, number=fields["number"], dated=fields["dated"], authority=fields["authority"],
        law=fields["law"], article=fields["article"], notes=str(fields.get("notes") or "").strip(),
        new_rank=rank, new_unit=unit, new_status=effect.status,
    )  # fmt: skip
    if fields.get("decision_id"):  # fixed ids of the demo
        decision.id = fields["decision_id"]
    create_record(decision, actor)
    record_write(actor, f"officer.decision.{kind}", decision)
    if effect.unit_changed and kind != "appointment":
        _close_posting(officer, decision.dated, actor)
    if effect.unit_changed:
        _open_posting(officer, decision, actor)
    if effect.ends_service:
        _close_posting(officer, decision.dated, actor)
    return decision


@transaction.atomic
def do_record_decision(
    actor: Actor, officer_id: uuid.UUID, *, kind: str, new_rank: str = "", new_unit: Any = None, **decision: Any
) -> OfficerDecision:
    """Record a decision and apply it: the only way an officer's rank, unit or status changes."""
    officer = get_visible(Officer.objects.select_for_update(), actor, "officer.manage", officer_id)
    fields = _decision_fields(dict(decision))
    unit_obj = _unit(new_unit)
    try:
        effect = rules.check(
            _state(officer),
            rules.Decision(kind, fields["dated"], new_rank or "", unit_obj.pk if unit_obj else None),
            timezone.localdate(),
        )
    except rules.Refused as exc:
        raise _refusal(exc) from exc
    before = snapshot(officer)
    officer.rank, officer.unit_id, officer.status = effect.rank, effect.unit_id, effect.status
    save_edit(officer, actor, officer.version)
    record_write(actor, f"officer.{kind}", officer, before=before)
    return _write_decision(actor, officer, kind, fields, effect, rank=new_rank or "", unit=unit_obj)


@transaction.atomic
def do_reissue_badge(actor: Actor, officer_id: uuid.UUID, *, expected_version: int | None) -> Officer:
    """A new badge token (a lost or stolen badge): the old QR code stops answering."""
    officer = get_visible(Officer.objects.select_for_update(), actor, "officer.manage", officer_id)
    before = snapshot(officer)
    officer.badge_token = new_badge_token()
    save_edit(officer, actor, expected_version)
    record_write(actor, "officer.badge_reissue", officer, before=before)
    return officer


# --- reads ------------------------------------------------------------------------------------


def list_officers(actor: Actor, filters: dict[str, Any]) -> QuerySet[Officer]:
    """Officers in the actor's scope, filtered by rank, unit, status and name or service number."""
    qs = visible(Officer.objects.select_related("person", "unit"), actor, "officer.view")
    if filters.get("rank"):
        qs = qs.filter(rank=filters["rank"])
    if filters.get("unit"):
        qs = qs.filter(unit_id=getattr(filters["unit"], "pk", filters["unit"]))
    if filters.get("status"):
        qs = qs.filter(status=filters["status"])
    text = (filters.get("q") or "").strip()
    if text:
        number = normalize_service_number(text)
        if number.isdigit():
            qs = qs.filter(service_number__startswith=number)
        else:
            qs = qs.filter(person__name_normalized__contains=normalize(text))
    return qs


@transaction.atomic
def browse_officers(actor: Actor, filters: dict[str, Any]) -> QuerySet[Officer]:
    """The officers list (names, ranks, units): the look-up and its filters go to the audit log."""
    qs = list_officers(actor, filters)
    record_read(actor, "officer.list", purpose="officer list", filters=given_filters(filters))
    return qs


@transaction.atomic
def read_officer(actor: Actor, officer_id: uuid.UUID, *, purpose: str) -> Officer:
    """An officer's file (decisions, postings); the read and its purpose are audited."""
    officer = get_visible(Officer.objects.select_related("person", "unit"), actor, "officer.view", officer_id)
    record_read(actor, "officer.read", officer, purpose=purpose)
    return officer


# --- the public badge check -------------------------------------------------------------------


@dataclass(frozen=True)
class BadgeAnswer:
    """The whole answer of the public check: four facts, nothing else."""

    name: str
    rank: str
    unit: str
    active: bool


def _answer(officer: Officer) -> BadgeAnswer:
    return BadgeAnswer(
        name=officer.person.full_name, rank=str(officer.get_rank_display()), unit=officer.unit.name,
        active=officer.is_active,
    )  # fmt: skip


def _family_core(text: str) -> str:
    """A family name as compared on the badge: normalised, without spaces or a leading ال."""
    core = normalize(text or "").replace(" ", "")
    return core[2:] if core.startswith("ال") and len(core) > 3 else core


def check_badge(*, service_number: str = "", family_name: str = "", token: str = "", client: str = "") -> BadgeAnswer:
    """Answer a citizen's badge check; NotFound when none matches.

    A typed check needs the service number and the family name printed on the badge: service
    numbers are short and guessable, so a number alone would let anyone list a unit's officers.
    The QR code's token is unguessable and enough on its own. A wrong family name gets the same
    answer as an unknown number. Audited under the system actor (the citizen is anonymous) with the
    client's address, so that a pattern of checks can be reviewed.
    """
    qs = Officer.objects.select_related("person", "unit")
    officer: Officer | None = None
    asked: dict[str, str] = {}
    if token:
        asked["by"] = "token"
        officer = qs.filter(badge_token=token[:64]).first()
    else:
        number = normalize_service_number(service_number)
        errors: dict[str, list[str]] = {}
        if not SERVICE_NUMBER.fullmatch(number):
            errors["service_number"] = [_("A service number has 3 to 12 digits.")]
        if not _family_core(family_name):
            errors["family_name"] = [_("Type the family name printed on the badge.")]
        if errors:
            raise ValidationFailed(details=errors)
        asked = {"by": "service_number", "service_number": number}
        officer = qs.filter(service_number=number).first()
        if officer is not None and _family_core(family_name) != _family_core(officer.person.family_name):
            officer = None
    record_event(
        Actor.system("badge-check"), "officer.badge_check", kind=AuditKind.READ, client=client[:64],
        found=officer is not None, object_type="officers.officer",
        object_id=str(officer.pk) if officer else "", **asked,
    )  # fmt: skip
    if officer is None:
        raise NotFound(_("No officer with this number."))
    return _answer(officer)


def badge_ceiling_reached() -> None:
    """The one audit alert of a window in which all addresses together passed the badge checks' ceiling."""
    record_event(
        Actor.system("badge-check"), "officer.badge_check_ceiling", kind=AuditKind.AUTH,
        ceiling=str(settings.SIJILL_BADGE_CHECK_CEILING),
    )  # fmt: skip


def get_managed(actor: Actor, officer_id: uuid.UUID) -> Officer:
    """The officer a personnel officer is about to decide on (404 outside scope)."""
    return get_visible(Officer.objects.select_related("person", "unit"), actor, "officer.manage", officer_id)


TOO_MANY = gettext_lazy("Too many checks from this address. Please wait a few minutes and try again.")
