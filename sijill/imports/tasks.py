"""Imports' background tasks: the two phases of a page's job, and the purge of old uploads."""

from __future__ import annotations

import uuid
from typing import Any

from django_tasks import task

from sijill.imports import services


@task()
def validate_import_job(job_id: str, language: str) -> None:
    services.run_phase("validate", uuid.UUID(job_id), language)


@task()
def run_import_job(job_id: str, language: str) -> None:
    services.run_phase("import", uuid.UUID(job_id), language)


@task()
def purge_old_uploads() -> int:
    return services.purge_old_uploads()


PHASE_TASKS = {validate_import_job.module_path, run_import_job.module_path}


def on_task_finished(sender: Any, task_result: Any, **kwargs: Any) -> None:
    """django-tasks' ``task_finished``: a phase that failed outside the job's own handling (killed)."""
    if task_result.task.module_path not in PHASE_TASKS or not task_result.args:
        return
    failed = task_result.status == "FAILED"
    message = ""
    if failed and task_result.errors:
        message = task_result.errors[-1].traceback.strip().splitlines()[-1] if task_result.errors[-1].traceback else ""
    services.on_job_finished(uuid.UUID(task_result.args[0]), failed, message)
