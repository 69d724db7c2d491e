"""The jobs app's own task: pruning finished jobs."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django_tasks import task


@task()
def prune_finished_jobs() -> int:
    """Delete finished jobs older than SIJILL_JOB_RETENTION_DAYS (their outcome is in the audit log)."""
    from django_tasks_db.models import DBTaskResult

    cutoff = timezone.now() - dt.timedelta(days=float(settings.SIJILL_JOB_RETENTION_DAYS))
    deleted, _ = DBTaskResult.objects.filter(status__in=["SUCCESSFUL", "FAILED"], finished_at__lt=cutoff).delete()
    return deleted
