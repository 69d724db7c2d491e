# No "from __future__ import annotations" in API modules: django-ninja reads the annotations at runtime.

import uuid

from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate
from ninja.responses import Status

from sijill.accounts.auth import actor_for
from sijill.core.permissions import get_visible, visible
from sijill.core.schemas import DigitInt, Pagination
from sijill.organisation import services
from sijill.organisation.models import Agency, Directorate, District, Site, Unit

router = Router(tags=["organisation"])


class SiteSchema(Schema):
    id: uuid.UUID
    code: str
    name_ar: str
    name_en: str


class DistrictSchema(Schema):
    pcode: str
    name_ar: str
    name_en: str
    region_en: str


class AgencySchema(Schema):
    code: str
    name_ar: str
    name_en: str


class DirectorateSchema(Schema):
    id: uuid.UUID
    code: str
    name_ar: str
    name_en: str
    district_id: str | None
    origin_site: str
    version: int


class UnitSchema(Schema):
    id: uuid.UUID
    code: str
    name_ar: str
    name_en: str
    kind: str
    agency_id: str
    directorate_id: uuid.UUID | None
    parent_id: uuid.UUID | None
    origin_site: str
    active: bool
    version: int


class UnitCreateSchema(Schema):
    code: str
    name_ar: str
    name_en: str = ""
    kind: str
    agency_id: str
    directorate_id: uuid.UUID | None = None
    parent_id: uuid.UUID | None = None


class UnitUpdateSchema(Schema):
    version: DigitInt
    name_ar: str | None = None
    name_en: str | None = None
    kind: str | None = None
    agency_id: str | None = None
    directorate_id: uuid.UUID | None = None
    active: bool | None = None


@router.get("/sites", response=list[SiteSchema])
def list_sites(request: HttpRequest) -> object:
    return visible(Site, actor_for(request, "api"), "org.view")


@router.get("/districts", response=list[DistrictSchema])
def list_districts(request: HttpRequest) -> object:
    actor_for(request, "api").scope("org.view")
    return District.objects.all()


@router.get("/agencies", response=list[AgencySchema])
def list_agencies(request: HttpRequest) -> object:
    actor_for(request, "api").scope("org.view")
    return Agency.objects.all()


@router.get("/directorates", response=list[DirectorateSchema])
@paginate(Pagination)
def list_directorates(request: HttpRequest) -> object:
    return visible(Directorate, actor_for(request, "api"), "org.view")


@router.get("/directorates/{directorate_id}", response=DirectorateSchema)
def get_directorate(request: HttpRequest, directorate_id: uuid.UUID) -> object:
    return get_visible(Directorate, actor_for(request, "api"), "org.view", directorate_id)


@router.get("/units", response=list[UnitSchema])
@paginate(Pagination)
def list_units(request: HttpRequest, directorate_id: uuid.UUID | None = None, agency_id: str | None = None) -> object:
    qs = visible(Unit, actor_for(request, "api"), "org.view")
    if directorate_id:
        qs = qs.filter(directorate_id=directorate_id)
    if agency_id:
        qs = qs.filter(agency_id=agency_id)
    return qs


@router.get("/units/{unit_id}", response=UnitSchema)
def get_unit(request: HttpRequest, unit_id: uuid.UUID) -> object:
    return get_visible(Unit, actor_for(request, "api"), "org.view", unit_id)


@router.post("/units", response={201: UnitSchema})
def create_unit(request: HttpRequest, payload: UnitCreateSchema) -> object:
    data = payload.dict()
    unit = services.do_create_unit(actor_for(request, "api"), **data)
    return Status(201, unit)


@router.patch("/units/{unit_id}", response=UnitSchema)
def update_unit(request: HttpRequest, unit_id: uuid.UUID, payload: UnitUpdateSchema) -> object:
    changes = payload.dict(exclude_unset=True)
    version = changes.pop("version")
    return services.do_update_unit(actor_for(request, "api"), unit_id, expected_version=version, **changes)
