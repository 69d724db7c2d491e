"""JSON API of vehicles."""

# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.
import datetime as dt
import uuid

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.schemas import DigitInt, DigitStr, Pagination
from sijill.vehicles import services
from sijill.vehicles.models import VehicleOwnership

router = Router(tags=["vehicles"])


class VehicleSchema(Schema):
    id: uuid.UUID
    plate_canonical: str
    plate_as_written: str
    plate_category: str
    vin: str
    vin_is_legacy: bool
    make: str
    model: str
    colour: str
    year: int | None
    registration_unit_id: uuid.UUID
    registered_on: dt.date | None
    notes: str
    has_open_report: bool = False
    origin_site: str
    version: int


class OwnershipSchema(Schema):
    id: uuid.UUID
    owner_id: uuid.UUID
    owner_name: str
    from_date: dt.date
    to_date: dt.date | None
    origin_site: str

    @staticmethod
    def resolve_owner_name(obj: VehicleOwnership) -> str:
        return obj.owner.full_name


class ReportSchema(Schema):
    id: uuid.UUID
    vehicle_id: uuid.UUID
    kind: str
    reporting_unit_id: uuid.UUID
    legal_basis: str
    details: str
    reported_at: dt.datetime
    is_open: bool
    origin_site: str


class RecoverySchema(Schema):
    id: uuid.UUID
    report_id: uuid.UUID
    place: str
    recovered_at: dt.datetime
    unit_id: uuid.UUID
    notes: str
    origin_site: str


class VehicleSheetSchema(Schema):
    vehicle: VehicleSchema
    ownerships: list[OwnershipSchema]
    reports: list[ReportSchema]
    recoveries: list[RecoverySchema]


class LookupSchema(Schema):
    query: str
    plate: str
    hit: bool
    vehicles: list[VehicleSheetSchema]


class StopSchema(Schema):
    id: uuid.UUID
    campaign: str
    place: str
    stopped_at: dt.datetime
    unit_id: uuid.UUID
    description: str
    plate_as_written: str
    plate_canonical: str
    vin: str
    driver_id: uuid.UUID | None
    driver_name: str
    action_taken: str
    notes: str
    origin_site: str


class VehicleCreateSchema(Schema):
    plate_as_written: str = Field("", max_length=60, description="as written; Arabic-Indic digits accepted")
    plate_category: str = "private"
    vin: DigitStr = Field("", max_length=30)
    make: str = Field(min_length=1, max_length=60)
    model: str = Field("", max_length=60)
    colour: str = Field("", max_length=40)
    year: DigitInt | None = Field(None, ge=1900, le=2100)
    registration_unit_id: uuid.UUID | None = None
    registered_on: dt.date | None = None
    notes: str = ""
    owner_id: uuid.UUID | None = None
    owned_since: dt.date | None = None


class VehicleUpdateSchema(Schema):
    version: DigitInt
    plate_as_written: str | None = Field(None, max_length=60)
    plate_category: str | None = None
    vin: DigitStr | None = Field(None, max_length=30)
    make: str | None = Field(None, min_length=1, max_length=60)
    model: str | None = Field(None, max_length=60)
    colour: str | None = Field(None, max_length=40)
    year: DigitInt | None = Field(None, ge=1900, le=2100)
    registration_unit_id: uuid.UUID | None = None
    registered_on: dt.date | None = None
    notes: str | None = None


class TransferSchema(Schema):
    new_owner_id: uuid.UUID
    transfer_date: dt.date | None = None
    version: DigitInt | None = None


class ReportCreateSchema(Schema):
    kind: str = Field(pattern="^(stolen|wanted|terrorism)$")
    legal_basis: str = Field(min_length=1, max_length=200)
    details: str = ""
    reported_at: dt.datetime | None = None
    reporting_unit_id: uuid.UUID | None = None


class RecoveryCreateSchema(Schema):
    place: str = Field(min_length=1, max_length=200)
    recovered_at: dt.datetime | None = None
    unit_id: uuid.UUID | None = None
    notes: str = ""


class StopCreateSchema(Schema):
    campaign: str = Field(min_length=1, max_length=200)
    place: str = Field(min_length=1, max_length=200)
    description: str = Field(min_length=1)
    action_taken: str = Field(pattern="^(warned|regularise|impounded|referred|arrested)$")
    stopped_at: dt.datetime | None = None
    plate: str = Field("", max_length=60)
    vin: DigitStr = Field("", max_length=30)
    driver_id: uuid.UUID | None = None
    driver_name: str = Field("", max_length=200)
    notes: str = ""
    unit_id: uuid.UUID | None = None


class VehicleQuery(Schema):
    plate: str = Field("", max_length=60, description="whole plate (exact) or a fragment; Arabic-Indic digits accepted")
    vin: DigitStr = Field("", max_length=30)
    make: str = Field("", max_length=60)
    reported: str = Field("", pattern="^(|open|none)$")


def _sheet(sheet: services.VehicleSheet) -> dict[str, object]:
    return {
        "vehicle": sheet.vehicle,
        "ownerships": sheet.ownerships,
        "reports": sheet.reports,
        "recoveries": sheet.recoveries,
    }


@router.get("/vehicles", response=list[VehicleSchema])
@paginate(Pagination)
def list_vehicles(request: HttpRequest, filters: Query[VehicleQuery]) -> object:
    query = services.VehicleFilters(plate=filters.plate, vin=filters.vin, make=filters.make, reported=filters.reported)
    return services.search_vehicles(actor_for(request, "api"), query)


@router.post("/vehicles", response={201: VehicleSchema})
def create_vehicle(request: HttpRequest, payload: VehicleCreateSchema) -> object:
    return Status(201, services.do_create_vehicle(actor_for(request, "api"), **payload.dict()))


@router.get("/vehicles/lookup", response=LookupSchema)
def lookup_plate(
    request: HttpRequest,
    plate: str = Query(..., min_length=1, max_length=60),
    purpose: str = Query(..., min_length=3, max_length=500, description="why: recorded in the audit log"),
) -> object:
    """The checkpoint's question: is this plate registered, and is the vehicle reported?"""
    result = services.lookup_plate(actor_for(request, "api"), plate, purpose=purpose)
    return {"query": result.query, "plate": result.plate, "hit": result.hit,
            "vehicles": [_sheet(s) for s in result.vehicles]}  # fmt: skip


@router.get("/vehicles/reports", response=list[ReportSchema])
@paginate(Pagination)
def list_open_reports(request: HttpRequest, kind: str = Query("", pattern="^(|stolen|wanted|terrorism)$")) -> object:
    return services.open_reports(actor_for(request, "api"), kind)


@router.post("/vehicles/reports/{report_id}/recovery", response={201: RecoverySchema})
def record_recovery(request: HttpRequest, report_id: uuid.UUID, payload: RecoveryCreateSchema) -> object:
    return Status(201, services.do_record_recovery(actor_for(request, "api"), report_id, **payload.dict()))


@router.get("/vehicles/stops", response=list[StopSchema])
@paginate(Pagination)
def list_stops(request: HttpRequest, campaign: str = "", plate: str = "") -> object:
    return services.browse_stops(actor_for(request, "api"), campaign=campaign, plate=plate)


@router.post("/vehicles/stops", response={201: StopSchema})
def record_stop(request: HttpRequest, payload: StopCreateSchema) -> object:
    return Status(201, services.do_record_stop(actor_for(request, "api"), **payload.dict()))


@router.get("/vehicles/{vehicle_id}", response=VehicleSheetSchema)
def get_vehicle(request: HttpRequest, vehicle_id: uuid.UUID, purpose: str = Query(..., min_length=3)) -> object:
    return _sheet(services.read_vehicle(actor_for(request, "api"), vehicle_id, purpose=purpose))


@router.patch("/vehicles/{vehicle_id}", response=VehicleSchema)
def update_vehicle(request: HttpRequest, vehicle_id: uuid.UUID, payload: VehicleUpdateSchema) -> object:
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.do_update_vehicle(actor_for(request, "api"), vehicle_id, expected_version=version, **changes)


@router.post("/vehicles/{vehicle_id}/transfer", response={201: OwnershipSchema})
def transfer_ownership(request: HttpRequest, vehicle_id: uuid.UUID, payload: TransferSchema) -> object:
    data = payload.dict()
    ownership = services.do_transfer_ownership(
        actor_for(request, "api"), vehicle_id, new_owner_id=data["new_owner_id"],
        transfer_date=data["transfer_date"], expected_version=data["version"],
    )  # fmt: skip
    return Status(201, ownership)


@router.post("/vehicles/{vehicle_id}/reports", response={201: ReportSchema})
def report_vehicle(request: HttpRequest, vehicle_id: uuid.UUID, payload: ReportCreateSchema) -> object:
    return Status(201, services.do_report_vehicle(actor_for(request, "api"), vehicle_id, **payload.dict()))
