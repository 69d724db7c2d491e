"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from django.urls import reverse

from sijill.accounts.models import User
from tests.endpoints import Endpoint


def _failed_job(user: User) -> str:
    from django.utils import timezone
    from django_tasks_db.models import DBTaskResult

    job = DBTaskResult.objects.create(
        status="FAILED", args_kwargs={"args": [], "kwargs": {}}, task_path="sijill.jobs.tasks.prune_finished_jobs",
        backend_name="database", run_after=timezone.now(), exception_class_path="x", traceback="x",
    )  # fmt: skip
    return str(job.pk)


PAGES: list[Endpoint] = [
    Endpoint("jobs:status", "jobs.view", "GET", lambda u: reverse("jobs:status")),
    Endpoint("jobs:retry", "jobs.retry", "POST", lambda u: reverse("jobs:retry", args=[_failed_job(u)]), ok=302),
]
APIS: list[Endpoint] = []
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
