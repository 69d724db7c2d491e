"""The custody state machine, pure (no Django): which event may follow which.

in custody → transferred / referred / detained on order → released. Nothing follows a release;
a detention order needs the person to have been brought before the prosecution; a judge's
extension needs a detention order and must end later than the order it extends.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum


class CustodyState(StrEnum):
    IN_CUSTODY = "in_custody"
    TRANSFERRED = "transferred"
    REFERRED = "referred"
    DETAINED = "detained"
    RELEASED = "released"


class EventKind(StrEnum):
    TRANSFER = "transfer"
    REFERRAL = "referral"
    QUESTIONING = "questioning"
    DETENTION_ORDER = "detention_order"
    EXTENSION = "extension"
    RELEASE = "release"


@dataclass(frozen=True)
class Fact:
    """One recorded event, as the state machine needs it."""

    kind: EventKind
    at: dt.datetime
    ends_at: dt.datetime | None = None  # detention order / extension: when it ends


class IllegalTransition(Exception):
    """``reason`` is a stable code the service turns into a message in the user's language."""

    def __init__(self, state: CustodyState, kind: EventKind, reason: str) -> None:
        self.state, self.kind, self.reason = state, kind, reason
        super().__init__(f"{kind} refused in state {state}: {reason}")


def _ordered(facts: Iterable[Fact]) -> list[Fact]:
    return sorted(facts, key=lambda f: f.at)


def state_of(facts: Iterable[Fact]) -> CustodyState:
    """The most advanced state the events reach: released > detained > referred > transferred."""
    kinds = {f.kind for f in facts}
    if EventKind.RELEASE in kinds:
        return CustodyState.RELEASED
    if EventKind.DETENTION_ORDER in kinds:
        return CustodyState.DETAINED
    if EventKind.REFERRAL in kinds:
        return CustodyState.REFERRED
    if EventKind.TRANSFER in kinds:
        return CustodyState.TRANSFERRED
    return CustodyState.IN_CUSTODY


def order_end(facts: Iterable[Fact]) -> dt.datetime | None:
    """When the current detention order (as last extended) ends; None without an order."""
    end: dt.datetime | None = None
    for fact in _ordered(facts):
        if fact.kind in (EventKind.DETENTION_ORDER, EventKind.EXTENSION) and fact.ends_at is not None:
            end = fact.ends_at
    return end


def check(facts: Iterable[Fact], new: Fact, arrested_at: dt.datetime) -> None:
    """Raise IllegalTransition unless ``new`` may be recorded after ``facts``."""
    facts = list(facts)
    state = state_of(facts)
    kinds = {f.kind for f in facts}
    if state is CustodyState.RELEASED:
        raise IllegalTransition(state, new.kind, "after_release")
    if new.at < arrested_at:
        raise IllegalTransition(state, new.kind, "before_arrest")
    if facts and new.at < _ordered(facts)[-1].at and new.kind is EventKind.RELEASE:
        raise IllegalTransition(state, new.kind, "release_before_last_event")
    if new.kind is EventKind.REFERRAL and EventKind.REFERRAL in kinds:
        raise IllegalTransition(state, new.kind, "already_referred")
    if new.kind is EventKind.DETENTION_ORDER:
        if EventKind.REFERRAL not in kinds:
            raise IllegalTransition(state, new.kind, "order_without_referral")
        if EventKind.DETENTION_ORDER in kinds:
            raise IllegalTransition(state, new.kind, "order_exists")
    if new.kind is EventKind.EXTENSION:
        end = order_end(facts)
        if end is None:
            raise IllegalTransition(state, new.kind, "extension_without_order")
        if new.ends_at is None or new.ends_at <= end:
            raise IllegalTransition(state, new.kind, "extension_not_later")
    if new.kind is EventKind.DETENTION_ORDER and (new.ends_at is None or new.ends_at <= new.at):
        raise IllegalTransition(state, new.kind, "order_end_invalid")
