"""Writes to the organisation: each one checks, writes and audits in one transaction."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from sijill.audit.services import record_write, snapshot
from sijill.core.actor import Actor
from sijill.core.errors import ValidationFailed
from sijill.core.permissions import get_visible
from sijill.core.services import create_record, save_edit
from sijill.organisation.models import Directorate, Unit

UNIT_EDITABLE = ("name_ar", "name_en", "kind", "agency_id", "directorate_id", "parent_id", "municipality_id", "active")


def _check_code_free(model: type[Unit] | type[Directorate], code: str) -> None:
    """Codes are unique statewide; the database enforces it per site only (see core.federation)."""
    if model.objects.filter(code=code).exists():
        raise ValidationFailed(details={"code": [_("This code is already used at a site.")]})


def _check_parent(actor: Actor, parent_id: uuid.UUID | None) -> Unit | None:
    if parent_id is None:
        return None
    return get_visible(Unit, actor, "org.view", parent_id)


@transaction.atomic
def do_create_unit(actor: Actor, *, code: str, name_ar: str, kind: str, agency_id: str, **fields: Any) -> Unit:
    actor.scope("org.manage")
    parent = _check_parent(actor, fields.get("parent_id"))
    _check_code_free(Unit, code)
    unit = Unit(code=code, name_ar=name_ar, kind=kind, agency_id=agency_id)
    for name, value in fields.items():
        if name in UNIT_EDITABLE:
            setattr(unit, name, value)
    unit.parent = parent
    unit.path = unit.compute_path()
    create_record(unit, actor)
    record_write(actor, "unit.create", unit)
    return unit


@transaction.atomic
def do_update_unit(actor: Actor, unit_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> Unit:
    unit = get_visible(Unit.objects.select_for_update(), actor, "org.manage", unit_id)
    before = snapshot(unit)
    for name, value in changes.items():
        if name in UNIT_EDITABLE:
            setattr(unit, name, value)
    if "parent_id" in changes and str(changes["parent_id"] or "") != str(before["parent_id"] or ""):
        raise ValidationFailed(details={"parent_id": [_("A unit cannot be moved under another parent yet.")]})
    save_edit(unit, actor, expected_version)
    record_write(actor, "unit.update", unit, before=before)
    return unit


@transaction.atomic
def do_create_directorate(
    actor: Actor, *, code: str, name_ar: str, name_en: str = "", district_id: str | None = None
) -> Directorate:
    actor.scope("org.manage")
    _check_code_free(Directorate, code)
    directorate = Directorate(code=code, name_ar=name_ar, name_en=name_en, district_id=district_id)
    create_record(directorate, actor)
    record_write(actor, "directorate.create", directorate)
    return directorate
