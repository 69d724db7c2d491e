"""The background-work page: thin, it calls the services."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.accounts.auth import actor_for
from sijill.jobs import services


@login_required
def status(request: HttpRequest) -> HttpResponse:
    """Workers, periodic tasks, the audit sequencer's delay and the newest jobs (refreshed by htmx)."""
    view = services.overview(actor_for(request))
    template = "jobs/_status.html" if request.headers.get("HX-Request") else "jobs/status.html"
    return render(request, template, {"view": view})


@login_required
@require_POST
def retry(request: HttpRequest, job_id: str) -> HttpResponse:
    row = services.do_retry(actor_for(request), job_id)
    messages.success(request, _("The job was started again: %(label)s.") % {"label": row.label})
    return redirect("jobs:status")
