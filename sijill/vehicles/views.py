"""Pages of vehicles: thin, they call services."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError
from sijill.core.permissions import get_visible, visible
from sijill.persons.forms import PurposeForm
from sijill.vehicles import services
from sijill.vehicles.forms import (
    LookupForm,
    RecoveryForm,
    ReportFilter,
    ReportForm,
    StopFilter,
    StopForm,
    TransferForm,
    VehicleFilter,
    VehicleForm,
)
from sijill.vehicles.models import Vehicle, VehicleReport
from sijill.web.forms import add_service_errors
from sijill.web.purpose import url_with_purpose

PAGE_SIZE = 200


def _pk(value: Any) -> Any:
    return value.pk if value is not None else None


@login_required
def vehicle_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.view")
    filters = VehicleFilter(request.GET or None)
    d = filters.cleaned_data if filters.is_valid() else {}
    query = services.VehicleFilters(
        plate=d.get("plate", ""), vin=d.get("vin", ""), make=d.get("make", ""), reported=d.get("reported", "")
    )
    context = {
        "vehicles": services.search_vehicles(actor, query)[:PAGE_SIZE],
        "filters": filters,
        "can_manage": actor.can("vehicle.manage"),
    }
    template = "vehicles/_vehicle_rows.html" if request.headers.get("HX-Request") else "vehicles/list.html"
    return render(request, template, context)


@login_required
def vehicle_detail(request: HttpRequest, vehicle_id: uuid.UUID) -> HttpResponse:
    """Owners are personal data: opening the page needs a stated purpose, which is audited."""
    actor = actor_for(request)
    actor.scope("vehicle.view")
    form = PurposeForm(request.GET if "purpose" in request.GET else None)
    if not form.is_bound or not form.is_valid():
        return render(request, "vehicles/purpose.html", {"form": form})
    sheet = services.read_vehicle(actor, vehicle_id, purpose=form.cleaned_data["purpose"])
    manageable = (
        visible(Vehicle.objects.filter(pk=vehicle_id), actor, "vehicle.manage").exists()
        if actor.can("vehicle.manage")
        else False
    )
    context = {
        "sheet": sheet,
        "vehicle": sheet.vehicle,
        "history": sheet.history,
        "can_manage": manageable,
        "can_report": actor.can("vehicle.report"),
        "can_recover": actor.can("vehicle.stop"),
        "purpose": form.cleaned_data["purpose"],
    }
    return render(request, "vehicles/detail.html", context)


@login_required
def vehicle_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.manage")
    form = VehicleForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            vehicle = services.do_create_vehicle(
                actor,
                plate_as_written=d["plate_as_written"], plate_category=d["plate_category"], vin=d["vin"],
                make=d["make"], model=d["model"], colour=d["colour"], year=d["year"],
                registration_unit_id=_pk(d["registration_unit"]), registered_on=d["registered_on"], notes=d["notes"],
                owner_id=_pk(d["owner"]), owned_since=d["owned_since"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vehicle was registered."))
            return redirect(url_with_purpose("vehicles:detail", vehicle.pk, _("registration")))
    return render(request, "vehicles/form.html", {"form": form, "title": _("Register a vehicle")})


@login_required
def vehicle_edit(request: HttpRequest, vehicle_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    vehicle = get_visible(Vehicle, actor, "vehicle.manage", vehicle_id)
    initial = {
        "plate_as_written": vehicle.plate_as_written, "plate_category": vehicle.plate_category, "vin": vehicle.vin,
        "make": vehicle.make, "model": vehicle.model, "colour": vehicle.colour, "year": vehicle.year,
        "registration_unit": vehicle.registration_unit_id, "registered_on": vehicle.registered_on,
        "notes": vehicle.notes, "version": vehicle.version,
    }  # fmt: skip
    form = VehicleForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_update_vehicle(
                actor, vehicle.pk, expected_version=d["version"],
                plate_as_written=d["plate_as_written"], plate_category=d["plate_category"], vin=d["vin"],
                make=d["make"], model=d["model"], colour=d["colour"], year=d["year"],
                registration_unit_id=_pk(d["registration_unit"]), registered_on=d["registered_on"], notes=d["notes"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The vehicle was saved."))
            return redirect(url_with_purpose("vehicles:detail", vehicle.pk, _("correction of the registration")))
    return render(request, "vehicles/form.html", {"form": form, "vehicle": vehicle, "title": _("Edit vehicle")})


@login_required
def vehicle_transfer(request: HttpRequest, vehicle_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    vehicle = get_visible(Vehicle, actor, "vehicle.manage", vehicle_id)
    form = TransferForm(request.POST or None, initial={"version": vehicle.version})
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_transfer_ownership(
                actor, vehicle.pk, new_owner_id=d["new_owner"].pk, transfer_date=d["transfer_date"],
                expected_version=d["version"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The ownership was transferred."))
            return redirect(url_with_purpose("vehicles:detail", vehicle.pk, _("transfer of ownership")))
    return render(
        request, "vehicles/form.html", {"form": form, "vehicle": vehicle, "title": _("Transfer of ownership")}
    )


@login_required
def vehicle_report(request: HttpRequest, vehicle_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.report")
    vehicle = get_visible(Vehicle, actor, "vehicle.view", vehicle_id)
    form = ReportForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_report_vehicle(
                actor, vehicle.pk, kind=d["kind"], legal_basis=d["legal_basis"], details=d["details"],
                reported_at=d["reported_at"], reporting_unit_id=_pk(d["reporting_unit"]),
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The report was recorded."))
            return redirect(url_with_purpose("vehicles:detail", vehicle.pk, _("vehicle report")))
    return render(request, "vehicles/form.html", {"form": form, "vehicle": vehicle, "title": _("Report the vehicle")})


@login_required
def report_recovery(request: HttpRequest, report_id: uuid.UUID) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.stop")
    report = get_visible(VehicleReport.objects.select_related("vehicle"), actor, "vehicle.view", report_id)
    form = RecoveryForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_record_recovery(
                actor, report.pk, place=d["place"], recovered_at=d["recovered_at"], unit_id=_pk(d["unit"]),
                notes=d["notes"],
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The recovery was recorded; the report is closed."))
            return redirect(url_with_purpose("vehicles:detail", report.vehicle_id, _("vehicle recovery")))
    context = {"form": form, "vehicle": report.vehicle, "report": report, "title": _("Record a recovery")}
    return render(request, "vehicles/form.html", context)


@login_required
def open_reports(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.view")
    filters = ReportFilter(request.GET or None)
    kind = filters.cleaned_data.get("kind", "") if filters.is_valid() else ""
    context = {
        "reports": services.open_reports(actor, kind)[:PAGE_SIZE],
        "filters": filters,
        "can_recover": actor.can("vehicle.stop"),
    }
    return render(request, "vehicles/reports.html", context)


@login_required
def lookup(request: HttpRequest) -> HttpResponse:
    """The checkpoint's plate look-up: registered? reported? Each look-up is audited."""
    actor = actor_for(request)
    actor.scope("vehicle.view")
    form = LookupForm(request.GET if "plate" in request.GET else None)
    result = None
    if form.is_bound and form.is_valid():
        try:
            result = services.lookup_plate(actor, form.cleaned_data["plate"], purpose=form.cleaned_data["purpose"])
        except SijillError as exc:
            add_service_errors(form, exc)
    purpose = form.data.get("purpose", "")
    context = {"form": form, "result": result, "purpose": purpose, "can_recover": actor.can("vehicle.stop")}
    return render(request, "vehicles/lookup.html", context)


@login_required
def stop_list(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.view")
    filters = StopFilter(request.GET or None)
    d = filters.cleaned_data if filters.is_valid() else {}
    stops = services.browse_stops(actor, campaign=d.get("campaign", ""), plate=d.get("plate", ""))[:PAGE_SIZE]
    return render(
        request, "vehicles/stops.html", {"stops": stops, "filters": filters, "can_stop": actor.can("vehicle.stop")}
    )


@login_required
def stop_create(request: HttpRequest) -> HttpResponse:
    actor = actor_for(request)
    actor.scope("vehicle.stop")
    form = StopForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            services.do_record_stop(
                actor, campaign=d["campaign"], place=d["place"], stopped_at=d["stopped_at"],
                description=d["description"], plate=d["plate"], vin=d["vin"], driver_id=_pk(d["driver"]),
                driver_name=d["driver_name"], action_taken=d["action_taken"], notes=d["notes"], unit_id=_pk(d["unit"]),
            )  # fmt: skip
        except SijillError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("The stop was recorded."))
            return redirect("vehicles:stops")
    return render(request, "vehicles/form.html", {"form": form, "title": _("Stop of an unregistered vehicle")})
