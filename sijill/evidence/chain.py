"""Chain-of-custody rules (no Django): each hand-over starts where the previous one ended.

The chain is the seizing holder followed by every hand-over in order. A new hand-over must come
from the current holder, be dated no earlier than the last one, and, when the seal was found
broken, state the new seal the item was closed with.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Link:
    """The end of the chain so far: who holds the item since when, under which seal."""

    holder_id: Any
    since: dt.datetime
    seal: str
    sequence: int  # 0 = the seizure itself


@dataclass(frozen=True)
class HandOver:
    from_id: Any
    to_id: Any
    at: dt.datetime
    seal_intact: bool
    new_seal: str = ""


class Broken(Exception):
    """A hand-over that would break the chain."""

    def __init__(self, field: str, code: str) -> None:
        self.field, self.code = field, code
        super().__init__(f"{field}: {code}")


def next_link(last: Link, step: HandOver, now: dt.datetime) -> Link:
    """The chain's new end after ``step``; Broken when the step does not continue the chain."""
    if step.from_id != last.holder_id:
        raise Broken("from_unit", "not_current_holder")
    if step.to_id == step.from_id:
        raise Broken("to_unit", "same_holder")
    if step.at < last.since:
        raise Broken("handed_at", "before_last")
    if step.at > now:
        raise Broken("handed_at", "future")
    seal = last.seal
    if not step.seal_intact and not step.new_seal:
        raise Broken("new_seal_number", "reseal_required")
    if step.new_seal:
        if step.new_seal == last.seal:
            raise Broken("new_seal_number", "same_seal")
        seal = step.new_seal
    return Link(step.to_id, step.at, seal, last.sequence + 1)


def is_continuous(seizure: Link, steps: list[HandOver]) -> bool:
    """Whether the recorded steps form one unbroken chain from the seizure (for reviews and tests)."""
    link = seizure
    try:
        for step in steps:
            link = next_link(link, step, max(step.at, link.since))
    except Broken:
        return False
    return True
