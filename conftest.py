"""Fixtures shared by every test: the demo organisation, users by role, clients signed in."""

from __future__ import annotations

import datetime as dt
import os
import shutil
from collections.abc import Callable
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.utils import translation

from sijill.accounts.models import User
from sijill.core.actor import Actor
from sijill.demo.loader import DEMO_PASSWORD, load_demo
from tests import dbroles

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
def _audit_session_files(tmp_path_factory):  # type: ignore[no-untyped-def]
    """This run's audit key, pinned keys and checkpoints, never those of `make run` under var/."""
    base = tmp_path_factory.mktemp("audit")
    settings.SIJILL_AUDIT_KEY_FILE = base / "audit_signing_key.pem"
    settings.SIJILL_AUDIT_TRUSTED_KEYS = base / "trusted_keys.txt"
    settings.SIJILL_AUDIT_CHECKPOINT_FILE = base / "checkpoints.jsonl"
    return base


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings, _audit_session_files):  # type: ignore[no-untyped-def]
    """On PostgreSQL: the owner role creates and migrates the test database (tests/dbroles.py)."""
    dbroles.prepare()


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):  # type: ignore[no-untyped-def]
    """Load the demo organisation once; each test runs in a transaction rolled back after it.

    On PostgreSQL the tests (and the demo load) run as the application's role, which owns nothing.
    """
    if dbroles.ROLES is not None:
        dbroles.connect_as(dbroles.ROLES.app)
    with django_db_blocker.unblock():
        load_demo()
    yield
    if dbroles.ROLES is not None:
        dbroles.connect_as(dbroles.ROLES.owner)  # the owner drops the test database


@pytest.fixture(autouse=True)
def _audit_files(tmp_path, _audit_session_files):  # type: ignore[no-untyped-def]
    """Each test starts from the session's key and pinned keys, and with no checkpoint of its own:
    a rolled-back test leaves no signed head behind that a later test's log would be shorter than."""
    own = tmp_path / "audit"
    own.mkdir()
    for name in ("audit_signing_key.pem", "trusted_keys.txt"):
        if (_audit_session_files / name).exists():
            shutil.copy2(_audit_session_files / name, own / name)
    saved = (settings.SIJILL_AUDIT_KEY_FILE, settings.SIJILL_AUDIT_TRUSTED_KEYS, settings.SIJILL_AUDIT_CHECKPOINT_FILE)
    settings.SIJILL_AUDIT_KEY_FILE = own / "audit_signing_key.pem"
    settings.SIJILL_AUDIT_TRUSTED_KEYS = own / "trusted_keys.txt"
    settings.SIJILL_AUDIT_CHECKPOINT_FILE = own / "checkpoints.jsonl"
    yield own
    settings.SIJILL_AUDIT_KEY_FILE, settings.SIJILL_AUDIT_TRUSTED_KEYS, settings.SIJILL_AUDIT_CHECKPOINT_FILE = saved


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
