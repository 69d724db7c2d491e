"""Every write of warrants is one function here: it checks, writes and audits in one transaction.

Only a prosecutor sitting in a prosecution office issues, amends or cancels a warrant, and only
for that office (``warrant.issue`` is unit-scoped to the office). Any unit allowed to execute
warrants records an execution as a row of its own site; a custodial warrant's execution opens the
arrest record in the same transaction.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.services import record_read, record_write, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import Conflict, PermissionDenied, ValidationFailed
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, save_edit
from sijill.organisation.models import Unit, UnitKind
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference
from sijill.warrants import states
from sijill.warrants.models import Warrant, WarrantExecution
from sijill.warrants.states import Event, WarrantState

AMENDABLE = ("kind", "legal_article", "grounds", "expires_on")

_STATE_MESSAGES = {
    WarrantState.EXECUTED: gettext_lazy("This warrant has already been executed."),
    WarrantState.CANCELLED: gettext_lazy("This warrant has been cancelled."),
    WarrantState.EXPIRED: gettext_lazy("This warrant has expired."),
}


class IllegalWarrantTransition(Conflict):
    code = "illegal_transition"


def _refuse(exc: states.IllegalTransition) -> IllegalWarrantTransition:
    verb = {
        Event.EXECUTE: _("It cannot be executed."),
        Event.CANCEL: _("It cannot be cancelled."),
        Event.AMEND: _("It cannot be amended."),
    }[exc.event]
    return IllegalWarrantTransition(f"{_STATE_MESSAGES[exc.state]} {verb}", details={"state": exc.state.value})


def check_transition(warrant: Warrant, event: Event) -> None:
    try:
        states.check(warrant.state(), event)
    except states.IllegalTransition as exc:
        raise _refuse(exc) from exc


def _office_of(actor: Actor) -> Unit:
    """The actor's prosecution office; only prosecutors sitting in one may issue warrants."""
    actor.scope("warrant.issue")
    unit = Unit.objects.filter(pk=actor.unit_id).first() if actor.unit_id else None
    if unit is None or unit.kind != UnitKind.PROSECUTION_OFFICE:
        raise PermissionDenied(_("Only a prosecutor sitting in an office of the public prosecution can do this."))
    return unit


def _check_dates(issued_on: dt.date, expires_on: dt.date | None) -> None:
    errors: dict[str, list[str]] = {}
    if issued_on > timezone.localdate():
        errors["issued_on"] = [_("The issue date cannot be in the future.")]
    if states.check_dates(issued_on, expires_on):
        errors["expires_on"] = [_("The expiry date cannot be before the issue date.")]
    if errors:
        raise ValidationFailed(details=errors)


def _user_name(actor: Actor) -> str:
    from sijill.accounts.models import User

    user = User.objects.filter(pk=actor.user_id).first() if actor.user_id else None
    return user.display_name if user else actor.username


# --- writes -----------------------------------------------------------------------------------


def do_issue_warrant(
    actor: Actor,
    *,
    person_id: Any,
    order_number: str,
    kind: str,
    legal_article: str,
    grounds: str = "",
    issued_on: dt.date | None = None,
    expires_on: dt.date | None = None,
) -> Warrant:
    """Issue a warrant against the person ``person_id`` names (record id or national number)."""
    _office_of(actor)  # only a prosecutor in an office gets as far as looking the person up
    person = resolve_person_reference(actor, person_id, for_action="warrant.issue", purpose="warrant issue")
    return _issue_warrant(actor, person, order_number=order_number, kind=kind, legal_article=legal_article,
                          grounds=grounds, issued_on=issued_on, expires_on=expires_on)  # fmt: skip


@transaction.atomic
def _issue_warrant(
    actor: Actor, person: Person, *, order_number: str, kind: str, legal_article: str, grounds: str,
    issued_on: dt.date | None, expires_on: dt.date | None,
) -> Warrant:  # fmt: skip
    office = _office_of(actor)
    order_number = to_ascii_digits(order_number or "").strip()
    issued_on = issued_on or timezone.localdate()
    _check_dates(issued_on, expires_on)
    if Warrant.objects.filter(office=office, order_number=order_number).exists():
        raise ValidationFailed(details={"order_number": [_("This office already has an order with this number.")]})
    warrant = Warrant(
        office=office, order_number=order_number, kind=kind, legal_article=(legal_article or "").strip(),
        person=person, grounds=grounds or "", issued_on=issued_on, expires_on=expires_on,
        issued_by=actor.user_id, issued_by_name=_user_name(actor),
    )  # fmt: skip
    create_record(warrant, actor)
    record_write(actor, "warrant.issue", warrant)
    return warrant


def _own_warrant(actor: Actor, warrant_id: Any) -> Warrant:
    """A warrant of the actor's own office, locked for the change (404 for another office's)."""
    _office_of(actor)
    return get_visible(Warrant.objects.select_for_update(of=("self",)), actor, "warrant.issue", warrant_id)


@transaction.atomic
def do_amend_warrant(actor: Actor, warrant_id: Any, *, expected_version: int | None, **changes: Any) -> Warrant:
    """A new version of the warrant; the audit log keeps the previous one (before/after)."""
    warrant = _own_warrant(actor, warrant_id)
    check_transition(warrant, Event.AMEND)
    before = snapshot(warrant)
    for name, value in changes.items():
        if name in AMENDABLE:
            setattr(warrant, name, value.strip() if isinstance(value, str) else value)
    _check_dates(warrant.issued_on, warrant.expires_on)
    save_edit(warrant, actor, expected_version)
    record_write(actor, "warrant.amend", warrant, before=before)
    return warrant


@transaction.atomic
def do_cancel_warrant(actor: Actor, warrant_id: Any, *, reason: str, expected_version: int | None = None) -> Warrant:
    warrant = _own_warrant(actor, warrant_id)
    check_transition(warrant, Event.CANCEL)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationFailed(details={"reason": [_("State the reason for the cancellation.")]})
    before = snapshot(warrant)
    warrant.cancelled_at = timezone.now()
    warrant.cancel_reason = reason
    warrant.cancelled_by_name = _user_name(actor)
    save_edit(warrant, actor, expected_version)
    record_write(actor, "warrant.cancel", warrant, before=before)
    return warrant


@dataclass
class ExecutionResult:
    execution: WarrantExecution
    arrest: Any  # sijill.custody.models.Arrest | None


@transaction.atomic
def do_execute_warrant(
    actor: Actor,
    warrant_id: Any,
    *,
    place: str,
    executed_at: dt.datetime | None = None,
    notes: str = "",
    detention_place_id: Any = None,
    crime_category: str = "ordinary",
) -> ExecutionResult:
    """Record an execution by the actor's unit (at any site); a custodial warrant opens the arrest."""
    actor.scope("warrant.execute")
    if actor.unit_id is None:
        raise PermissionDenied(_("Only a member of a unit can execute a warrant."))
    warrant = get_visible(
        Warrant.objects.select_for_update(of=("self",)).select_related("office"), actor, "warrant.view", warrant_id
    )
    check_transition(warrant, Event.EXECUTE)
    executed_at = executed_at or timezone.now()
    errors: dict[str, list[str]] = {}
    if not (place or "").strip():
        errors["place"] = [_("State where the warrant was executed.")]
    if executed_at > timezone.now() + dt.timedelta(minutes=5):
        errors["executed_at"] = [_("The time of execution cannot be in the future.")]
    elif timezone.localtime(executed_at).date() < warrant.issued_on:
        errors["executed_at"] = [_("The time of execution cannot be before the warrant was issued.")]
    if warrant.is_custodial and not detention_place_id:
        errors["detention_place"] = [_("State the place of detention.")]
    if errors:
        raise ValidationFailed(details=errors)
    officer_name = _user_name(actor)
    execution = WarrantExecution(
        warrant=warrant, unit_id=actor.unit_id, officer=actor.user_id, officer_name=officer_name,
        place=place.strip(), executed_at=executed_at, notes=notes or "",
    )  # fmt: skip
    create_record(execution, actor)
    record_write(actor, "warrant.execute", execution)
    arrest = None
    if warrant.is_custodial:
        from sijill.custody.services import open_arrest_from_warrant

        arrest = open_arrest_from_warrant(
            actor, warrant, execution, detention_place_id=detention_place_id, crime_category=crime_category
        )
    return ExecutionResult(execution, arrest)


@transaction.atomic
def expire_warrants(actor: Actor, today: dt.date | None = None) -> int:
    """Record (audit and stamp) the expiry of this site's warrants past their date.

    Not needed for correctness, since the state is derived when read, but it puts each expiry
    in the audit log and in the warrant's own row for reports.
    """
    today = today or timezone.localdate()
    due = (
        Warrant.objects.owned()
        .with_state(today)
        .filter(state_code=WarrantState.EXPIRED.value, expiry_recorded_at__isnull=True)
    )
    count = 0
    for warrant in due.select_for_update(of=("self",)):
        before = snapshot(warrant)
        warrant.expiry_recorded_at = timezone.now()
        save_edit(warrant, actor, None)
        record_write(actor, "warrant.expire", warrant, before=before)
        count += 1
    return count


# --- reads ------------------------------------------------------------------------------------


@dataclass
class WarrantFilter:
    q: str = ""
    state: str = ""
    kind: str = ""
    office_id: Any = None
    person_id: Any = None


def list_warrants(actor: Actor, filters: WarrantFilter | None = None) -> QuerySet[Warrant]:
    """The warrants the actor may see (a prosecutor: those of their office), newest first."""
    filters = filters or WarrantFilter()
    qs = visible(
        Warrant.objects.with_state(timezone.localdate()).select_related("office", "person"), actor, "warrant.view"
    )
    if filters.q:
        text = to_ascii_digits(filters.q).strip()
        qs = qs.filter(
            Q(order_number__icontains=text)
            | Q(person__national_number=text)
            | Q(person__name_normalized__icontains=_norm(text))
        )
    if filters.state:
        qs = qs.filter(state_code=filters.state)
    if filters.kind:
        qs = qs.filter(kind=filters.kind)
    if filters.office_id:
        qs = qs.filter(office_id=filters.office_id)
    if filters.person_id:
        qs = qs.filter(person_id=filters.person_id)
    return qs.order_by("-issued_on", "-created_at")


def _norm(text: str) -> str:
    from sijill.names import normalize

    return normalize(text)


@transaction.atomic
def read_warrant(actor: Actor, warrant_id: Any, *, purpose: str) -> Warrant:
    warrant = get_visible(
        Warrant.objects.with_state(timezone.localdate()).select_related("office", "person"),
        actor,
        "warrant.view",
        warrant_id,
    )
    record_read(actor, "warrant.read", warrant, purpose=purpose)
    return warrant


def executions_of(warrant: Warrant) -> QuerySet[WarrantExecution]:
    """Every execution of a visible warrant, whichever site recorded it."""
    return warrant.executions.select_related("unit").order_by("-executed_at")


def can_issue_here(actor: Actor) -> bool:
    try:
        _office_of(actor)
    except PermissionDenied:
        return False
    return True


def can_manage(actor: Actor, warrant: Warrant) -> bool:
    """May the actor amend or cancel this warrant (their own office's, still active)?"""
    if not can_issue_here(actor):
        return False
    mine = visible(Warrant.objects.filter(pk=warrant.pk), actor, "warrant.issue").exists()
    return mine and warrant.state() is WarrantState.ACTIVE


def can_execute(actor: Actor, warrant: Warrant) -> bool:
    return actor.can("warrant.execute") and actor.unit_id is not None and warrant.state() is WarrantState.ACTIVE


@transaction.atomic
def browse_warrants(actor: Actor, filters: WarrantFilter) -> QuerySet[Warrant]:
    """The list page's rows; the look-up (with its filters) goes to the audit log."""
    qs = list_warrants(actor, filters)
    record_read(
        actor, "warrant.list", purpose="warrant list", filters={k: str(v) for k, v in vars(filters).items() if v}
    )
    return qs
