"""The warrant state machine alone (no database)."""

import datetime as dt

import pytest

from sijill.warrants.states import Event, IllegalTransition, WarrantState, check, check_dates, state_of

TODAY = dt.date(2026, 3, 10)


def test_active_until_the_end_of_its_expiry_date():
    assert state_of(executed=False, cancelled=False, expires_on=TODAY, today=TODAY) is WarrantState.ACTIVE
    assert state_of(executed=False, cancelled=False, expires_on=None, today=TODAY) is WarrantState.ACTIVE


def test_expired_the_day_after_without_any_job():
    yesterday = TODAY - dt.timedelta(days=1)
    assert state_of(executed=False, cancelled=False, expires_on=yesterday, today=TODAY) is WarrantState.EXPIRED


def test_execution_and_cancellation_outlive_the_expiry_date():
    old = TODAY - dt.timedelta(days=30)
    assert state_of(executed=True, cancelled=False, expires_on=old, today=TODAY) is WarrantState.EXECUTED
    assert state_of(executed=False, cancelled=True, expires_on=old, today=TODAY) is WarrantState.CANCELLED


@pytest.mark.parametrize("event", list(Event))
def test_an_active_warrant_allows_every_event(event):
    check(WarrantState.ACTIVE, event)


@pytest.mark.parametrize("state", [WarrantState.EXECUTED, WarrantState.CANCELLED, WarrantState.EXPIRED])
@pytest.mark.parametrize("event", list(Event))
def test_an_inactive_warrant_refuses_every_event(state, event):
    with pytest.raises(IllegalTransition) as info:
        check(state, event)
    assert info.value.state is state and info.value.event is event


def test_dates():
    assert check_dates(TODAY, TODAY - dt.timedelta(days=1)) == "expiry_before_issue"
    assert check_dates(TODAY, TODAY) is None
    assert check_dates(TODAY, None) is None
