"""Fixtures shared by every test: the demo organisation, users by role, clients signed in."""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.demo.loader import DEMO_PASSWORD, load_demo

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # Playwright's sync API runs an event loop
_CLOCK_KEY = pytest.StashKey[Any]()

ROLE_USERNAMES = {
    "t1_operator": "t1",
    "directorate_operator": "tripoli.room",
    "checkpoint_officer": "checkpoint",
    "investigator": "investigator",
    "records_clerk": "clerk",
    "prosecutor": "prosecutor",
    "personnel_officer": "personnel",
    "inspector": "inspector",
    "media_officer": "media",
    "auditor": "auditor",
    "site_admin": "admin",
}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo organisation once; each test runs in a transaction rolled back after it."""
    with django_db_blocker.unblock():
        load_demo()


@pytest.fixture(autouse=True)
def _demo_mode(settings):  # type: ignore[no-untyped-def]
    settings.SIJILL_DEMO = True


@pytest.fixture(autouse=True)
def _default_language():  # type: ignore[no-untyped-def]
    """Each test starts in the site's language (Arabic), whatever an earlier request activated."""
    translation.activate(settings.LANGUAGE_CODE)
    yield
    translation.deactivate()


@pytest.fixture
def demo(db) -> None:  # type: ignore[no-untyped-def]
    # The demo loads in one transaction, so its accounts exist only if all of it does; reload
    # only after a transactional test flushed the database (a full reload costs hundreds of queries).
    if not User.objects.filter(is_demo_account=True).exists():
        load_demo()


@pytest.fixture
def user_of(demo) -> Callable[[str], User]:  # type: ignore[no-untyped-def]
    def get(role_or_username: str) -> User:
        username = ROLE_USERNAMES.get(role_or_username, role_or_username)
        return User.objects.select_related("unit").get(username=username)

    return get


@pytest.fixture
def actor_of(user_of) -> Callable[[str], Actor]:  # type: ignore[no-untyped-def]
    return lambda role: Actor.from_user(user_of(role))


@pytest.fixture
def client_of(user_of) -> Callable[[str], Client]:  # type: ignore[no-untyped-def]
    def make(role: str) -> Client:
        client = Client()
        client.force_login(user_of(role))
        return client

    return make


@pytest.fixture
def password() -> str:
    return DEMO_PASSWORD


def pytest_configure(config: pytest.Config) -> None:
    """``SIJILL_TEST_CLOCK=2027-01-31`` runs the whole session on that day (the clock ticks on from
    it), so a test that holds only on the day it was written fails at once in CI."""
    clock = os.environ.get("SIJILL_TEST_CLOCK", "").strip()
    if clock:
        import time_machine

        moment = dt.datetime.fromisoformat(clock)
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=dt.UTC)
        traveller = time_machine.travel(moment, tick=True)
        traveller.start()
        config.stash[_CLOCK_KEY] = traveller


def pytest_unconfigure(config: pytest.Config) -> None:
    traveller = config.stash.get(_CLOCK_KEY, None)
    if traveller is not None:
        traveller.stop()


def pytest_report_header(config: pytest.Config) -> str:
    clock = os.environ.get("SIJILL_TEST_CLOCK", "").strip()
    moved = f"; clock moved to {clock}" if clock else ""
    return f"sijill database: {settings.DATABASES['default']['ENGINE']}{moved}"
