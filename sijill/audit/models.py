"""The audit log: entries appended without a site-wide lock, then sequenced into a signed hash chain.

A request writes its entry, with the SHA-256 of its canonical content (``hash``), in its own
transaction: writers never wait for each other. A sequencer per site (a background task of
``sijill worker``) takes the committed entries that have no place yet, gives each the next
``seq`` and its ``chain_hash`` (the hash of the previous entry's chain hash, the sequence number
and the content hash), and signs one head per batch with the site's Ed25519 key. The keys that
``verify`` trusts are pinned in a file outside the database; signed heads are also appended to a
checkpoint file outside it and witnessed by peer sites (``sijill.federation.witness``).
"""

from __future__ import annotations

import uuid
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.audit.fields import CanonicalJSONField
from sijill.core.permissions import Scoping


class AuditKind(models.TextChoices):
    WRITE = "write", _("Change")
    READ = "read", _("Read of personal data")
    AUTH = "auth", _("Sign-in and security")
    SYSTEM = "system", _("System")


class AuditEntry(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    site = models.CharField(_("site"), max_length=8)
    # Given by the sequencer (None until then); unique per site and without gaps.
    seq = models.BigIntegerField(_("sequence"), null=True, blank=True)
    at = models.DateTimeField(_("time"), db_index=True)
    kind = models.CharField(_("kind"), max_length=10, choices=AuditKind.choices)
    # Not indexed: the auditor's filter is a prefix (LIKE 'x%'), which a plain index does not serve,
    # and every index costs each audited request an index insert.
    action = models.CharField(_("action"), max_length=60)
    channel = models.CharField(_("channel"), max_length=10)
    actor_id = models.UUIDField(_("user id"), null=True, blank=True)
    actor_username = models.CharField(_("user"), max_length=150, db_index=True)
    actor_role = models.CharField(_("role"), max_length=30)
    actor_site = models.CharField(_("user's site"), max_length=8)
    actor_unit_id = models.UUIDField(_("user's unit"), null=True, blank=True)
    actor_unit_path = models.CharField(max_length=1000, blank=True)
    actor_directorate_id = models.UUIDField(null=True, blank=True)
    object_type = models.CharField(_("object type"), max_length=60, blank=True)  # object_id's index serves
    object_id = models.CharField(_("object id"), max_length=64, blank=True, db_index=True)
    object_repr = models.CharField(_("object"), max_length=300, blank=True)
    purpose = models.TextField(_("stated purpose"), blank=True)
    before = CanonicalJSONField(_("before"), null=True, blank=True)
    after = CanonicalJSONField(_("after"), null=True, blank=True)
    hash = models.CharField(max_length=64)  # SHA-256 of the canonical content (sijill.audit.chain)
    chain_hash = models.CharField(max_length=64, blank=True)  # set with seq by the sequencer
    sequenced_at = models.DateTimeField(_("sequenced at"), null=True, blank=True)

    scoping: ClassVar[Scoping] = Scoping(site="site", directorate="actor_directorate_id", unit_path="actor_unit_path")
    # Replicated: each site publishes its own chain (sijill.core.federation.federated_models).
    federated = True
    federation_owner = "site"
    # What the application's database role may do here (sijill.core.dbroles): append, and place.
    app_privileges = ("SELECT", "INSERT")
    app_update_columns = ("seq", "chain_hash", "sequenced_at")

    class Meta:
        ordering = ["-at"]
        constraints = [models.UniqueConstraint(fields=["site", "seq"], name="audit_unique_site_seq")]
        indexes = [
            # The sequencer's queue: entries not yet in the chain, oldest first.
            models.Index(fields=["site", "at"], name="audit_unsequenced", condition=models.Q(seq__isnull=True)),
        ]
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")

    def __str__(self) -> str:
        return f"{self.site}#{self.seq or '-'} {self.action}"


class AuditChainHead(models.Model):
    """The newest signed head of a site's chain: only the sequencer locks and moves it."""

    site = models.CharField(max_length=8, primary_key=True)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64, default="0" * 64)  # chain hash of entry ``seq``
    key_id = models.CharField(max_length=16, blank=True)
    signature = models.CharField(max_length=128, blank=True)
    signed_at = models.DateTimeField(null=True, blank=True)

    # Replicated with the entries: peers witness it (sijill.federation.witness).
    federated = True
    federation_owner = "site"
    app_privileges = ("SELECT", "INSERT", "UPDATE")

    def __str__(self) -> str:
        return f"{self.site}#{self.seq}"


class AuditSigningKey(models.Model):
    """A site's public key as published to its peers: a directory, never a trust root.

    ``verify`` trusts only the keys pinned in the trusted-keys file (``SIJILL_AUDIT_TRUSTED_KEYS``);
    ``federation join`` shows a peer's key from here with its fingerprint, and pins it once the
    operator confirms the fingerprint.
    """

    key_id = models.CharField(max_length=16, primary_key=True)
    site = models.CharField(max_length=8)
    public_key = models.TextField()
    from_seq = models.BigIntegerField(default=1)  # the first entry whose head this key signs
    created_at = models.DateTimeField(auto_now_add=True)

    federated = True  # every site verifies every chain
    federation_owner = "site"
    app_privileges = ("SELECT", "INSERT")

    def __str__(self) -> str:
        return f"{self.site}:{self.key_id}"


class WitnessedHead(models.Model):
    """The highest signed head of a site's log seen by a witness site (local, never replicated).

    Rows with ``witness`` = this site are what this site saw of its peers' logs; rows about this
    site come from its peers (fetched over federation), so a rollback here is caught by what they
    saw. A head that goes backwards, another hash for the same entry, or a log missing entries
    under a head its site signed is recorded in ``alarm`` and shown on the federation page.
    """

    site = models.CharField(max_length=8)
    witness = models.CharField(max_length=8)
    seq = models.BigIntegerField(default=0)
    hash = models.CharField(max_length=64)
    key_id = models.CharField(max_length=16)
    signature = models.CharField(max_length=128)
    seen_at = models.DateTimeField()
    alarm = models.TextField(blank=True)
    alarm_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["site", "witness"]
        constraints = [models.UniqueConstraint(fields=["site", "witness"], name="audit_witness_once")]

    def __str__(self) -> str:
        return f"{self.site}#{self.seq} seen by {self.witness}"
