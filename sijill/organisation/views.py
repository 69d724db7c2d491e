from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible, visible
from sijill.organisation import services
from sijill.organisation.forms import UnitFilterForm, UnitForm
from sijill.organisation.models import Directorate, Unit
from sijill.web.forms import add_service_errors


@login_required
def directorates(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    rows = visible(Directorate.objects.select_related("district"), actor, "org.view").annotate(
        unit_count=Count("units")
    )
    return render(request, "organisation/directorates.html", {"directorates": rows})


@login_required
def units(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    qs = visible(Unit.objects.select_related("agency", "directorate"), actor, "org.view")
    filters = UnitFilterForm(request.GET or None)
    if filters.is_valid():
        data = filters.cleaned_data
        if data.get("q"):
            qs = qs.filter(
                Q(name_ar__icontains=data["q"]) | Q(name_en__icontains=data["q"]) | Q(code__icontains=data["q"])
            )
        if data.get("directorate"):
            qs = qs.filter(directorate=data["directorate"])
        if data.get("agency"):
            qs = qs.filter(agency=data["agency"])
    template = "organisation/_unit_rows.html" if request.headers.get("HX-Request") else "organisation/units.html"
    return render(request, template, {"units": qs[:500], "filters": filters, "can_manage": actor.can("org.manage")})


@login_required
def unit_detail(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    unit = get_visible(Unit.objects.select_related("agency", "directorate", "parent"), actor, "org.view", unit_id)
    children = visible(unit.children.select_related("agency"), actor, "org.view")
    can_edit = actor.can("org.manage") and visible(Unit.objects.filter(pk=unit.pk), actor, "org.manage").exists()
    return render(request, "organisation/unit_detail.html", {"unit": unit, "children": children, "can_edit": can_edit})


@login_required
def unit_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("org.manage")
    parents = visible(Unit.objects.all(), actor, "org.manage")
    form = UnitForm(request.POST or None, parents=parents)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            unit = services.do_create_unit(
                actor,
                code=d["code"],
                name_ar=d["name_ar"],
                name_en=d["name_en"],
                kind=d["kind"],
                agency_id=d["agency"].pk,
                directorate_id=d["directorate"].pk if d["directorate"] else None,
                parent_id=d["parent"].pk if d["parent"] else None,
            )
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit was created."))
            return redirect("organisation:unit_detail", unit_id=unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form})


@login_required
def unit_edit(request: HttpRequest, unit_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    unit = get_visible(Unit, actor, "org.manage", unit_id)
    initial = {
        "name_ar": unit.name_ar,
        "name_en": unit.name_en,
        "kind": unit.kind,
        "agency": unit.agency_id,
        "directorate": unit.directorate_id,
        "version": unit.version,
    }
    form = UnitForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_update_unit(
                actor,
                unit.pk,
                expected_version=d["version"],
                name_ar=d["name_ar"],
                name_en=d["name_en"],
                kind=d["kind"],
                agency_id=d["agency"].pk,
                directorate_id=d["directorate"].pk if d["directorate"] else None,
            )
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The unit was saved."))
            return redirect("organisation:unit_detail", unit_id=unit.pk)
    return render(request, "organisation/unit_form.html", {"form": form, "unit": unit})
