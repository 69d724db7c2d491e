"""The worker's own bookkeeping (local to the site, never replicated).

The jobs themselves are django-tasks-db's ``DBTaskResult`` rows.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class PeriodicRun(models.Model):
    """When a periodic task is next due; claimed by one worker with a compare-and-set."""

    name = models.CharField(max_length=100, primary_key=True)
    next_due_at = models.DateTimeField()
    last_enqueued_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class WorkerBeat(models.Model):
    """A running ``sijill worker``: its heartbeat tells a live worker from one that was killed."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    host = models.CharField(max_length=255)
    pid = models.PositiveIntegerField()
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        ordering = ["-started_at"]
        verbose_name = _("worker")

    def __str__(self) -> str:
        return self.worker_id
