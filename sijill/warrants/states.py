"""The life of a warrant as a pure state machine (no Django): active → executed / cancelled / expired.

The state is never stored as such: it is derived from the facts (an execution recorded by any
site, a cancellation by the issuing office, the expiry date) each time it is read, so an expired
warrant is inactive even if no job ever ran, and no site ever updates a peer's row.
"""

from __future__ import annotations

import datetime as dt
from enum import StrEnum


class WarrantState(StrEnum):
    ACTIVE = "active"
    EXECUTED = "executed"
    CANCELLED = "cancelled"
    EXPIRED = "expired"


class Event(StrEnum):
    EXECUTE = "execute"
    CANCEL = "cancel"
    AMEND = "amend"


# Which events each state allows. Only an active warrant can be acted upon.
ALLOWED: dict[WarrantState, frozenset[Event]] = {
    WarrantState.ACTIVE: frozenset({Event.EXECUTE, Event.CANCEL, Event.AMEND}),
    WarrantState.EXECUTED: frozenset(),
    WarrantState.CANCELLED: frozenset(),
    WarrantState.EXPIRED: frozenset(),
}


class IllegalTransition(Exception):
    """An event the warrant's current state does not allow; ``state`` and ``event`` name it."""

    def __init__(self, state: WarrantState, event: Event) -> None:
        self.state, self.event = state, event
        super().__init__(f"cannot {event} a warrant that is {state}")


def state_of(*, executed: bool, cancelled: bool, expires_on: dt.date | None, today: dt.date) -> WarrantState:
    """The state from the facts. An execution or cancellation that happened stays what it was,
    even after the expiry date; otherwise a warrant is expired from the day after its expiry date."""
    if executed:
        return WarrantState.EXECUTED
    if cancelled:
        return WarrantState.CANCELLED
    if expires_on is not None and today > expires_on:
        return WarrantState.EXPIRED
    return WarrantState.ACTIVE


def check(state: WarrantState, event: Event) -> None:
    """Raise IllegalTransition unless ``event`` is allowed in ``state``."""
    if event not in ALLOWED[state]:
        raise IllegalTransition(state, event)


def check_dates(issued_on: dt.date, expires_on: dt.date | None) -> str | None:
    """A problem with the dates (as a stable code), or None."""
    if expires_on is not None and expires_on < issued_on:
        return "expiry_before_issue"
    return None
