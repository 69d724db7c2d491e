"""Pages of federation: thin, they call services."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from sijill.accounts.auth import actor_for
from sijill.federation import services


@login_required
def status(request: HttpRequest) -> HttpResponse:
    """The links of this site: peers, lag, last change, slots, errors, alerts (refreshed by htmx)."""
    view = services.overview(actor_for(request))
    template = "federation/_peers.html" if request.headers.get("HX-Request") else "federation/status.html"
    return render(request, template, {"view": view})
