"""Pages of officers: thin, they call services. The badge check is public (no sign-in)."""

from __future__ import annotations

import uuid
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core.errors import NotFound, SijillError
from sijill.core.ratelimit import client_ip, public_check_refused
from sijill.officers import services
from sijill.officers.forms import BadgeCheckForm, OfficerAppointForm, OfficerDecisionForm, OfficerFilterForm
from sijill.persons.forms import PurposeForm
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose

BADGE_RATE_GROUP = "officers.badge"


def badge_check_refused(request: HttpRequest) -> bool:
    """Over the checks allowed per address or, all addresses together, over the ceiling (read when
    asked, so that a site or a test can change them). Shared by the page and the API."""
    return public_check_refused(
        request, group=BADGE_RATE_GROUP, per_address=settings.SIJILL_BADGE_CHECK_RATE,
        ceiling=settings.SIJILL_BADGE_CHECK_CEILING, on_ceiling=services.badge_ceiling_reached,
    )  # fmt: skip


@login_required
def officer_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("officer.view")
    form = OfficerFilterForm(request.GET or None)
    filters: dict[str, Any] = form.cleaned_data if form.is_valid() else {}
    page = Paginator(services.browse_officers(actor, filters), 50).get_page(request.GET.get("page"))
    context = {"form": form, "page": page, "can_manage": actor.can("officer.manage")}
    if request.headers.get("HX-Request"):
        return render(request, "officers/_list_rows.html", context)
    return render(request, "officers/list.html", context)


@login_required
def detail(request: HttpRequest, officer_id: uuid.UUID) -> HttpResponse:
    """An officer's file: opening it needs a stated purpose, recorded in the audit log."""
    actor = actor_for(request)
    actor.scope("officer.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    officer = services.read_officer(actor, officer_id, purpose=form.cleaned_data["purpose"])
    badge_url = request.build_absolute_uri(reverse("officers:badge_token", args=[officer.badge_token]))
    context = {
        "officer": officer,
        "decisions": officer.decisions.select_related("new_unit").order_by("dated", "created_at"),
        "postings": officer.postings.select_related("unit").order_by("started_on", "created_at"),
        "history": history_of(officer),
        "can_manage": actor.can("officer.manage") and officer.is_local,
        "badge_url": badge_url,
        "qr_svg": segno.make(badge_url, error="m").svg_inline(scale=4),
        "purpose": form.cleaned_data["purpose"],
    }
    return render(request, "officers/detail.html", context)


@login_required
def create(request: HttpRequest) -> HttpResponse:
    """Record an officer by his appointment decision."""
    actor = actor_for(request)
    actor.scope("officer.manage")
    form = OfficerAppointForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            officer = services.do_appoint_officer(actor, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The officer was recorded with the appointment decision."))
            return redirect(url_with_purpose("officers:detail", officer.pk, _("appointment")))
    return render(request, "officers/form.html", {"form": form, "title": _("New officer (appointment)")})


@login_required
def decision_create(request: HttpRequest, officer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("officer.manage")
    officer = services.get_managed(actor, officer_id)
    form = OfficerDecisionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.do_record_decision(actor, officer.pk, **form.cleaned_data)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The decision was recorded and applied."))
            return redirect(url_with_purpose("officers:detail", officer.pk, _("decision")))
    title = _("New decision: %(officer)s") % {"officer": officer}
    return render(request, "officers/form.html", {"form": form, "title": title, "officer": officer})


@login_required
@require_POST
def reissue_badge(request: HttpRequest, officer_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    version = request.POST.get("version", "")
    services.do_reissue_badge(actor, officer_id, expected_version=int(version) if version.isdigit() else None)
    messages.success(request, _("A new badge code was issued; the old one no longer answers."))
    return redirect(url_with_purpose("officers:detail", officer_id, _("badge reissue")))


# --- public -----------------------------------------------------------------------------------


def _limited(request: HttpRequest, form: BadgeCheckForm) -> HttpResponse:
    context = {"form": form, "limited": True}
    return render(request, "officers/badge.html", context, status=429)


def badge(request: HttpRequest) -> HttpResponse:
    """Public: is the officer in front of me real and active? Only four facts in the answer."""
    form = BadgeCheckForm(request.GET or None)
    if form.is_bound and badge_check_refused(request):
        return _limited(request, BadgeCheckForm())
    answer, not_found = None, False
    if form.is_bound and form.is_valid():
        try:
            answer = services.check_badge(
                service_number=form.cleaned_data["service_number"], family_name=form.cleaned_data["family_name"],
                client=client_ip(request),
            )  # fmt: skip
        except NotFound:
            not_found = True
        except SijillError as exc:
            add_service_errors(form, exc)
    return render(request, "officers/badge.html", {"form": form, "answer": answer, "not_found": not_found})


def badge_token(request: HttpRequest, token: str) -> HttpResponse:
    """Public: the address printed in the badge's QR code."""
    form = BadgeCheckForm()
    if badge_check_refused(request):
        return _limited(request, form)
    answer, not_found = None, False
    try:
        answer = services.check_badge(token=token, client=client_ip(request))
    except NotFound:
        not_found = True
    context = {"form": form, "answer": answer, "not_found": not_found, "by_token": True}
    return render(request, "officers/badge.html", context)
