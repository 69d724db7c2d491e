"""Every write of arrests and custody is one function here: it checks, writes and audits in one transaction.

Also the reads that need the legal deadlines (a custody's status, the overdue list) and the public
custody check, which answers a family's question and nothing more.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.models import AuditKind
from sijill.audit.services import record_event, record_read, record_write
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import Conflict, PermissionDenied, ValidationFailed
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record
from sijill.custody import deadlines as dl
from sijill.custody import states
from sijill.custody.models import STATE_LABELS, Arrest, Basis, CrimeCategory, CustodyEvent
from sijill.custody.states import CustodyState, EventKind
from sijill.names import normalize
from sijill.organisation.models import Unit, UnitKind
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference

# --- rules --------------------------------------------------------------------------------------

RULE_LABELS: dict[str, Any] = {
    "ccp_26_referral": gettext_lazy("Brought before the prosecution within 48 hours (CCP art. 26)"),
    "law_3_2013_referral": gettext_lazy(
        "Crime against the state: brought before the prosecution within 7 days (Law No. 3 of 2013)"
    ),
    "law_3_2013_questioning": gettext_lazy("Questioning within 3 days (Law No. 3 of 2013)"),
    "detention_order_validity": gettext_lazy("Detention order valid 14 days unless a judge extends it"),
}


def rule_label(rule: dl.Rule) -> str:
    label = RULE_LABELS.get(rule.code)
    return str(label) if label is not None else f"{rule.code} ({rule.reference})"


@cache
def _rules_for(key: str) -> tuple[dl.Rule, ...]:
    return dl.with_overrides(settings.SIJILL_CUSTODY_RULES)


def rules() -> tuple[dl.Rule, ...]:
    """The deadline rules in force: the defaults with this site's overrides from settings."""
    return _rules_for(repr(settings.SIJILL_CUSTODY_RULES))


def _rule(code: str) -> dl.Rule | None:
    return next((r for r in rules() if r.code == code), None)


# --- status -------------------------------------------------------------------------------------


@dataclass
class CustodyStatus:
    state: CustodyState
    place: Unit
    deadlines: list[dl.Deadline]
    next: dl.Deadline | None
    overdue: list[tuple[dl.Deadline, dt.timedelta]] = field(default_factory=list)

    @property
    def is_overdue(self) -> bool:
        return bool(self.overdue)

    @property
    def label(self) -> Any:
        return STATE_LABELS[self.state]


def _events(arrest: Arrest) -> list[CustodyEvent]:
    return sorted(arrest.events.all(), key=lambda e: (e.occurred_at, e.created_at))


def current_place(arrest: Arrest, events: list[CustodyEvent] | None = None) -> Unit:
    """Where the person is held now: the last transfer's destination, else the first place."""
    events = _events(arrest) if events is None else events
    place = arrest.detention_place
    for event in events:
        if event.kind == EventKind.TRANSFER and event.to_place is not None:
            place = event.to_place
    return place


def status_of(arrest: Arrest, now: dt.datetime | None = None) -> CustodyStatus:
    now = now or timezone.now()
    events = _events(arrest)
    facts = [e.fact() for e in events]
    state = states.state_of(facts)
    found = dl.deadlines(arrest.arrested_at, arrest.crime_category, facts, rules())
    late = dl.overdue(found, now) if state is not CustodyState.RELEASED else []
    return CustodyStatus(state, current_place(arrest, events), found, dl.next_deadline(found), late)


# --- writes -------------------------------------------------------------------------------------

_REFUSALS = {
    "after_release": gettext_lazy("The person has been released: no event can follow the release."),
    "before_arrest": gettext_lazy("The event cannot be before the arrest."),
    "release_before_last_event": gettext_lazy("The release cannot be before the last recorded event."),
    "already_referred": gettext_lazy("The person has already been brought before the prosecution."),
    "order_without_referral": gettext_lazy(
        "A detention order needs the person to have been brought before the prosecution first."
    ),
    "order_exists": gettext_lazy("A detention order already exists; a judge may extend it."),
    "extension_without_order": gettext_lazy("Only a detention order can be extended."),
    "extension_not_later": gettext_lazy("The extension must end later than the current order."),
    "order_end_invalid": gettext_lazy("The order must end after it is given."),
}


class IllegalCustodyTransition(Conflict):
    code = "illegal_transition"


def _user_name(actor: Actor) -> str:
    from sijill.accounts.models import User

    user = User.objects.filter(pk=actor.user_id).first() if actor.user_id else None
    return user.display_name if user else actor.username


def _unit(unit_id: Any, field_name: str, *, kind: str | None = None) -> Unit:
    try:
        unit = Unit.objects.get(pk=unit_id, active=True)
    except (Unit.DoesNotExist, ValueError, TypeError, DjangoValidationError) as exc:
        raise ValidationFailed(details={field_name: [_("Choose a unit.")]}) from exc
    if kind is not None and unit.kind != kind:
        raise ValidationFailed(details={field_name: [_("Choose an office of the public prosecution.")]})
    return unit


def _not_future(when: dt.datetime, field_name: str) -> None:
    if when > timezone.now() + dt.timedelta(minutes=5):
        raise ValidationFailed(details={field_name: [_("The time cannot be in the future.")]})


def _create_arrest(actor: Actor, arrest: Arrest) -> Arrest:
    if arrest.crime_category not in CrimeCategory.values:
        raise ValidationFailed(details={"crime_category": [_("Choose the crime category.")]})
    _not_future(arrest.arrested_at, "arrested_at")
    arrest.officer = actor.user_id
    arrest.officer_name = _user_name(actor)
    create_record(arrest, actor)
    record_write(actor, "custody.arrest", arrest)
    return arrest


def do_record_arrest(
    actor: Actor,
    *,
    person_id: Any,
    arrested_at: dt.datetime,
    place: str,
    basis: str,
    crime_category: str,
    detention_place_id: Any,
    warrant_id: Any = None,
    prosecution_office_id: Any = None,
    prosecution_notified_at: dt.datetime | None = None,
    notes: str = "",
) -> Arrest:
    """An arrest recorded by the acting officer's unit.

    On a warrant, the arrest is the warrant's execution (recorded with it; the person is the
    warrant's); caught in the act, the person is the one ``person_id`` names (record id or national
    number), and the prosecution office notified and when are required.
    """
    actor.scope("custody.manage")
    if actor.unit_id is None:
        raise PermissionDenied(_("Only a member of a unit can record an arrest."))
    person = None
    if basis == Basis.FLAGRANTE:
        person = resolve_person_reference(actor, person_id, for_action="custody.manage", purpose="arrest record")
    return _record_arrest(
        actor, person, arrested_at=arrested_at, place=place, basis=basis, crime_category=crime_category,
        detention_place_id=detention_place_id, warrant_id=warrant_id, prosecution_office_id=prosecution_office_id,
        prosecution_notified_at=prosecution_notified_at, notes=notes,
    )  # fmt: skip


@transaction.atomic
def _record_arrest(
    actor: Actor, person: Person | None, *, arrested_at: dt.datetime, place: str, basis: str, crime_category: str,
    detention_place_id: Any, warrant_id: Any, prosecution_office_id: Any, prosecution_notified_at: dt.datetime | None,
    notes: str,
) -> Arrest:  # fmt: skip
    if basis == Basis.WARRANT:
        if not warrant_id:
            raise ValidationFailed(details={"warrant": [_("Name the warrant.")]})
        from sijill.warrants.services import do_execute_warrant

        result = do_execute_warrant(
            actor, warrant_id, place=place, executed_at=arrested_at, notes=notes,
            detention_place_id=detention_place_id, crime_category=crime_category,
        )  # fmt: skip
        if result.arrest is None:
            raise ValidationFailed(details={"warrant": [_("This warrant does not order an arrest.")]})
        arrest: Arrest = result.arrest
        return arrest
    if basis != Basis.FLAGRANTE:
        raise ValidationFailed(details={"basis": [_("Choose the legal basis.")]})
    errors: dict[str, list[str]] = {}
    if not prosecution_office_id:
        errors["prosecution_office"] = [_("Caught in the act: name the prosecution office notified.")]
    if prosecution_notified_at is None:
        errors["prosecution_notified_at"] = [_("Caught in the act: state when the prosecution was notified.")]
    elif prosecution_notified_at < arrested_at:
        errors["prosecution_notified_at"] = [_("The prosecution cannot be notified before the arrest.")]
    if not (place or "").strip():
        errors["place"] = [_("State the place of arrest.")]
    if errors:
        raise ValidationFailed(details=errors)
    assert person is not None and prosecution_notified_at is not None and actor.unit_id is not None
    _not_future(prosecution_notified_at, "prosecution_notified_at")
    arrest = Arrest(
        person=person, unit_id=actor.unit_id, arrested_at=arrested_at, place=place.strip(), basis=Basis.FLAGRANTE,
        crime_category=crime_category,
        prosecution_office=_unit(prosecution_office_id, "prosecution_office", kind=UnitKind.PROSECUTION_OFFICE),
        prosecution_notified_at=prosecution_notified_at,
        detention_place=_unit(detention_place_id, "detention_place"), notes=notes or "",
    )  # fmt: skip
    return _create_arrest(actor, arrest)


def open_arrest_from_warrant(
    actor: Actor, warrant: Any, execution: Any, *, detention_place_id: Any, crime_category: str
) -> Arrest:
    """The arrest record of a custodial warrant's execution (called inside that transaction).

    Permission is the execution's (``warrant.execute``), checked by the caller.
    """
    arrest = Arrest(
        person=warrant.person, unit_id=execution.unit_id, arrested_at=execution.executed_at, place=execution.place,
        basis=Basis.WARRANT, warrant=warrant, prosecution_office=warrant.office,
        prosecution_notified_at=execution.executed_at, crime_category=crime_category or CrimeCategory.ORDINARY,
        detention_place=_unit(detention_place_id, "detention_place"), notes=execution.notes,
    )  # fmt: skip
    return _create_arrest(actor, arrest)


@transaction.atomic
def do_record_event(
    actor: Actor,
    arrest_id: Any,
    *,
    kind: str,
    occurred_at: dt.datetime | None = None,
    to_place_id: Any = None,
    prosecution_office_id: Any = None,
    judge: str = "",
    court: str = "",
    decision_number: str = "",
    ends_at: dt.datetime | None = None,
    ordered_by: str = "",
    reason: str = "",
    notes: str = "",
) -> CustodyEvent:
    """One event of a custody, owned by the acting site; refused when the state does not allow it."""
    actor.scope("custody.manage")
    if actor.unit_id is None:
        raise PermissionDenied(_("Only a member of a unit can record a custody event."))
    try:
        event_kind = EventKind(kind)
    except ValueError as exc:
        raise ValidationFailed(details={"kind": [_("Unknown custody event.")]}) from exc
    arrest = get_visible(
        Arrest.objects.select_for_update(of=("self",)).select_related("detention_place"),
        actor, "custody.manage", arrest_id,
    )  # fmt: skip
    occurred_at = occurred_at or timezone.now()
    _not_future(occurred_at, "occurred_at")
    events = _events(arrest)
    event = CustodyEvent(
        arrest=arrest, kind=event_kind.value, occurred_at=occurred_at, unit_id=actor.unit_id,
        officer=actor.user_id, officer_name=_user_name(actor), notes=notes or "",
    )  # fmt: skip
    errors: dict[str, list[str]] = {}
    if event_kind is EventKind.TRANSFER:
        if not to_place_id:
            errors["to_place"] = [_("State where the person is transferred to.")]
        else:
            event.from_place = current_place(arrest, events)
            event.to_place = _unit(to_place_id, "to_place")
            if event.to_place == event.from_place:
                errors["to_place"] = [_("The person is already held there.")]
    elif event_kind is EventKind.REFERRAL:
        office_id = prosecution_office_id or arrest.prosecution_office_id
        if not office_id:
            errors["prosecution_office"] = [_("Name the prosecution office.")]
        else:
            event.prosecution_office = _unit(office_id, "prosecution_office", kind=UnitKind.PROSECUTION_OFFICE)
    elif event_kind is EventKind.DETENTION_ORDER:
        office = Unit.objects.get(pk=actor.unit_id)
        if office.kind != UnitKind.PROSECUTION_OFFICE:
            raise PermissionDenied(_("Only the public prosecution can order detention."))
        event.prosecution_office = office
        rule = _rule("detention_order_validity")
        validity = dt.timedelta(hours=rule.hours if rule else 14 * 24)
        event.ends_at = ends_at or occurred_at + validity
        if event.ends_at > occurred_at + validity:
            errors["ends_at"] = [
                _("A detention order of the prosecution is valid at most 14 days; a judge extends it.")
            ]
        event.decision_number = to_ascii_digits(decision_number or "").strip()
    elif event_kind is EventKind.EXTENSION:
        for name, value in (("judge", judge), ("court", court), ("decision_number", decision_number)):
            if not (value or "").strip():
                errors[name] = [_("This field is required.")]
        if ends_at is None:
            errors["ends_at"] = [_("State the new end of detention.")]
        event.judge, event.court = (judge or "").strip(), (court or "").strip()
        event.decision_number = to_ascii_digits(decision_number or "").strip()
        event.ends_at = ends_at
    elif event_kind is EventKind.RELEASE:
        if not (reason or "").strip():
            errors["reason"] = [_("State the reason for the release.")]
        if not (ordered_by or "").strip():
            errors["ordered_by"] = [_("State by whose order the person is released.")]
        event.reason, event.ordered_by = (reason or "").strip(), (ordered_by or "").strip()
    if errors:
        raise ValidationFailed(details=errors)
    try:
        states.check([e.fact() for e in events], event.fact(), arrest.arrested_at)
    except states.IllegalTransition as exc:
        raise IllegalCustodyTransition(_REFUSALS[exc.reason], details={"state": exc.state.value}) from exc
    create_record(event, actor)
    record_write(actor, f"custody.{event_kind.value}", event)
    return event


# --- reads --------------------------------------------------------------------------------------


def _with_events(qs: QuerySet[Arrest]) -> QuerySet[Arrest]:
    return qs.select_related("person", "unit", "detention_place", "warrant", "prosecution_office").prefetch_related(
        Prefetch("events", queryset=CustodyEvent.objects.select_related("to_place", "from_place", "unit"))
    )


def _released() -> Exists:
    return Exists(CustodyEvent.objects.filter(arrest=OuterRef("pk"), kind=EventKind.RELEASE))


@dataclass
class CustodyFilter:
    q: str = ""
    status: str = ""  # "held" | "released" | ""
    category: str = ""
    detention_place_id: Any = None


def list_custody(actor: Actor, filters: CustodyFilter | None = None) -> QuerySet[Arrest]:
    filters = filters or CustodyFilter()
    qs = visible(Arrest.objects.all(), actor, "custody.view")
    if filters.q:
        text = to_ascii_digits(filters.q).strip()
        qs = qs.filter(Q(person__national_number=text) | Q(person__name_normalized__icontains=normalize(text)))
    if filters.status == "held":
        qs = qs.filter(~_released())
    elif filters.status == "released":
        qs = qs.filter(_released())
    if filters.category:
        qs = qs.filter(crime_category=filters.category)
    if filters.detention_place_id:
        qs = qs.filter(detention_place_id=filters.detention_place_id)
    return _with_events(qs).order_by("-arrested_at")


@dataclass
class OverdueRow:
    arrest: Arrest
    status: CustodyStatus

    @property
    def worst(self) -> tuple[dl.Deadline, dt.timedelta]:
        return self.status.overdue[0]


def overdue_custody(actor: Actor, now: dt.datetime | None = None) -> list[OverdueRow]:
    """Every custody still held past one of its legal deadlines, most overdue first."""
    now = now or timezone.now()
    actor.scope("custody.view")
    held = _with_events(visible(Arrest.objects.filter(~_released()), actor, "custody.view"))
    rows = []
    for arrest in held.iterator(chunk_size=500):
        status = status_of(arrest, now)
        if status.is_overdue:
            rows.append(OverdueRow(arrest, status))
    return sorted(rows, key=lambda r: r.worst[1], reverse=True)


@transaction.atomic
def read_arrest(actor: Actor, arrest_id: Any, *, purpose: str) -> Arrest:
    arrest = get_visible(_with_events(Arrest.objects.all()), actor, "custody.view", arrest_id)
    record_read(actor, "custody.read", arrest, purpose=purpose)
    return arrest


def can_manage(actor: Actor, arrest: Arrest) -> bool:
    return (
        actor.can("custody.manage") and visible(Arrest.objects.filter(pk=arrest.pk), actor, "custody.manage").exists()
    )


# --- public check -------------------------------------------------------------------------------


def _query_hash(national_number: str, name: str, mother: str) -> str:
    """Keyed hash of the query: the audit log can tell repeated queries apart without holding them."""
    message = f"{national_number}|{name}|{mother}".encode()
    return hmac.new(settings.SECRET_KEY.encode(), message, hashlib.sha256).hexdigest()


def public_check(national_number: str, full_name: str, mother_name: str) -> Unit | None:
    """The place of detention if the three details match a person held now; None otherwise.

    None covers alike "no such person", "not in custody" and "details do not match", so the
    answer reveals nothing beyond it. Every query is audited by its hash and whether it matched.
    """
    number = to_ascii_digits(national_number or "").strip()
    name = normalize(full_name or "")
    mother = normalize(mother_name or "")
    place: Unit | None = None
    matched_arrest: Arrest | None = None
    if number.isdigit() and len(number) == 12 and len(name.split()) >= 4 and mother:
        for person in Person.objects.filter(national_number=number):
            if person.name_normalized != name or normalize(person.mother_name) != mother:
                continue
            held = _with_events(Arrest.objects.filter(~_released(), person=person)).order_by("-arrested_at").first()
            if held is not None:
                matched_arrest, place = held, current_place(held)
                break
    with transaction.atomic():
        # The arrest's id only (no name in clear), so an inspector can follow up a match.
        record_read(
            Actor.system("public-check"), "custody.public_check", purpose="public custody check",
            object_type="custody.arrest" if matched_arrest else "",
            object_id=str(matched_arrest.pk) if matched_arrest else "",
            query_hash=_query_hash(number, name, mother), matched=place is not None,
        )  # fmt: skip
    return place


def public_check_ceiling_reached() -> None:
    """The one audit alert of a window in which all addresses together passed the public check's ceiling."""
    record_event(
        Actor.system("public-check"), "custody.public_check_ceiling", kind=AuditKind.AUTH,
        ceiling=str(settings.SIJILL_PUBLIC_CHECK_CEILING),
    )  # fmt: skip


@transaction.atomic
def browse_custody(actor: Actor, filters: CustodyFilter) -> QuerySet[Arrest]:
    """The list page's rows; the look-up (with its filters) goes to the audit log."""
    qs = list_custody(actor, filters)
    record_read(
        actor, "custody.list", purpose="custody list", filters={k: str(v) for k, v in vars(filters).items() if v}
    )
    return qs


@transaction.atomic
def browse_overdue(actor: Actor, now: dt.datetime | None = None) -> list[OverdueRow]:
    rows = overdue_custody(actor, now)
    record_read(actor, "custody.overdue", purpose="overdue custody list", count=len(rows))
    return rows


def rules_table() -> list[tuple[str, int, list[str]]]:
    """The rules in force, for display: label, hours, crime categories."""
    labels = dict(CrimeCategory.choices)
    return [(rule_label(r), r.hours, [str(labels[c]) for c in sorted(r.categories)]) for r in rules()]


def sits_in_prosecution(actor: Actor) -> bool:
    if actor.unit_id is None:
        return False
    return Unit.objects.filter(pk=actor.unit_id, kind=UnitKind.PROSECUTION_OFFICE).exists()
