"""Every write of vehicles is one function here: it checks, writes and audits in one transaction.

Reads that show owners (personal data) or answer a checkpoint's plate look-up go through
``read_vehicle`` and ``lookup_plate``, which record who asked, when and why.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from sijill.audit.services import HistoryEntry, history_of, record_read, record_write, require_purpose, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import Conflict, ValidationFailed
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, given_filters, save_edit
from sijill.identifiers.plate import PlateError, parse_plate, plate_search_key
from sijill.identifiers.vin import VinError, clean, validate_vin
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference
from sijill.vehicles.models import (
    UnregisteredVehicleStop,
    Vehicle,
    VehicleOwnership,
    VehicleRecovery,
    VehicleReport,
    report_recovered,
    vehicle_reported,
)
from sijill.vehicles.validation import message_for

EDITABLE = (
    "plate_as_written", "plate_category", "vin", "make", "model", "colour", "year", "registration_unit_id",
    "registered_on", "notes",
)  # fmt: skip


# --- identifiers ------------------------------------------------------------------------------


def _prepare(vehicle: Vehicle) -> None:
    """Canonical plate and VIN from what was typed; a bad one is refused with its reason."""
    errors: dict[str, list[str]] = {}
    vehicle.plate_as_written = (vehicle.plate_as_written or "").strip()
    vehicle.plate_canonical = ""
    if vehicle.plate_as_written:
        try:
            plate = parse_plate(vehicle.plate_as_written)
        except PlateError as exc:
            errors["plate_as_written"] = [message_for(exc)]
        else:
            vehicle.plate_canonical = plate.canonical
            hint = plate.category_hint
            if hint is not None:
                vehicle.plate_category = hint
    vehicle.vin_is_legacy = False
    if (vehicle.vin or "").strip():
        try:
            vin = validate_vin(vehicle.vin, model_year=vehicle.year)
        except VinError as exc:
            errors["vin"] = [message_for(exc)]
        else:
            vehicle.vin, vehicle.vin_is_legacy = vin.value, vin.legacy
    else:
        vehicle.vin = ""
    if vehicle.year is not None and not 1900 <= vehicle.year <= timezone.localdate().year + 1:
        errors["year"] = [_("The year of manufacture is not plausible.")]
    if not errors and not vehicle.plate_canonical and not vehicle.vin:
        errors["plate_as_written"] = [_("Give the plate number or the VIN (chassis number), or both.")]
    for name in ("make", "model", "colour"):
        setattr(vehicle, name, (getattr(vehicle, name) or "").strip())
    if errors:
        raise ValidationFailed(details=errors)


def _refuse_duplicates(vehicle: Vehicle) -> None:
    """One vehicle per plate and per VIN statewide (every site's rows are searched)."""
    others = Vehicle.objects.exclude(pk=vehicle.pk)
    errors: dict[str, list[str]] = {}
    if vehicle.plate_canonical:
        same = others.filter(plate_canonical=vehicle.plate_canonical).first()
        if same is not None:
            errors["plate_as_written"] = [
                _("The plate %(plate)s is already registered (site %(site)s).")
                % {"plate": vehicle.plate_canonical, "site": same.origin_site}
            ]
    if vehicle.vin:
        same = others.filter(vin=vehicle.vin).first()
        if same is not None:
            errors["vin"] = [
                _("The VIN %(vin)s is already registered (site %(site)s).")
                % {"vin": vehicle.vin, "site": same.origin_site}
            ]
    if errors:
        raise ValidationFailed(details=errors)


def _unit(actor: Actor, unit_id: uuid.UUID | None, field_name: str) -> Unit:
    """The given unit (visible to the actor), or the actor's own."""
    chosen = unit_id or actor.unit_id
    if chosen is None:
        raise ValidationFailed(details={field_name: [_("Choose the unit.")]})
    return get_visible(Unit, actor, "org.view", chosen)


def _not_future(value: dt.date | dt.datetime | None, field_name: str) -> None:
    if value is None:
        return
    now = timezone.now()
    late = value > now if isinstance(value, dt.datetime) else value > timezone.localdate()
    if late:
        raise ValidationFailed(details={field_name: [_("This date is in the future.")]})


# --- registrations ----------------------------------------------------------------------------


def do_create_vehicle(
    actor: Actor,
    *,
    owner_id: Any = None,
    owned_since: dt.date | None = None,
    registration_unit_id: uuid.UUID | None = None,
    **fields: Any,
) -> Vehicle:
    """Register a vehicle, with its first owner when ``owner_id`` names one (record id or national number)."""
    actor.scope("vehicle.manage")
    owner = None
    if owner_id is not None:
        owner = resolve_person_reference(actor, owner_id, for_action="vehicle.manage", purpose="vehicle registration")
    return _create_vehicle(actor, owner, owned_since=owned_since, registration_unit_id=registration_unit_id, **fields)


@transaction.atomic
def _create_vehicle(
    actor: Actor, owner: Person | None, *, owned_since: dt.date | None, registration_unit_id: uuid.UUID | None,
    **fields: Any,
) -> Vehicle:  # fmt: skip
    vehicle = Vehicle(**{k: v for k, v in fields.items() if k in EDITABLE and v is not None})
    vehicle.registration_unit = _unit(actor, registration_unit_id, "registration_unit")
    if not (vehicle.make or "").strip():
        raise ValidationFailed(details={"make": [_("The make is required.")]})
    _prepare(vehicle)
    _not_future(vehicle.registered_on, "registered_on")
    _refuse_duplicates(vehicle)
    create_record(vehicle, actor)
    record_write(actor, "vehicle.create", vehicle)
    if owner is not None:
        since = owned_since or vehicle.registered_on or timezone.localdate()
        _not_future(since, "owned_since")
        ownership = VehicleOwnership(vehicle=vehicle, owner=owner, from_date=since)
        create_record(ownership, actor)
        record_write(actor, "vehicle_ownership.create", ownership)
    return vehicle


@transaction.atomic
def do_update_vehicle(actor: Actor, vehicle_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> Vehicle:
    vehicle = get_visible(Vehicle.objects.select_for_update(), actor, "vehicle.manage", vehicle_id)
    before = snapshot(vehicle)
    for name, value in changes.items():
        if name == "registration_unit_id" and value is not None:
            vehicle.registration_unit = _unit(actor, value, "registration_unit")
        elif name in EDITABLE and name != "registration_unit_id":
            setattr(vehicle, name, value)
    if not vehicle.make:
        raise ValidationFailed(details={"make": [_("The make is required.")]})
    _prepare(vehicle)
    _not_future(vehicle.registered_on, "registered_on")
    _refuse_duplicates(vehicle)
    save_edit(vehicle, actor, expected_version)
    record_write(actor, "vehicle.update", vehicle, before=before)
    return vehicle


def current_ownership(vehicle: Vehicle) -> VehicleOwnership | None:
    return vehicle.ownerships.filter(to_date__isnull=True).select_related("owner").first()


def do_transfer_ownership(
    actor: Actor,
    vehicle_id: uuid.UUID,
    *,
    new_owner_id: Any,
    transfer_date: dt.date | None = None,
    expected_version: int | None = None,
) -> VehicleOwnership:
    """Close the current ownership and open the new one, as one change (and one version step)."""
    new_owner = resolve_person_reference(actor, new_owner_id, for_action="vehicle.manage", purpose="ownership transfer")
    return _transfer_ownership(
        actor, vehicle_id, new_owner, transfer_date=transfer_date, expected_version=expected_version
    )


@transaction.atomic
def _transfer_ownership(
    actor: Actor, vehicle_id: uuid.UUID, new_owner: Person, *, transfer_date: dt.date | None,
    expected_version: int | None,
) -> VehicleOwnership:  # fmt: skip
    vehicle = get_visible(Vehicle.objects.select_for_update(), actor, "vehicle.manage", vehicle_id)
    on = transfer_date or timezone.localdate()
    _not_future(on, "transfer_date")
    current = current_ownership(vehicle)
    if current is not None:
        if current.owner_id == new_owner.pk:
            raise ValidationFailed(details={"new_owner": [_("This person already owns the vehicle.")]})
        if on < current.from_date:
            raise ValidationFailed(
                details={"transfer_date": [_("The transfer cannot precede the current owner's date (%(date)s).")
                                           % {"date": current.from_date.strftime("%d/%m/%Y")}]}
            )  # fmt: skip
    # The vehicle's version guards against two transfers at once.
    save_edit(vehicle, actor, expected_version)
    if current is not None:
        before = snapshot(current)
        current.to_date = on
        save_edit(current, actor, current.version)
        record_write(actor, "vehicle_ownership.close", current, before=before)
    ownership = VehicleOwnership(vehicle=vehicle, owner=new_owner, from_date=on)
    create_record(ownership, actor)
    record_write(actor, "vehicle_ownership.create", ownership)
    record_write(
        actor, "vehicle.transfer", vehicle,
        after={"from_owner": str(current.owner_id) if current else None, "to_owner": str(new_owner.pk), "date": on},
    )  # fmt: skip
    return ownership


# --- reports and recoveries -------------------------------------------------------------------


@transaction.atomic
def do_report_vehicle(
    actor: Actor,
    vehicle_id: uuid.UUID,
    *,
    kind: str,
    legal_basis: str,
    details: str = "",
    reported_at: dt.datetime | None = None,
    reporting_unit_id: uuid.UUID | None = None,
) -> VehicleReport:
    """Report a vehicle stolen, wanted or linked to terrorism; the legal basis is required."""
    actor.scope("vehicle.report")
    vehicle = get_visible(Vehicle, actor, "vehicle.view", vehicle_id)
    basis = to_ascii_digits(legal_basis or "").strip()
    if len(basis) < 3:
        raise ValidationFailed(
            details={"legal_basis": [_("State the legal basis: complaint number or prosecution reference.")]}
        )
    when = reported_at or timezone.now()
    _not_future(when, "reported_at")
    if VehicleReport.objects.filter(vehicle=vehicle, kind=kind).exclude(report_recovered()).exists():
        raise ValidationFailed(details={"kind": [_("This vehicle already has an open report of this kind.")]})
    report = VehicleReport(
        vehicle=vehicle, kind=kind, legal_basis=basis, details=(details or "").strip(), reported_at=when,
        reporting_unit=_unit(actor, reporting_unit_id, "reporting_unit"),
    )  # fmt: skip
    create_record(report, actor)
    record_write(actor, "vehicle_report.create", report)
    return report


@transaction.atomic
def do_record_recovery(
    actor: Actor,
    report_id: uuid.UUID,
    *,
    place: str,
    recovered_at: dt.datetime | None = None,
    unit_id: uuid.UUID | None = None,
    notes: str = "",
) -> VehicleRecovery:
    """Record that a reported vehicle was found: a new row of this site, closing the report everywhere."""
    actor.scope("vehicle.stop")
    report = get_visible(VehicleReport.objects.select_related("vehicle"), actor, "vehicle.view", report_id)
    if not report.is_open:
        raise Conflict(_("This report is already closed by a recovery."))
    when = recovered_at or timezone.now()
    _not_future(when, "recovered_at")
    if when < report.reported_at:
        raise ValidationFailed(details={"recovered_at": [_("The recovery cannot precede the report.")]})
    if not (place or "").strip():
        raise ValidationFailed(details={"place": [_("Where was the vehicle found?")]})
    recovery = VehicleRecovery(
        report=report, place=place.strip(), recovered_at=when, unit=_unit(actor, unit_id, "unit"),
        notes=(notes or "").strip(),
    )  # fmt: skip
    create_record(recovery, actor)
    record_write(actor, "vehicle_recovery.create", recovery)
    return recovery


# --- stops of unregistered vehicles -----------------------------------------------------------


def do_record_stop(actor: Actor, *, driver_id: Any = None, **fields: Any) -> UnregisteredVehicleStop:
    """A stop during a campaign; the driver, when known, is the person ``driver_id`` names (record id or
    national number)."""
    actor.scope("vehicle.stop")
    driver = None
    if driver_id is not None:
        driver = resolve_person_reference(actor, driver_id, for_action="vehicle.stop", purpose="vehicle stop")
    return _record_stop(actor, driver, **fields)


@transaction.atomic
def _record_stop(
    actor: Actor,
    driver: Person | None,
    *,
    campaign: str,
    place: str,
    description: str,
    action_taken: str,
    stopped_at: dt.datetime | None = None,
    plate: str = "",
    vin: str = "",
    driver_name: str = "",
    notes: str = "",
    unit_id: uuid.UUID | None = None,
) -> UnregisteredVehicleStop:
    """A plate that is not a Libyan plate is kept as written (fake and foreign plates are what
    campaigns find); a VIN, when read, must be a valid one."""
    stop = UnregisteredVehicleStop(
        campaign=(campaign or "").strip(), place=(place or "").strip(), description=(description or "").strip(),
        action_taken=action_taken, stopped_at=stopped_at or timezone.now(), plate_as_written=(plate or "").strip(),
        driver_name=(driver_name or "").strip(), notes=(notes or "").strip(), unit=_unit(actor, unit_id, "unit"),
    )  # fmt: skip
    _not_future(stop.stopped_at, "stopped_at")
    if stop.plate_as_written:
        try:
            stop.plate_canonical = parse_plate(stop.plate_as_written).canonical
        except PlateError:
            stop.plate_canonical = ""
    if (vin or "").strip():
        try:
            stop.vin = validate_vin(vin).value
        except VinError as exc:
            raise ValidationFailed(details={"vin": [message_for(exc)]}) from exc
    if driver is not None:
        stop.driver = driver
    create_record(stop, actor)
    record_write(actor, "vehicle_stop.create", stop)
    return stop


# --- reads ------------------------------------------------------------------------------------


@dataclass
class VehicleFilters:
    plate: str = ""
    vin: str = ""
    make: str = ""
    reported: str = ""  # "", "open" (an open report), "none"


def search_vehicles(actor: Actor, filters: VehicleFilters) -> QuerySet[Vehicle]:
    """The registry list (no owners shown, so no personal data and no audit entry)."""
    qs = visible(Vehicle.objects.select_related("registration_unit"), actor, "vehicle.view").annotate(
        has_open_report=vehicle_reported()
    )
    if filters.plate.strip():
        canonical, fragment = plate_search_key(filters.plate)
        qs = qs.filter(plate_canonical=canonical) if canonical else qs.filter(plate_canonical__contains=fragment)
    if filters.vin.strip():
        qs = qs.filter(vin__contains=clean(filters.vin))
    if filters.make.strip():
        make = filters.make.strip()
        qs = qs.filter(Q(make__icontains=make) | Q(model__icontains=make))
    if filters.reported == "open":
        qs = qs.filter(has_open_report=True)
    elif filters.reported == "none":
        qs = qs.filter(has_open_report=False)
    return qs


def reports_of(queryset: QuerySet[VehicleReport]) -> QuerySet[VehicleReport]:
    return queryset.select_related("vehicle", "reporting_unit").annotate(recovered=report_recovered())


def open_reports(actor: Actor, kind: str = "") -> QuerySet[VehicleReport]:
    qs = reports_of(visible(VehicleReport, actor, "vehicle.view").exclude(report_recovered()))
    return qs.filter(kind=kind) if kind else qs


@dataclass
class VehicleSheet:
    """A vehicle with everything about it, for the detail page and the API."""

    vehicle: Vehicle
    ownerships: list[VehicleOwnership]
    reports: list[VehicleReport]
    recoveries: list[VehicleRecovery]
    history: list[HistoryEntry] = field(default_factory=list)

    @property
    def current_owner(self) -> Person | None:
        return next((o.owner for o in self.ownerships if o.to_date is None), None)

    @property
    def open_reports(self) -> list[VehicleReport]:
        return [r for r in self.reports if r.is_open]


def _sheet(vehicle: Vehicle, *, with_history: bool = False) -> VehicleSheet:
    ownerships = list(vehicle.ownerships.select_related("owner"))
    reports = list(reports_of(vehicle.reports.all()))
    recoveries = list(
        VehicleRecovery.objects.filter(report__vehicle=vehicle)
        .select_related("unit", "report")
        .order_by("recovered_at")
    )
    sheet = VehicleSheet(vehicle, ownerships, reports, recoveries)
    if with_history:
        entries = history_of(vehicle)
        for row in (*ownerships, *reports, *recoveries):
            entries += history_of(row)
        sheet.history = sorted(entries, key=lambda e: e.at, reverse=True)
    return sheet


@transaction.atomic
def read_vehicle(actor: Actor, vehicle_id: uuid.UUID, *, purpose: str) -> VehicleSheet:
    """A vehicle with its owners, reports and history; the read and its purpose are audited."""
    vehicle = get_visible(Vehicle.objects.select_related("registration_unit"), actor, "vehicle.view", vehicle_id)
    record_read(actor, "vehicle.read", vehicle, purpose=purpose)
    return _sheet(vehicle, with_history=True)


@dataclass
class LookupResult:
    query: str
    plate: str  # canonical
    vehicles: list[VehicleSheet]

    @property
    def hit(self) -> bool:
        return any(sheet.open_reports for sheet in self.vehicles)


@transaction.atomic
def lookup_plate(actor: Actor, plate: str, *, purpose: str) -> LookupResult:
    """The checkpoint's question: is this plate registered, to whom, and is it reported?"""
    actor.scope("vehicle.view")
    purpose = require_purpose(purpose)
    try:
        canonical = parse_plate(plate).canonical
    except PlateError as exc:
        raise ValidationFailed(details={"plate": [message_for(exc)]}) from exc
    vehicles = visible(Vehicle.objects.select_related("registration_unit"), actor, "vehicle.view")
    sheets = [_sheet(v) for v in vehicles.filter(plate_canonical=canonical)]
    result = LookupResult(query=plate, plate=canonical, vehicles=sheets)
    record_read(
        actor, "vehicle.lookup", purpose=purpose, object_type="vehicles.vehicle",
        object_repr=canonical, plate=canonical, results=[str(s.vehicle.pk) for s in sheets], hit=result.hit,
    )  # fmt: skip
    return result


@transaction.atomic
def browse_stops(actor: Actor, *, campaign: str = "", plate: str = "") -> QuerySet[UnregisteredVehicleStop]:
    """The stops list (drivers' names): the look-up and its filters go to the audit log."""
    qs = search_stops(actor, campaign=campaign, plate=plate)
    record_read(actor, "vehicle.stop_list", purpose="stops list", filters=given_filters(
        {"campaign": campaign, "plate": plate}))  # fmt: skip
    return qs


def search_stops(actor: Actor, *, campaign: str = "", plate: str = "") -> QuerySet[UnregisteredVehicleStop]:
    qs = visible(UnregisteredVehicleStop.objects.select_related("unit", "driver"), actor, "vehicle.view")
    if campaign.strip():
        qs = qs.filter(campaign__icontains=campaign.strip())
    if plate.strip():
        canonical, fragment = plate_search_key(plate)
        qs = (
            qs.filter(plate_canonical=canonical)
            if canonical
            else qs.filter(Q(plate_canonical__contains=fragment) | Q(plate_as_written__contains=plate.strip()))
        )
    return qs
