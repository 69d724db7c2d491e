"""Custody state machine and legal deadlines alone (no database)."""

import datetime as dt

import pytest

from sijill.custody import deadlines as dl
from sijill.custody.states import CustodyState, EventKind, Fact, IllegalTransition, check, order_end, state_of

T0 = dt.datetime(2026, 3, 1, 8, 0, tzinfo=dt.UTC)
H = dt.timedelta(hours=1)
D = dt.timedelta(days=1)


def f(kind: str, at: dt.datetime, ends_at: dt.datetime | None = None) -> Fact:
    return Fact(EventKind(kind), at, ends_at)


# --- state machine ----------------------------------------------------------------------------


def test_states_follow_the_events():
    assert state_of([]) is CustodyState.IN_CUSTODY
    assert state_of([f("transfer", T0 + H)]) is CustodyState.TRANSFERRED
    assert state_of([f("transfer", T0 + H), f("referral", T0 + 2 * H)]) is CustodyState.REFERRED
    detained = [f("referral", T0 + H), f("detention_order", T0 + 2 * H, T0 + 14 * D)]
    assert state_of(detained) is CustodyState.DETAINED
    assert state_of([*detained, f("release", T0 + 3 * D)]) is CustodyState.RELEASED


@pytest.mark.parametrize("kind", [k.value for k in EventKind])
def test_nothing_follows_a_release(kind):
    released = [f("referral", T0 + H), f("release", T0 + 2 * H)]
    with pytest.raises(IllegalTransition) as info:
        check(released, f(kind, T0 + 3 * H, T0 + 20 * D), T0)
    assert info.value.reason == "after_release"


def test_illegal_transitions_are_refused_with_a_reason():
    cases = [
        ([], f("detention_order", T0 + H, T0 + 10 * D), "order_without_referral"),
        ([], f("extension", T0 + H, T0 + 10 * D), "extension_without_order"),
        ([f("referral", T0 + H)], f("referral", T0 + 2 * H), "already_referred"),
        ([], f("questioning", T0 - H), "before_arrest"),
        (
            [f("referral", T0 + H), f("detention_order", T0 + 2 * H, T0 + 14 * D)],
            f("extension", T0 + 3 * H, T0 + 10 * D),
            "extension_not_later",
        ),
        (
            [f("referral", T0 + H), f("detention_order", T0 + 2 * H, T0 + 14 * D)],
            f("detention_order", T0 + 3 * H, T0 + 14 * D),
            "order_exists",
        ),
    ]
    for facts, new, reason in cases:
        with pytest.raises(IllegalTransition) as info:
            check(facts, new, T0)
        assert info.value.reason == reason


def test_legal_sequence_is_accepted():
    facts: list[Fact] = []
    for new in [
        f("transfer", T0 + H),
        f("referral", T0 + 20 * H),
        f("questioning", T0 + 22 * H),
        f("detention_order", T0 + D, T0 + 15 * D),
        f("extension", T0 + 14 * D, T0 + 44 * D),
        f("release", T0 + 30 * D),
    ]:
        check(facts, new, T0)
        facts.append(new)
    assert order_end(facts) == T0 + 44 * D


# --- deadlines --------------------------------------------------------------------------------


def codes(found):
    return {d.rule.code: d for d in found}


def test_ordinary_crime_brought_before_the_prosecution_within_48_hours():
    found = codes(dl.deadlines(T0, dl.ORDINARY, [], dl.DEFAULT_RULES))
    assert found["ccp_26_referral"].due_at == T0 + 48 * H
    assert "law_3_2013_referral" not in found
    late = dl.overdue(found.values(), T0 + 3 * D)
    assert next((d.rule.code, by) for d, by in late) == ("ccp_26_referral", 24 * H)
    assert dl.next_deadline(found.values()).rule.code == "ccp_26_referral"


def test_crime_against_the_state_has_7_days_but_questioning_within_3():
    found = codes(dl.deadlines(T0, dl.STATE_SECURITY, [], dl.DEFAULT_RULES))
    assert found["law_3_2013_referral"].due_at == T0 + 7 * D
    assert found["law_3_2013_questioning"].due_at == T0 + 3 * D
    assert "ccp_26_referral" not in found
    assert dl.overdue(found.values(), T0 + 2 * D) == []
    assert [d.rule.code for d, _ in dl.overdue(found.values(), T0 + 4 * D)] == ["law_3_2013_questioning"]


def test_referral_in_time_meets_the_deadline_and_a_late_one_is_marked():
    found = codes(dl.deadlines(T0, dl.ORDINARY, [f("referral", T0 + 30 * H)], dl.DEFAULT_RULES))
    assert found["ccp_26_referral"].met_at == T0 + 30 * H and not found["ccp_26_referral"].met_late
    late = codes(dl.deadlines(T0, dl.ORDINARY, [f("referral", T0 + 50 * H)], dl.DEFAULT_RULES))
    assert late["ccp_26_referral"].met_late


def test_detention_order_valid_14_days_unless_a_judge_extends_it():
    order = [f("referral", T0 + H), f("questioning", T0 + 2 * H), f("detention_order", T0 + D, T0 + 15 * D)]
    found = codes(dl.deadlines(T0, dl.ORDINARY, order, dl.DEFAULT_RULES))
    assert found["detention_order_validity"].due_at == T0 + 15 * D
    assert [d.rule.code for d, _ in dl.overdue(found.values(), T0 + 16 * D)] == ["detention_order_validity"]
    extended = codes(
        dl.deadlines(T0, dl.ORDINARY, [*order, f("extension", T0 + 14 * D, T0 + 45 * D)], dl.DEFAULT_RULES)
    )
    assert extended["detention_order_validity"].due_at == T0 + 45 * D
    assert dl.overdue(extended.values(), T0 + 16 * D) == []


def test_release_meets_every_deadline():
    found = dl.deadlines(T0, dl.ORDINARY, [f("release", T0 + 5 * H)], dl.DEFAULT_RULES)
    assert all(d.met_at == T0 + 5 * H for d in found)
    assert dl.overdue(found, T0 + 30 * D) == []


def test_rules_are_configurable():
    rules = dl.with_overrides({"ccp_26_referral": {"hours": 24}, "law_3_2013_questioning": {"enabled": False}})
    found = codes(dl.deadlines(T0, dl.ORDINARY, [], rules))
    assert found["ccp_26_referral"].due_at == T0 + 24 * H
    assert "law_3_2013_questioning" not in found
    with pytest.raises(ValueError):
        dl.with_overrides({"no_such_rule": {"hours": 1}})
    with pytest.raises(ValueError):
        dl.with_overrides({"ccp_26_referral": {"start": "x"}})
    with pytest.raises(ValueError):
        dl.with_overrides({"ccp_26_referral": {"hours": 0}})
