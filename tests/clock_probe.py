"""Run only by tests/test_clock.py, in a pytest of its own under SIJILL_TEST_CLOCK."""

import datetime as dt
import os

from django.utils import timezone


def test_the_session_runs_on_the_moved_clock():
    moved = dt.datetime.fromisoformat(os.environ["SIJILL_TEST_CLOCK"])
    assert timezone.localdate() == timezone.localtime(moved).date()
    assert abs(timezone.now() - moved) < dt.timedelta(minutes=5)  # the clock ticks on from there
