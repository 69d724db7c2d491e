"""Jobs: what the worker does at start, the list and retry of jobs, the background-work page.

Jobs are django-tasks-db rows (``DBTaskResult``). A worker killed while it ran a job leaves the
row RUNNING forever; the next worker to start marks such jobs FAILED ("interrupted") and sends
django-tasks' own ``task_finished`` signal, so the app that enqueued the job updates its records
(an import job becomes failed and can be run again).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import os
import socket
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.models import AuditKind
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.errors import Conflict, NotFound
from sijill.jobs.models import PeriodicRun, WorkerBeat

BEAT_SECONDS = 10.0
DEAD_AFTER = dt.timedelta(seconds=45)
INTERRUPTED = "sijill.jobs.Interrupted"


def _results() -> Any:
    from django_tasks_db.models import DBTaskResult

    return DBTaskResult.objects


# --- the worker's life ------------------------------------------------------------------------


def register_worker(worker_id: str) -> None:
    now = timezone.now()
    WorkerBeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={"host": socket.gethostname()[:255], "pid": os.getpid(), "started_at": now, "beat_at": now},
    )


def beat(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).update(beat_at=timezone.now())


def unregister_worker(worker_id: str) -> None:
    WorkerBeat.objects.filter(worker_id=worker_id).delete()


def live_workers(now: dt.datetime | None = None) -> list[WorkerBeat]:
    now = now or timezone.now()
    return list(WorkerBeat.objects.filter(beat_at__gte=now - DEAD_AFTER))


def recover_interrupted(worker_id: str, now: dt.datetime | None = None) -> list[str]:
    """Mark FAILED every job left RUNNING by a worker that is no longer alive; returns their ids."""
    from django_tasks.signals import task_finished
    from django_tasks_db.backend import DatabaseBackend

    now = now or timezone.now()
    alive = {w.worker_id for w in live_workers(now)} - {worker_id}
    WorkerBeat.objects.filter(beat_at__lt=now - DEAD_AFTER).exclude(worker_id=worker_id).delete()
    failed = []
    for result in _results().filter(status="RUNNING"):
        if result.worker_ids and result.worker_ids[-1] in alive:
            continue
        with transaction.atomic():
            changed = _results().filter(pk=result.pk, status="RUNNING").update(
                status="FAILED", finished_at=now, exception_class_path=INTERRUPTED,
                traceback=_("Interrupted: the worker stopped while this job ran (%(at)s).") % {"at": now.isoformat()},
            )  # fmt: skip
        if changed:
            result.refresh_from_db()
            failed.append(str(result.pk))
            with contextlib.suppress(ImportError):  # the task's code is gone: nothing to tell
                task_finished.send(sender=DatabaseBackend, task_result=result.task_result)
    return failed


# --- listing and retrying ---------------------------------------------------------------------


@dataclass
class JobRow:
    id: str
    name: str
    label: Any
    status: str
    enqueued_at: Any
    started_at: Any
    finished_at: Any
    args: list[Any]
    error: str
    interrupted: bool


def _row(result: Any) -> JobRow:
    from sijill.jobs.schedule import job_labels

    return JobRow(
        id=str(result.pk),
        name=result.task_path,
        label=job_labels().get(result.task_path, result.task_path),
        status=result.status,
        enqueued_at=result.enqueued_at,
        started_at=result.started_at,
        finished_at=result.finished_at,
        args=list(result.args_kwargs.get("args", [])),
        error=(result.traceback or "").strip().splitlines()[-1][:300] if result.traceback else "",
        interrupted=result.exception_class_path == INTERRUPTED,
    )


def recent_jobs(status: str = "", limit: int = 50) -> list[JobRow]:
    qs = _results().order_by("-enqueued_at")
    if status:
        qs = qs.filter(status=status.upper())
    return [_row(r) for r in qs[:limit]]


def do_retry(actor: Actor, job_id: str) -> JobRow:
    """Run a failed job again: the same task with the same arguments, as a new job."""
    if not actor.is_system:
        actor.scope("jobs.retry")
    result = _results().filter(pk=job_id).first()
    if result is None:
        raise NotFound()
    if result.status != "FAILED":
        raise Conflict(_("Only a failed job can be run again."))
    try:
        task = result.task
    except ImportError:
        raise Conflict(_("This job's task no longer exists.")) from None
    args, kwargs = result.args_kwargs.get("args", []), result.args_kwargs.get("kwargs", {})
    with transaction.atomic():
        new = task.using(backend=result.backend_name).enqueue(*args, **kwargs)
        record_event(actor, "job.retry", kind=AuditKind.SYSTEM, job=str(result.pk), task=result.task_path,
                     new_job=str(new.id))  # fmt: skip
    fresh = _results().filter(pk=new.id).first()
    if fresh is None:  # run at once (the tests' immediate backend)
        return JobRow(str(new.id), result.task_path, result.task_path, str(new.status), None, None, None, list(args),
                      "", False)  # fmt: skip
    return _row(fresh)


# --- the background-work page -------------------------------------------------------------------


@dataclass
class Overview:
    workers: list[WorkerBeat]
    periodic: list[tuple[Any, str, Any, Any, bool]]  # label, every, last enqueued, next due, inline
    counts: dict[str, int]
    jobs: list[JobRow]
    sequencer: Any


def overview(actor: Actor) -> Overview:
    from sijill.audit import sequencer
    from sijill.jobs.schedule import declared

    actor.scope("jobs.view")
    runs = {r.name: r for r in PeriodicRun.objects.all()}
    periodic = [
        (p.label or p.name, _every(p.every), getattr(runs.get(p.name), "last_enqueued_at", None),
         getattr(runs.get(p.name), "next_due_at", None), p.inline)
        for p in declared()
    ]  # fmt: skip
    counts = {s: _results().filter(status=s).count() for s in ("READY", "RUNNING", "FAILED")}
    return Overview(live_workers(), periodic, counts, recent_jobs(limit=30), sequencer.status())


def _every(every: dt.timedelta) -> str:
    seconds = every.total_seconds()
    if seconds < 60:
        return _("%(n)s s") % {"n": f"{seconds:g}"}
    if seconds < 3600:
        return _("%(n)s min") % {"n": f"{seconds / 60:g}"}
    return _("%(n)s h") % {"n": f"{seconds / 3600:g}"}
