"""Pages of imports: thin, they call services."""

from __future__ import annotations

import uuid
from urllib.parse import quote

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.imports import services
from sijill.imports.forms import ImportUploadForm
from sijill.imports.models import ImportJob
from sijill.web.forms import add_service_errors


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """Choose the registry and upload the file; the file is checked at once, nothing is written."""
    actor = actor_for(request)
    actor.scope("import.run")
    form = ImportUploadForm(request.POST or None, request.FILES or None, importers=services.importers_for(actor))
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        if upload.size > services.MAX_UPLOAD_BYTES:
            form.add_error(
                "file", _("The file is too large (at most %(mb)s MB).") % {"mb": services.MAX_UPLOAD_BYTES // 2**20}
            )
        else:
            try:
                job = services.do_upload_import(actor, form.cleaned_data["registry"], upload.name, upload.read())
            except SijillError as exc:
                add_service_errors(form, exc)
            else:
                return redirect("imports:job", job_id=job.pk)
    context = {"form": form, "jobs": services.recent_jobs(actor), "max_mb": services.MAX_UPLOAD_BYTES // 2**20}
    return render(request, "imports/index.html", context)


def _context(job: ImportJob) -> dict[str, object]:
    report = job.report or {}
    return {
        "job": job,
        "report": report,
        "progress": services.job_progress(job),
        "importer": services.importers().get(job.registry),
        "can_import": services.runnable(job, skip_invalid=False),
        "can_import_valid": services.runnable(job, skip_invalid=True) and job.invalid > 0,
        "more_problems": max(0, int(report.get("problem_count", 0)) - len(report.get("problems", []))),
    }


@login_required
def job(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The validation report (line, column, message), then the import and its progress."""
    found = services.get_job(actor_for(request), job_id)
    return render(request, "imports/job.html", _context(found))


@login_required
def progress(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The job's status block, polled by htmx while a phase runs."""
    found = services.get_job(actor_for(request), job_id)
    return render(request, "imports/_status.html", _context(found))


@login_required
@require_POST
def run(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    found = services.get_job(actor, job_id)
    skip_invalid = request.POST.get("skip_invalid") == "1"
    if not services.runnable(found, skip_invalid):  # e.g. a second click on the button
        messages.info(request, _("This file cannot be imported in its present state."))
        return redirect("imports:job", job_id=found.pk)
    services.do_start_import(actor, job_id, skip_invalid=skip_invalid)
    return redirect("imports:job", job_id=found.pk)


@login_required
def rejects(request: HttpRequest, job_id: uuid.UUID) -> HttpResponse:
    """The rejected rows with their errors, as CSV that Excel opens in Arabic (UTF-8 with BOM)."""
    name, content = services.rejects_of(actor_for(request), job_id)
    response = HttpResponse(content, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name)}"
    return response
