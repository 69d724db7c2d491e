"""Accounts: creating users, issuing and revoking API tokens, resolving a token to its user."""

from __future__ import annotations

import datetime as dt
import getpass
import hmac
import uuid
from typing import Any

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.accounts.models import ApiToken, Role, User
from sijill.audit.services import record_event, record_read, record_write, snapshot
from sijill.core.actor import Actor
from sijill.core.errors import NotFound, ValidationFailed
from sijill.core.federation import current_site
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, given_filters, save_edit
from sijill.organisation.models import Unit


@transaction.atomic
def do_create_user(
    actor: Actor,
    *,
    username: str,
    password: str,
    role: str,
    unit_id: uuid.UUID | None,
    full_name_ar: str = "",
    email: str = "",
    is_demo_account: bool = False,
) -> User:
    actor.scope("user.manage")
    if role not in Role.values:
        raise ValidationFailed(details={"role": [_("Unknown role.")]})
    unit = get_visible(Unit, actor, "org.view", unit_id) if unit_id else None
    if unit is not None and unit.origin_site != current_site():
        raise ValidationFailed(details={"unit_id": [_("A user must belong to a unit of this site.")]})
    if User.objects.local().filter(username=username).exists():
        raise ValidationFailed(details={"username": [_("This username is taken.")]})
    user = User(username=username, role=role, unit=unit, full_name_ar=full_name_ar, email=email)
    user.is_demo_account = is_demo_account
    try:
        validate_password(password, user)
    except DjangoValidationError as exc:
        raise ValidationFailed(details={"password": exc.messages}) from exc
    user.set_password(password)
    create_record(user, actor)
    record_write(actor, "user.create", user)
    return user


@transaction.atomic
def do_set_user_active(actor: Actor, user_id: uuid.UUID, *, active: bool, expected_version: int | None) -> User:
    user = get_visible(User.objects.select_for_update(), actor, "user.manage", user_id)
    before = snapshot(user)
    user.is_active = active
    save_edit(user, actor, expected_version)
    record_write(actor, "user.activate" if active else "user.deactivate", user, before=before)
    return user


@transaction.atomic
def do_issue_token(actor: Actor, user: User, *, name: str, days: int | None = 90) -> tuple[ApiToken, str]:
    """Issue a personal token for the acting user; the token text is returned once, never stored."""
    if actor.user_id != user.pk:
        raise NotFound()
    if not name.strip():
        raise ValidationFailed(details={"name": [_("Give the token a name.")]})
    token_id, full, digest = ApiToken.new_secret()
    expires = timezone.now() + dt.timedelta(days=days) if days else None
    token = ApiToken.objects.create(id=token_id, user=user, name=name.strip()[:100], digest=digest, expires_at=expires)
    record_write(actor, "token.issue", user, after={"token_id": token_id, "name": token.name})
    return token, full


@transaction.atomic
def do_revoke_token(actor: Actor, token_id: str) -> ApiToken:
    if actor.user_id is None:
        raise NotFound()
    token = ApiToken.objects.select_for_update().filter(id=token_id, user_id=actor.user_id).first()
    if token is None:
        raise NotFound()
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        record_write(actor, "token.revoke", token.user, after={"token_id": token_id})
    return token


STAFF_LOOKUP_PURPOSE = "staff directory"


@transaction.atomic
def browse_users(actor: Actor, *, text: str = "", role: str = "") -> QuerySet[User]:
    """Colleagues in the actor's scope, filtered by name or role; the look-up goes to the audit log."""
    qs = visible(User.objects.select_related("unit", "unit__directorate"), actor, "user.view")
    if text:
        qs = qs.filter(Q(username__icontains=text) | Q(full_name_ar__icontains=text))
    if role:
        qs = qs.filter(role=role)
    record_read(actor, "user.list", purpose=STAFF_LOOKUP_PURPOSE, filters=given_filters({"text": text, "role": role}))
    return qs


@transaction.atomic
def read_user(actor: Actor, user_id: uuid.UUID) -> User:
    """A colleague's account is personal data too: the look-up is logged (purpose: staff directory)."""
    user = get_visible(User.objects.select_related("unit"), actor, "user.view", user_id)
    if actor.user_id != user.pk:
        record_read(actor, "user.read", user, purpose=STAFF_LOOKUP_PURPOSE)
    return user


def user_for_token(raw: str) -> User | None:
    """The active user behind an API token, or None. Compares digests only."""
    parts = ApiToken.split(raw)
    if parts is None:
        return None
    token_id, digest = parts
    token = ApiToken.objects.select_related("user", "user__unit").filter(id=token_id).first()
    if token is None or not token.is_active or not _equal(token.digest, digest):
        return None
    if not token.user.is_active or token.user.origin_site != current_site():
        return None
    now = timezone.now()
    if token.last_used_at is None or (now - token.last_used_at).total_seconds() > 60:
        ApiToken.objects.filter(id=token_id).update(last_used_at=now)
    return token.user


def _equal(a: str, b: str) -> bool:
    return hmac.compare_digest(a, b)


def cli_actor(username: str, command: str) -> Actor | None:
    """The actor of ``sijill COMMAND --as USERNAME``: that active user of this site, on the CLI channel
    (None when there is none). The operating-system account that typed the command is recorded
    beside the user, in an audit event that opens the command's entries."""
    user = User.objects.local().select_related("unit").filter(username=username, is_active=True).first()
    if user is None:
        return None
    actor = Actor.from_user(user, channel="cli")
    record_event(actor, "auth.cli_as", os_account=getpass.getuser(), command=command[:100])
    return actor


def record_login(user: User, channel: str = "web") -> None:
    record_event(Actor.from_user(user, channel), "auth.login")


def record_login_failed(username: str, **detail: Any) -> None:
    record_event(
        Actor(user_id=None, username=username[:150], role="", site=current_site(), channel="web"),
        "auth.login_failed",
        **detail,
    )
