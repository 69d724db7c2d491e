from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from sijill.accounts.auth import actor_for
from sijill.audit import services
from sijill.audit.forms import AuditFilterForm


@login_required
def entries(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    form = AuditFilterForm(request.GET or None)
    qs = services.browse_entries(actor, form.cleaned_data if form.is_valid() else {})
    page = Paginator(qs, 50).get_page(request.GET.get("page"))
    template = "audit/_entry_rows.html" if request.headers.get("HX-Request") else "audit/entries.html"
    return render(request, template, {"form": form, "page": page, "query": request.GET.urlencode()})


@login_required
def export(request: HttpRequest) -> StreamingHttpResponse:
    actor = actor_for(request)
    form = AuditFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    qs = services.do_export(actor, filters)
    response = StreamingHttpResponse(services.export_rows(qs), content_type="text/csv; charset=utf-8")
    stamp = timezone.now().strftime("%Y%m%d-%H%M%S")
    response["Content-Disposition"] = f'attachment; filename="sijill-audit-{stamp}.csv"'
    return response


@login_required
def verify(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    reports = services.do_verify(actor)
    return render(request, "audit/verify.html", {"reports": reports})
