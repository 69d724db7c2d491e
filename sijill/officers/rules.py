"""What a decision may do to an officer (no Django): the officers' state machine.

An officer's rank, unit and status change only through a decision; this module says whether a
decision is lawful for the officer's present state and what it changes. Refusals are codes (the
service turns them into messages in the user's language) with the field they concern.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from sijill.officers import ranks


class Kind(StrEnum):
    APPOINTMENT = "appointment"
    PROMOTION = "promotion"
    TRANSFER = "transfer"
    SUSPENSION = "suspension"
    REINSTATEMENT = "reinstatement"
    RETIREMENT = "retirement"
    DISMISSAL = "dismissal"


class Status(StrEnum):
    ACTIVE = "active"
    SUSPENDED = "suspended"
    RETIRED = "retired"
    DISMISSED = "dismissed"


# The statuses from which each kind of decision may be taken, and the status it leaves.
ALLOWED_FROM: dict[Kind, frozenset[Status]] = {
    Kind.PROMOTION: frozenset({Status.ACTIVE}),
    Kind.TRANSFER: frozenset({Status.ACTIVE}),
    Kind.SUSPENSION: frozenset({Status.ACTIVE}),
    Kind.REINSTATEMENT: frozenset({Status.SUSPENDED}),
    Kind.RETIREMENT: frozenset({Status.ACTIVE, Status.SUSPENDED}),
    Kind.DISMISSAL: frozenset({Status.ACTIVE, Status.SUSPENDED}),
}
RESULT_STATUS: dict[Kind, Status | None] = {
    Kind.APPOINTMENT: Status.ACTIVE,
    Kind.PROMOTION: None,
    Kind.TRANSFER: None,
    Kind.SUSPENSION: Status.SUSPENDED,
    Kind.REINSTATEMENT: Status.ACTIVE,
    Kind.RETIREMENT: Status.RETIRED,
    Kind.DISMISSAL: Status.DISMISSED,
}
TERMINAL = frozenset({Status.RETIRED, Status.DISMISSED})


@dataclass(frozen=True)
class OfficerState:
    status: str
    rank: str
    unit_id: Any
    appointed_on: dt.date
    last_decision_on: dt.date


@dataclass(frozen=True)
class Decision:
    kind: str
    dated: dt.date
    new_rank: str = ""
    new_unit_id: Any = None


@dataclass(frozen=True)
class Effect:
    status: str
    rank: str
    unit_id: Any
    unit_changed: bool
    ends_service: bool


class Refused(Exception):
    """A decision the law does not allow in the officer's present state."""

    def __init__(self, field: str, code: str) -> None:
        self.field, self.code = field, code
        super().__init__(f"{field}: {code}")


def check(state: OfficerState | None, decision: Decision, today: dt.date) -> Effect:
    """The effect of ``decision`` on an officer in ``state`` (None: not yet appointed), or Refused."""
    try:
        kind = Kind(decision.kind)
    except ValueError:
        raise Refused("kind", "unknown_kind") from None
    if decision.dated > today:
        raise Refused("dated", "future_date")
    if kind is Kind.APPOINTMENT:
        if state is not None:
            raise Refused("kind", "already_appointed")
        if not ranks.is_rank(decision.new_rank):
            raise Refused("new_rank", "rank_required")
        if decision.new_unit_id is None:
            raise Refused("new_unit", "unit_required")
        return Effect(Status.ACTIVE, decision.new_rank, decision.new_unit_id, True, False)
    if state is None:
        raise Refused("kind", "not_appointed")
    if decision.dated < state.appointed_on:
        raise Refused("dated", "before_appointment")
    if decision.dated < state.last_decision_on:
        raise Refused("dated", "before_last_decision")
    if Status(state.status) in TERMINAL:
        raise Refused("kind", "service_ended")
    if Status(state.status) not in ALLOWED_FROM[kind]:
        raise Refused("kind", f"{kind.value}_not_from_{state.status}")
    rank, unit_id = state.rank, state.unit_id
    if kind is Kind.PROMOTION:
        if not ranks.is_rank(decision.new_rank):
            raise Refused("new_rank", "rank_required")
        if not ranks.is_higher(decision.new_rank, state.rank):
            raise Refused("new_rank", "not_higher")
        rank = decision.new_rank
    elif decision.new_rank:
        raise Refused("new_rank", "rank_only_by_promotion")
    if kind is Kind.TRANSFER:
        if decision.new_unit_id is None:
            raise Refused("new_unit", "unit_required")
        if decision.new_unit_id == state.unit_id:
            raise Refused("new_unit", "same_unit")
        unit_id = decision.new_unit_id
    elif decision.new_unit_id is not None:
        raise Refused("new_unit", "unit_only_by_transfer")
    status = RESULT_STATUS[kind] or Status(state.status)
    return Effect(status, rank, unit_id, unit_id != state.unit_id, status in TERMINAL)
