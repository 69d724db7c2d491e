"""The audit log: append-only, hash-chained and signed per site.

Each entry stores the hash of the previous entry of its site and its own hash over its content,
and the site signs that hash with its Ed25519 key (kept outside the database). Altering, deleting
or inserting a row afterwards breaks the chain or a signature, even for someone who can write to
the database directly but does not hold the key. The chain head (last sequence number, signed)
catches the removal of the newest rows.
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.permissions import Scoping


class AuditKind(models.TextChoices):
    WRITE = "write", _("Change")
    READ = "read", _("Read of personal data")
    AUTH = "auth", _("Sign-in and security")
    SYSTEM = "system", _("System")


class AuditEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.CharField(_("site"), max_length=8)
    seq = models.BigIntegerField(_("sequence"))
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
    action = models.CharField(_("action"), max_length=60, db_index=True)
    channel = models.CharField(_("channel"), max_length=10)
    actor_id = models.UUIDField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user"), max_length=150, db_index=True)
    actor_role = models.CharField(_("role"), max_length=30)
    actor_site = models.CharField(_("user's site"), max_length=8)
    actor_unit_id = models.UUIDField(_("user's unit"), null=True, blank=True)
    actor_unit_path = models.CharField(max_length=1000, blank=True)
    actor_directorate_id = models.UUIDField(null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True, db_index=True)
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    purpose = models.TextField(_("stated purpose"), blank=True)
    before = models.JSONField(_("before"), null=True, blank=True)
    after = models.JSONField(_("after"), null=True, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)

    scoping: ClassVar[Scoping] = Scoping(site="site", directorate="actor_directorate_id", unit_path="actor_unit_path")
    # Replicated: each site publishes its own chain (sijill.core.federation.federated_models).
    federated = True
    federation_owner = "site"

    class Meta:
        ordering = ["site", "-seq"]
        constraints = [models.UniqueConstraint(fields=["site", "seq"], name="audit_unique_site_seq")]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.site}#{self.seq} {self.action}"


class AuditChainHead(models.Model):
    """The newest entry of a site's chain, signed; locked while appending so the chain never forks."""

    site = models.CharField(max_length=8, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)
    key_id = models.CharField(max_length=16, blank=True)
    signature = models.CharField(max_length=128, blank=True)

    # Replicated with the entries, in the same transaction: a peer checks the newest entries too.
    federated = True
    federation_owner = "site"

    def __str__(self) -> str:
        return f"{self.site}#{self.seq}"


class AuditSigningKey(models.Model):
    """A site's public key, so that every site can verify every chain."""

    key_id = models.CharField(max_length=16, primary_key=True)
    site = models.CharField(max_length=8)
    public_key = models.TextField()
    created_at = models.DateTimeField(auto_now_add=True)

    federated = True  # every site verifies every chain
    federation_owner = "site"

    def __str__(self) -> str:
        return f"{self.site}:{self.key_id}"
