"""Pages of warrants: thin, they call services."""

from __future__ import annotations

import uuid
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.audit.services import history_of
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible
from sijill.persons.forms import PurposeForm
from sijill.warrants import services
from sijill.warrants.forms import (
    WarrantAmendForm,
    WarrantCancelForm,
    WarrantExecutionForm,
    WarrantFilterForm,
    WarrantForm,
)
from sijill.warrants.models import Warrant
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose


@login_required
def warrant_list(request: HttpRequest) -> HttpResponse:
    """The warrants the user may see; a prosecutor sees those of their own office."""
    actor = actor_for(request)
    actor.scope("warrant.view")
    filters = WarrantFilterForm(request.GET or None)
    flt = services.WarrantFilter()
    if filters.is_valid():
        d = filters.cleaned_data
        flt = services.WarrantFilter(q=d["q"], state=d["state"], kind=d["kind"])
    page = Paginator(services.browse_warrants(actor, flt), 50).get_page(request.GET.get("page"))
    context = {"page": page, "filters": filters, "can_issue": services.can_issue_here(actor)}
    template = "warrants/_rows.html" if request.headers.get("HX-Request") else "warrants/list.html"
    return render(request, template, context)


@login_required
def warrant_detail(request: HttpRequest, warrant_id: uuid.UUID) -> HttpResponse:
    """A warrant with its executions and history; opening it needs a stated purpose."""
    actor = actor_for(request)
    actor.scope("warrant.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "persons/purpose.html", {"form": form})
    warrant = services.read_warrant(actor, warrant_id, purpose=form.cleaned_data["purpose"])
    context = {
        "warrant": warrant,
        "executions": services.executions_of(warrant),
        "arrests": warrant.arrests.select_related("detention_place"),
        "history": history_of(warrant),
        "can_manage": services.can_manage(actor, warrant),
        "can_execute": services.can_execute(actor, warrant),
    }
    return render(request, "warrants/detail.html", context)


@login_required
def warrant_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("warrant.issue")
    initial = {"person": request.GET.get("person", "")}
    form = WarrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            warrant = services.do_issue_warrant(
                actor, person_id=d["person"], order_number=d["order_number"], kind=d["kind"],
                legal_article=d["legal_article"], grounds=d["grounds"], issued_on=d["issued_on"],
                expires_on=d["expires_on"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The warrant was issued."))
            return redirect(url_with_purpose("warrants:detail", warrant.pk, _("warrant issued")))
    return render(request, "warrants/form.html", {"form": form, "title": _("Issue a warrant")})


@login_required
def warrant_amend(request: HttpRequest, warrant_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("warrant.issue")
    warrant = get_visible(Warrant, actor, "warrant.issue", warrant_id)
    initial = {k: getattr(warrant, k) for k in services.AMENDABLE} | {"version": warrant.version}
    form = WarrantAmendForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        d = dict(form.cleaned_data)
        version = d.pop("version")
        try:
            services.do_amend_warrant(actor, warrant.pk, expected_version=version, **d)
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The warrant was amended."))
            return redirect(url_with_purpose("warrants:detail", warrant.pk, _("warrant amended")))
    context = {"form": form, "warrant": warrant, "title": _("Amend the warrant")}
    return render(request, "warrants/form.html", context)


@login_required
def warrant_cancel(request: HttpRequest, warrant_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("warrant.issue")
    warrant = get_visible(Warrant, actor, "warrant.issue", warrant_id)
    form = WarrantCancelForm(request.POST or None, initial={"version": warrant.version})
    if request.method == "POST" and form.is_valid():
        try:
            services.do_cancel_warrant(
                actor, warrant.pk, reason=form.cleaned_data["reason"], expected_version=form.cleaned_data["version"]
            )
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The warrant was cancelled."))
            return redirect(url_with_purpose("warrants:detail", warrant.pk, _("warrant cancelled")))
    context = {"form": form, "warrant": warrant, "title": _("Cancel the warrant"), "danger": True}
    return render(request, "warrants/form.html", context)


@login_required
def warrant_execute(request: HttpRequest, warrant_id: uuid.UUID) -> HttpResponse:
    """Record an execution by the user's unit; for an arrest warrant this opens the custody record."""
    actor = actor_for(request)
    actor.scope("warrant.execute")
    warrant = get_visible(Warrant, actor, "warrant.view", warrant_id)
    form = WarrantExecutionForm(request.POST or None, custodial=warrant.is_custodial)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            result = services.do_execute_warrant(
                actor, warrant.pk, place=d["place"], executed_at=d["executed_at"], notes=d["notes"],
                detention_place_id=d["detention_place"].pk if d.get("detention_place") else None,
                crime_category=d.get("crime_category") or "ordinary",
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The execution was recorded."))
            if result.arrest is not None and actor.can("custody.view"):
                url = reverse("custody:detail", args=[result.arrest.pk])
                return redirect(f"{url}?{urlencode({'purpose': _('warrant executed')})}")
            return redirect(url_with_purpose("warrants:detail", warrant.pk, _("warrant executed")))
    context = {
        "form": form,
        "warrant": warrant,
        "title": _("Record the execution"),
        "inactive": warrant.state() != "active",
    }
    return render(request, "warrants/form.html", context)
