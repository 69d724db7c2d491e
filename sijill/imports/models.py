"""An import started from the page: this site's own working table (not replicated to peers)."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class JobStatus(models.TextChoices):
    VALIDATING = "validating", _("Checking the file")
    INVALID = "invalid", _("Refused: errors in the file")
    VALID = "valid", _("Checked: ready to import")
    IMPORTING = "importing", _("Importing")
    DONE = "done", _("Imported")
    FAILED = "failed", _("Failed")


class ImportJob(models.Model):
    """One uploaded file, its validation report and its import.

    The uploaded content is kept only until it is imported (it holds personal data); the hash,
    the counts and the report stay, and the import itself is in the audit log.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    registry = models.CharField(_("registry"), max_length=40)
    file_name = models.CharField(_("file"), max_length=255)
    sha256 = models.CharField(max_length=64)
    content = models.BinaryField(default=b"", editable=False)
    rejects = models.BinaryField(default=b"", editable=False)
    status = models.CharField(_("status"), max_length=12, choices=JobStatus.choices, default=JobStatus.VALIDATING)
    skip_invalid = models.BooleanField(default=False)
    rows = models.PositiveIntegerField(default=0)
    valid = models.PositiveIntegerField(default=0)
    invalid = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    existing = models.PositiveIntegerField(default=0)
    report = models.JSONField(default=dict)
    error = models.TextField(blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("import")

    def __str__(self) -> str:
        return self.file_name

    @property
    def running(self) -> bool:
        return self.status in (JobStatus.VALIDATING, JobStatus.IMPORTING)
