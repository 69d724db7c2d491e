"""Imports' periodic work, run by ``sijill worker`` (see sijill/jobs/periodic.py)."""

from __future__ import annotations

from datetime import timedelta

from django.utils.translation import gettext_lazy as _

from sijill.imports.tasks import purge_old_uploads, run_import_job, validate_import_job
from sijill.jobs.schedule import Periodic

PERIODIC = [
    Periodic("imports.purge_uploads", purge_old_uploads, every=timedelta(hours=1), label=_("Purge of old uploads")),
]
JOB_LABELS = {
    validate_import_job.module_path: _("Checking an imported file"),
    run_import_job.module_path: _("Importing a file"),
}
