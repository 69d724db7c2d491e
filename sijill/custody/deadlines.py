"""Legal deadlines of custody as data, and the computation of what is due and what is overdue.

Pure module (no Django). The rules are the Code of Criminal Procedure's defaults; a site may
override any of them (``SIJILL_CUSTODY_RULES`` in settings, see ``with_overrides``) when the law
or its reading changes, without a code change.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any

from sijill.custody.states import EventKind, Fact, order_end

ORDINARY = "ordinary"
STATE_SECURITY = "state_security"
ANY = frozenset({ORDINARY, STATE_SECURITY})


@dataclass(frozen=True)
class Rule:
    """Within ``hours`` of ``starts_at`` (arrest, or the detention order), ``met_by`` must happen."""

    code: str
    reference: str  # the legal text, shown with the deadline
    categories: frozenset[str]
    starts_at: str  # "arrest" | "detention_order"
    hours: int
    met_by: frozenset[EventKind]


DEFAULT_RULES: tuple[Rule, ...] = (
    Rule(
        code="ccp_26_referral",
        reference="CCP art. 26",
        categories=frozenset({ORDINARY}),
        starts_at="arrest",
        hours=48,
        met_by=frozenset({EventKind.REFERRAL}),
    ),
    Rule(
        code="law_3_2013_referral",
        reference="Law No. 3 of 2013",
        categories=frozenset({STATE_SECURITY}),
        starts_at="arrest",
        hours=7 * 24,
        met_by=frozenset({EventKind.REFERRAL}),
    ),
    Rule(
        code="law_3_2013_questioning",
        reference="Law No. 3 of 2013",
        categories=ANY,
        starts_at="arrest",
        hours=3 * 24,
        met_by=frozenset({EventKind.QUESTIONING}),
    ),
    Rule(
        # The order ends 14 days after it is given unless a judge extends it; by then the person
        # must be released (or the order extended, which moves the deadline).
        code="detention_order_validity",
        reference="Law No. 3 of 2013",
        categories=ANY,
        starts_at="detention_order",
        hours=14 * 24,
        met_by=frozenset({EventKind.RELEASE}),
    ),
)

# Every rule is also satisfied by the end of custody: a released person is owed nothing more.
_ENDS_ALL = EventKind.RELEASE


def with_overrides(
    overrides: Mapping[str, Mapping[str, Any]] | None, rules: Iterable[Rule] = DEFAULT_RULES
) -> tuple[Rule, ...]:
    """The rules with per-code overrides applied, e.g. ``{"ccp_26_referral": {"hours": 24}}``.

    An override may change ``hours``, ``categories`` or ``reference``, or switch a rule off with
    ``{"enabled": False}``. Unknown codes or fields are refused so a typo cannot disable a rule.
    """
    result = []
    overrides = dict(overrides or {})
    known = {r.code for r in rules}
    unknown = set(overrides) - known
    if unknown:
        raise ValueError(f"unknown custody deadline rules: {sorted(unknown)}")
    for rule in rules:
        change = dict(overrides.get(rule.code, {}))
        if change.pop("enabled", True) is False:
            continue
        bad = set(change) - {"hours", "categories", "reference"}
        if bad:
            raise ValueError(f"{rule.code}: cannot override {sorted(bad)}")
        if "categories" in change:
            change["categories"] = frozenset(change["categories"])
        if "hours" in change:
            change["hours"] = int(change["hours"])
            if change["hours"] <= 0:
                raise ValueError(f"{rule.code}: hours must be positive")
        result.append(replace(rule, **change))
    return tuple(result)


@dataclass(frozen=True)
class Deadline:
    rule: Rule
    due_at: dt.datetime
    met_at: dt.datetime | None

    def overdue_by(self, now: dt.datetime) -> dt.timedelta | None:
        """How long past due, while still unmet; None when met or not yet due."""
        if self.met_at is None and now > self.due_at:
            return now - self.due_at
        return None

    @property
    def met_late(self) -> bool:
        return self.met_at is not None and self.met_at > self.due_at


def deadlines(arrested_at: dt.datetime, category: str, facts: Iterable[Fact], rules: Iterable[Rule]) -> list[Deadline]:
    """Every deadline that applies to this custody, earliest due first."""
    facts = sorted(facts, key=lambda f: f.at)
    release = next((f.at for f in facts if f.kind is _ENDS_ALL), None)
    order = next((f for f in facts if f.kind is EventKind.DETENTION_ORDER), None)
    result = []
    for rule in rules:
        if category not in rule.categories:
            continue
        if rule.starts_at == "arrest":
            due = arrested_at + dt.timedelta(hours=rule.hours)
        elif rule.starts_at == "detention_order":
            if order is None:
                continue
            # The order's own end (if given) or the rule's validity; a judge's extension moves it.
            due = order.at + dt.timedelta(hours=rule.hours)
            ends = [f.ends_at for f in facts if f.kind is EventKind.EXTENSION and f.ends_at is not None]
            if ends:
                due = max(ends)
            elif order.ends_at is not None:
                due = min(due, order.ends_at)
        else:
            raise ValueError(f"{rule.code}: unknown start {rule.starts_at!r}")
        met = next((f.at for f in facts if f.kind in rule.met_by), None)
        if met is None:
            met = release
        result.append(Deadline(rule, due, met))
    return sorted(result, key=lambda d: d.due_at)


def next_deadline(found: Iterable[Deadline]) -> Deadline | None:
    """The earliest deadline not yet met."""
    pending = [d for d in found if d.met_at is None]
    return min(pending, key=lambda d: d.due_at) if pending else None


def overdue(found: Iterable[Deadline], now: dt.datetime) -> list[tuple[Deadline, dt.timedelta]]:
    """Deadlines past due and unmet, most overdue first."""
    late = [(d, by) for d in found if (by := d.overdue_by(now)) is not None]
    return sorted(late, key=lambda pair: pair[1], reverse=True)


__all__ = [
    "ANY",
    "DEFAULT_RULES",
    "ORDINARY",
    "STATE_SECURITY",
    "Deadline",
    "Rule",
    "deadlines",
    "next_deadline",
    "order_end",
    "overdue",
    "with_overrides",
]
