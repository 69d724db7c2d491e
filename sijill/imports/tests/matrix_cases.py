"""This app's rows of the permission-matrix test (tests/test_permission_matrix.py collects them)."""

from django.urls import reverse

from sijill.accounts.models import User
from sijill.imports.models import ImportJob, JobStatus
from tests.endpoints import Endpoint


def _job(user: User, status: str = JobStatus.DONE) -> str:
    """A finished job of the user's own (jobs are seen by their uploader only)."""
    job = ImportJob.objects.create(
        registry="persons", file_name="legacy.csv", sha256="0" * 64, status=status, rows=1, invalid=1,
        rejects="\ufeffالاسم الأول,Errors\n,x\n".encode(), created_by=user,
    )  # fmt: skip
    return str(job.pk)


PAGES: list[Endpoint] = [
    Endpoint("imports:index", "import.run", "GET", lambda u: reverse("imports:index")),
    Endpoint("imports:job", "import.run", "GET", lambda u: reverse("imports:job", args=[_job(u)])),
    Endpoint("imports:progress", "import.run", "GET", lambda u: reverse("imports:progress", args=[_job(u)])),
    # A finished job goes back to its page (the registry's own permission is checked on a real run).
    Endpoint("imports:run", "import.run", "POST", lambda u: reverse("imports:run", args=[_job(u)]), ok=302),
    Endpoint("imports:rejects", "import.run", "GET", lambda u: reverse("imports:rejects", args=[_job(u)])),
]
APIS: list[Endpoint] = []
# Pages and API operations deliberately open to the public (no sign-in), e.g. public checks.
PUBLIC_PAGES: set[str] = set()
PUBLIC_APIS: set[str] = set()
