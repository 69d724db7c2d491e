"""Periodic work: the declaration (``Periodic``) and the worker's scheduler.

A periodic task is a django-tasks ``Task`` and an interval. The scheduler of every running worker
looks each second for declarations that are due; one worker claims a run with a compare-and-set on
its ``PeriodicRun`` row, so two workers never enqueue the same run, and it is skipped while the
previous run still waits or runs. ``inline=True`` is for short, frequent work that must not wait
behind other jobs (the audit sequencer): the worker calls it in a thread of its own every
``every``, outside the queue.
"""

from __future__ import annotations

import datetime as dt
import logging
import threading
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import close_old_connections, connection, transaction
from django.utils import timezone

from sijill.core.appmodules import app_modules

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Periodic:
    name: str
    task: Any  # a django-tasks Task taking no arguments
    every: dt.timedelta
    label: Any = ""  # what the background-work page shows (translated)
    inline: bool = False


@cache
def job_labels() -> dict[str, Any]:
    """Task path → label, from every app's ``periodic.JOB_LABELS`` and its periodic tasks."""
    labels: dict[str, Any] = {}
    for module in app_modules("periodic"):
        labels.update(getattr(module, "JOB_LABELS", {}))
        for item in getattr(module, "PERIODIC", []):
            labels.setdefault(item.task.module_path, item.label or item.name)
    return labels


@cache
def declared() -> list[Periodic]:
    """Every app's ``periodic.PERIODIC``, in the order of INSTALLED_APPS."""
    found: list[Periodic] = []
    names: set[str] = set()
    for module in app_modules("periodic"):
        for item in getattr(module, "PERIODIC", []):
            if item.name in names:
                raise ValueError(f"periodic task {item.name} is declared twice")
            names.add(item.name)
            found.append(item)
    return found


def _still_pending(item: Periodic) -> bool:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects.filter(task_path=item.task.module_path, status__in=["READY", "RUNNING"]).exists()


def enqueue_due(now: dt.datetime | None = None) -> list[str]:
    """Enqueue every queued periodic task that is due; returns their names."""
    from sijill.jobs.models import PeriodicRun

    now = now or timezone.now()
    enqueued = []
    for item in declared():
        if item.inline:
            continue
        PeriodicRun.objects.get_or_create(name=item.name, defaults={"next_due_at": now})
        with transaction.atomic():
            claimed = PeriodicRun.objects.filter(name=item.name, next_due_at__lte=now).update(
                next_due_at=now + item.every, last_enqueued_at=now
            )
            if not claimed:
                continue
            if _still_pending(item):
                logger.info("periodic %s: the previous run has not finished; skipped", item.name)
                continue
            item.task.enqueue()
            enqueued.append(item.name)
    return enqueued


def run_scheduler(stop: threading.Event, tick: float = 1.0) -> None:
    while not stop.is_set():
        try:
            close_old_connections()
            enqueue_due()
        except Exception:
            logger.exception("scheduler: could not enqueue periodic tasks")
        stop.wait(tick)
    connection.close()


def run_inline(item: Periodic, stop: threading.Event) -> None:
    """Call an inline periodic task's function every ``item.every`` until stopped; never raises."""
    pause = item.every.total_seconds()
    while not stop.is_set():
        try:
            close_old_connections()
            item.task.call()
        except Exception:
            logger.exception("inline periodic %s failed; retrying", item.name)
            stop.wait(max(pause, 1.0))
            continue
        stop.wait(pause)
    connection.close()
