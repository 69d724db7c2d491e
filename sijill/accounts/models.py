"""Users, their role and unit, and their API tokens."""

from __future__ import annotations

import hashlib
import secrets
from typing import Any, ClassVar

from django.contrib.auth.models import AbstractUser, UserManager
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from sijill.core import matrix
from sijill.core.federation import FederatedModel, FederatedQuerySet, current_site
from sijill.core.permissions import Scoping


class Role(models.TextChoices):
    T1_OPERATOR = "t1_operator", _("National room (T1) operator")
    DIRECTORATE_OPERATOR = "directorate_operator", _("Directorate room operator")
    CHECKPOINT_OFFICER = "checkpoint_officer", _("Checkpoint officer")
    INVESTIGATOR = "investigator", _("Investigator")
    RECORDS_CLERK = "records_clerk", _("Records clerk")
    PROSECUTOR = "prosecutor", _("Prosecutor")
    PERSONNEL_OFFICER = "personnel_officer", _("Personnel officer")
    INSPECTOR = "inspector", _("Inspector")
    MEDIA_OFFICER = "media_officer", _("Media officer")
    AUDITOR = "auditor", _("Auditor")
    SITE_ADMIN = "site_admin", _("Site administrator")


assert sorted(Role.values) == sorted(matrix.ROLES), "roles must match the permission matrix"


class SijillUserManager(UserManager.from_queryset(FederatedQuerySet)):  # type: ignore[misc]
    """Django's user manager (create_user, natural keys) over the ownership-checking queryset.

    Usernames are unique per site, not statewide: two sites creating the same username while
    their link is down must not stall replication. A name resolves to this site's account first;
    another site's account is returned only so that sign-in can say where it belongs.
    """

    def local(self) -> Any:
        return self.filter(origin_site=current_site())

    def get_by_natural_key(self, username: str | None) -> Any:
        candidates = list(self.filter(username=username)[:10])
        for user in candidates:
            if user.origin_site == current_site():
                return user
        if candidates:
            return candidates[0]
        raise self.model.DoesNotExist


class User(FederatedModel, AbstractUser):
    """A person who works with Sijill. Belongs to one unit and holds one role.

    Accounts are administered by their own site and can sign in only there.
    """

    username = models.CharField(
        _("username"),
        max_length=150,
        help_text=_("Required. 150 characters or fewer. Letters, digits and @/./+/-/_ only."),
        validators=[UnicodeUsernameValidator()],
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    unit = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="members",
    )
    full_name_ar = models.CharField(_("full name (Arabic)"), max_length=200, blank=True)
    # Only accounts made by the demo loader may skip 2FA, and only while SIJILL_DEMO is on.
    is_demo_account = models.BooleanField(default=False, editable=False)

    objects: ClassVar[Any] = SijillUserManager()

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["username"]
        verbose_name = _("user")
        constraints = [models.UniqueConstraint(fields=["origin_site", "username"], name="user_username_per_site")]

    @property
    def display_name(self) -> str:
        return self.full_name_ar or self.get_full_name() or self.username

    @property
    def requires_two_factor(self) -> bool:
        return matrix.requires_two_factor(self.role)


TOKEN_PREFIX = "sjl"  # noqa: S105 (a public prefix, not a secret)


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


class ApiToken(models.Model):
    """A personal API token. Only its SHA-256 digest is stored; the token is shown once.

    Local to the site that issued it (never replicated): a token works only where its user signs in.
    """

    id = models.CharField(primary_key=True, max_length=16, editable=False)
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens")
    name = models.CharField(_("name"), max_length=100)
    digest = models.CharField(max_length=64, editable=False)
    created_at = models.DateTimeField(_("created at"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True, editable=False)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("API token")

    def __str__(self) -> str:
        return f"{self.name} ({self.id})"

    @classmethod
    def new_secret(cls) -> tuple[str, str, str]:
        """Return (token id, full token string to show once, digest to store)."""
        token_id = secrets.token_hex(8)
        secret = secrets.token_urlsafe(32)
        full = f"{TOKEN_PREFIX}_{token_id}_{secret}"
        return token_id, full, _digest(full)

    @staticmethod
    def split(full: str) -> tuple[str, str] | None:
        parts = full.strip().split("_", 2)
        if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
            return None
        return parts[1], _digest(full.strip())

    @property
    def is_active(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)
