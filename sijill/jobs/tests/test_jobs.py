"""Background work: interrupted jobs failed at worker start and run again, periodic tasks claimed once,
old uploads purged, the page and the command."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.management.commands.db_worker import Worker
from django_tasks_db.models import DBTaskResult

from sijill.imports import services as imports
from sijill.imports.models import ImportJob, JobStatus
from sijill.jobs import schedule, services
from sijill.jobs.models import PeriodicRun
from sijill.persons.models import Person

pytestmark = pytest.mark.django_db
SAMPLES = Path(__file__).resolve().parents[2] / "imports" / "samples"
GOOD = (SAMPLES / "persons-good-cp1256.csv").read_bytes()


@pytest.fixture
def queue(settings):
    """Jobs go to the database queue, as on a real site (the suite's default runs them at once)."""
    settings.TASKS = {
        "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
        "database": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]},
    }


def _work_off() -> None:
    """What `sijill worker` does with the queue, until it is empty."""
    Worker(
        queue_names=["*"], interval=0, batch=True, backend_name="default", startup_delay=False, max_tasks=None,
        worker_id="test-worker", excluded_queue_names=[],
    ).run()  # fmt: skip


@pytest.mark.django_db(transaction=True)
def test_killed_import_job_is_failed_at_worker_start_and_can_be_run_again(queue, actor_of):
    clerk = actor_of("clerk")
    job = imports.do_upload_import(clerk, "persons", "good.csv", GOOD)
    assert job.status == JobStatus.VALIDATING
    task = DBTaskResult.objects.get(status="READY")
    task.claim("a-worker-killed-by-kill-9")  # it took the job, then died without a word

    failed = services.recover_interrupted("the-next-worker")
    assert failed == [str(task.pk)]
    task.refresh_from_db()
    job.refresh_from_db()
    assert task.status == "FAILED" and task.exception_class_path == services.INTERRUPTED
    assert job.status == JobStatus.FAILED and bytes(job.content) == GOOD  # kept to run again
    out = io.StringIO()
    call_command("jobs", "list", "--status", "failed", stdout=out)
    assert str(task.pk) in out.getvalue() and "(interrupted)" in out.getvalue()

    call_command("jobs", "retry", str(task.pk), stdout=io.StringIO())
    _work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.VALID and job.valid == 8
    before = Person.objects.count()
    imports.do_start_import(clerk, job.pk)
    _work_off()
    job.refresh_from_db()
    assert job.status == JobStatus.DONE and Person.objects.count() == before + 8
    # Run again once more (an operator retrying the finished import): nothing is added twice.
    again = imports.do_upload_import(clerk, "persons", "good-again.csv", GOOD)
    _work_off()
    imports.do_start_import(clerk, again.pk)
    _work_off()
    again.refresh_from_db()
    assert again.status == JobStatus.DONE and again.existing == 8 and Person.objects.count() == before + 8


@pytest.mark.django_db(transaction=True)
def test_a_live_workers_running_job_is_left_alone(queue, actor_of):
    imports.do_upload_import(actor_of("clerk"), "persons", "good.csv", GOOD)
    task = DBTaskResult.objects.get(status="READY")
    services.register_worker("alive")
    task.claim("alive")
    assert services.recover_interrupted("another") == []
    task.refresh_from_db()
    assert task.status == "RUNNING"


def test_only_a_failed_job_can_be_retried(queue, actor_of):
    from sijill.core.errors import Conflict

    imports.do_upload_import(actor_of("clerk"), "persons", "good.csv", GOOD)
    task = DBTaskResult.objects.get(status="READY")
    with pytest.raises(Conflict):
        services.do_retry(actor_of("site_admin"), str(task.pk))


def test_every_app_declares_its_periodic_work_once():
    declared = {p.name: p for p in schedule.declared()}
    assert {"audit.sequence", "warrants.expire", "federation.check", "imports.purge_uploads", "jobs.prune"} <= set(
        declared
    )
    assert declared["audit.sequence"].inline and not declared["warrants.expire"].inline


def test_a_periodic_run_is_claimed_once_and_skipped_while_the_last_waits(queue):
    now = timezone.now()
    first = schedule.enqueue_due(now)
    assert "warrants.expire" in first and "audit.sequence" not in first  # inline: never queued
    assert schedule.enqueue_due(now) == []  # claimed: a second worker at the same moment gets nothing
    later = now + dt.timedelta(hours=2)
    assert "warrants.expire" not in schedule.enqueue_due(later)  # the first run has not run yet
    assert PeriodicRun.objects.get(name="warrants.expire").next_due_at > now


def test_periodic_tasks_do_their_work():
    from sijill.federation.tasks import check_federation
    from sijill.imports.tasks import purge_old_uploads
    from sijill.jobs.tasks import prune_finished_jobs
    from sijill.warrants.tasks import record_warrant_expiries

    assert record_warrant_expiries.call() >= 0
    assert purge_old_uploads.call() >= 0
    assert prune_finished_jobs.call() >= 0
    assert check_federation.call() == {} or isinstance(check_federation.call(), dict)


def test_old_uploads_are_purged_after_the_retention(actor_of, settings):
    settings.SIJILL_UPLOAD_RETENTION_DAYS = 7
    clerk = actor_of("clerk")
    old = imports.do_upload_import(clerk, "persons", "old.csv", GOOD)
    recent = imports.do_upload_import(clerk, "persons", "recent.csv", GOOD)
    ImportJob.objects.filter(pk=old.pk).update(created_at=timezone.now() - dt.timedelta(days=8))
    assert imports.purge_old_uploads() == 1
    old.refresh_from_db()
    recent.refresh_from_db()
    assert bytes(old.content) == b"" and old.status == JobStatus.FAILED and "7" in old.error
    assert bytes(recent.content) == GOOD and recent.status == JobStatus.VALID


def test_background_work_page_shows_the_sequencer_and_retries(client_of, queue, actor_of):
    imports.do_upload_import(actor_of("clerk"), "persons", "good.csv", GOOD)
    task = DBTaskResult.objects.get(status="READY")
    DBTaskResult.objects.filter(pk=task.pk).update(status="FAILED", traceback="x", exception_class_path="x")
    client = client_of("site_admin")
    page = client.get(reverse("jobs:status"))
    html = page.content.decode()
    assert page.status_code == 200 and "مُرتِّب سجل التدقيق" in html and "التحقق من ملف مستورد" in html
    assert "sijill.imports" not in html  # labels, never code paths
    response = client.post(reverse("jobs:retry", args=[task.pk]))
    assert response.status_code == 302 and DBTaskResult.objects.filter(status="READY").count() == 1
