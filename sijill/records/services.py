"""Every write of criminal records and cases is one function here: it checks, writes and audits in one transaction.

A criminal record entry has no update or delete: ``do_correct_record`` writes a new entry that
supersedes the old one, with the reason, and the old one stays on the sheet as superseded.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from sijill.audit.services import record_read, record_write, require_purpose, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import Conflict, ValidationFailed
from sijill.core.federation import current_site
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, given_filters, save_edit
from sijill.organisation.models import Unit, UnitKind
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference
from sijill.records.models import Case, CaseStatus, CriminalRecord, RecordStatus

CASE_FIELDS = (
    "number", "title", "unit_id", "prosecution_office_id", "prosecution_ref", "court_ref", "opened_on", "status",
    "summary",
)  # fmt: skip
RECORD_FIELDS = (
    "case_id", "offence", "law_article", "prosecution_ref", "court_ref", "offence_date", "judgment_date", "judgment",
    "status",
)  # fmt: skip
_REFS = ("number", "prosecution_ref", "court_ref")


def _clean_text(fields: dict[str, Any]) -> dict[str, Any]:
    cleaned: dict[str, Any] = {}
    for name, value in fields.items():
        if isinstance(value, str):
            value = value.strip()
            if name in _REFS:
                value = to_ascii_digits(value)
        cleaned[name] = value
    return cleaned


# --- cases ------------------------------------------------------------------------------------


def _check_case(case: Case) -> None:
    errors: dict[str, list[str]] = {}
    if not case.number:
        errors["number"] = [_("The case number is required.")]
    elif Case.objects.filter(origin_site=case.origin_site, number=case.number).exclude(pk=case.pk).exists():
        errors["number"] = [_("A case with this number already exists at this site.")]
    if not case.title:
        errors["title"] = [_("The title is required.")]
    if case.unit_id and not Unit.objects.filter(pk=case.unit_id).exists():
        errors["unit"] = [_("Unknown unit.")]
    if case.prosecution_office_id:
        office = Unit.objects.filter(pk=case.prosecution_office_id).first()
        if office is None or office.kind != UnitKind.PROSECUTION_OFFICE:
            errors["prosecution_office"] = [_("Choose a prosecution office.")]
    if case.opened_on and case.opened_on > dt.date.today():
        errors["opened_on"] = [_("The date cannot be in the future.")]
    if case.status and case.status not in CaseStatus.values:
        errors["status"] = [_("Unknown status.")]
    if errors:
        raise ValidationFailed(details=errors)


@transaction.atomic
def do_create_case(actor: Actor, **fields: Any) -> Case:
    """Open a case; the handling unit defaults to the clerk's own unit."""
    actor.scope("record.manage")
    values = _clean_text({k: v for k, v in fields.items() if k in CASE_FIELDS and v is not None})
    values.setdefault("unit_id", actor.unit_id)
    values.setdefault("opened_on", dt.date.today())
    case = Case(**values)
    case.origin_site = current_site()
    _check_case(case)
    create_record(case, actor)
    record_write(actor, "case.create", case)
    return case


@transaction.atomic
def do_update_case(actor: Actor, case_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> Case:
    """Edit a case's own facts (references, status); its criminal record entries are untouched."""
    case = get_visible(Case.objects.select_for_update(), actor, "record.manage", case_id)
    before = snapshot(case)
    for name, value in _clean_text({k: v for k, v in changes.items() if k in CASE_FIELDS}).items():
        setattr(case, name, "" if value is None and name not in ("prosecution_office_id", "opened_on") else value)
    _check_case(case)
    save_edit(case, actor, expected_version)
    record_write(actor, "case.update", case, before=before)
    return case


@transaction.atomic
def browse_cases(actor: Actor, *, text: str = "", status: str = "", unit_id: Any = None) -> QuerySet[Case]:
    """The cases list (titles name persons and places): the look-up and its filters go to the audit log."""
    qs = cases(actor, text=text, status=status, unit_id=unit_id)
    record_read(actor, "case.list", purpose="case list", filters=given_filters(
        {"text": text, "status": status, "unit_id": unit_id}))  # fmt: skip
    return qs


def cases(actor: Actor, *, text: str = "", status: str = "", unit_id: Any = None) -> QuerySet[Case]:
    """Cases the actor may see, filtered (internal: the list is shown through ``browse_cases``)."""
    actor.scope("record.view")
    qs = visible(Case.objects.select_related("unit", "prosecution_office"), actor, "record.view")
    if text := to_ascii_digits(text).strip():
        qs = qs.filter(
            Q(number__icontains=text) | Q(title__icontains=text) | Q(prosecution_ref__icontains=text)
            | Q(court_ref__icontains=text)
        )  # fmt: skip
    if status:
        qs = qs.filter(status=status)
    if unit_id:
        qs = qs.filter(unit_id=unit_id)
    return qs


def get_case(actor: Actor, case_id: Any) -> Case:
    actor.scope("record.view")
    return get_visible(Case.objects.select_related("unit", "prosecution_office"), actor, "record.view", case_id)


@transaction.atomic
def read_case(actor: Actor, case_id: Any, *, purpose: str) -> tuple[Case, list[CriminalRecord]]:
    """A case with the entries recorded under it (persons' records: audited with the purpose)."""
    case = get_case(actor, case_id)
    entries = list(
        visible(
            CriminalRecord.objects.filter(case=case).select_related("person", "superseded_by"), actor, "record.view"
        )
    )
    record_read(actor, "case.read", case, purpose=purpose, records=[str(e.pk) for e in entries])
    return case, entries


# --- criminal record entries ------------------------------------------------------------------


def _check_entry(actor: Actor, entry: CriminalRecord) -> None:
    errors: dict[str, list[str]] = {}
    if not entry.offence:
        errors["offence"] = [_("The offence is required.")]
    if entry.status not in RecordStatus.values:
        errors["status"] = [_("Unknown status.")]
    if entry.case_id and not visible(Case, actor, "record.view").filter(pk=entry.case_id).exists():
        errors["case"] = [_("Unknown case.")]
    today = dt.date.today()
    for name in ("offence_date", "judgment_date"):
        value = getattr(entry, name)
        if value and value > today:
            errors[name] = [_("The date cannot be in the future.")]
    if entry.offence_date and entry.judgment_date and entry.judgment_date < entry.offence_date:
        errors["judgment_date"] = [_("The judgment cannot precede the offence.")]
    judged = entry.status in (RecordStatus.CONVICTED, RecordStatus.ACQUITTED)
    if judged and not entry.judgment_date:
        errors["judgment_date"] = [_("A judgment needs its date.")]
    if errors:
        raise ValidationFailed(details=errors)


def do_create_record(actor: Actor, person_id: Any, **fields: Any) -> CriminalRecord:
    """Record an entry on the sheet of the person ``person_id`` names (record id or national number);
    the recording unit is the clerk's unit."""
    actor.scope("record.manage")
    person = resolve_person_reference(actor, person_id, for_action="record.manage", purpose="criminal record entry")
    return _create_record(actor, person, **fields)


@transaction.atomic
def _create_record(actor: Actor, person: Person, **fields: Any) -> CriminalRecord:
    if actor.unit_id is None:
        raise ValidationFailed(_("Only a user attached to a unit can record an entry."))
    values = _clean_text({k: v for k, v in fields.items() if k in RECORD_FIELDS and v is not None})
    entry = CriminalRecord(person=person, unit_id=actor.unit_id, **values)
    _check_entry(actor, entry)
    create_record(entry, actor)
    record_write(actor, "record.create", entry)
    return entry


@transaction.atomic
def do_correct_record(actor: Actor, record_id: Any, *, reason: str, **fields: Any) -> CriminalRecord:
    """Correct an entry by writing a new one that supersedes it; the old one is kept as it was.

    Fields not given are carried over from the old entry. An entry already corrected cannot be
    corrected again (correct its correction instead): that answers 409.
    """
    actor.scope("record.manage")
    old = get_visible(CriminalRecord.objects.select_for_update(), actor, "record.manage", record_id)
    reason = (reason or "").strip()
    if len(reason) < 3:
        raise ValidationFailed(details={"correction_reason": [_("State the reason for the correction.")]})
    if CriminalRecord.objects.filter(supersedes=old).exists():
        raise Conflict(_("This entry was already corrected. Correct the newer entry instead."))
    values = {name: getattr(old, name) for name in RECORD_FIELDS}
    values.update(_clean_text({k: v for k, v in fields.items() if k in RECORD_FIELDS and v is not None}))
    entry = CriminalRecord(
        person_id=old.person_id, unit_id=actor.unit_id or old.unit_id, supersedes=old, correction_reason=reason,
        **values,
    )  # fmt: skip
    _check_entry(actor, entry)
    try:
        with transaction.atomic():
            create_record(entry, actor)
    except IntegrityError as exc:  # another clerk corrected it at the same moment
        raise Conflict(_("This entry was already corrected. Correct the newer entry instead.")) from exc
    record_write(actor, "record.correct", entry, before=snapshot(old))
    return entry


@dataclass
class RecordSheet:
    """A person's record sheet (صحيفة السوابق): current entries and the ones corrections replaced."""

    person: Person
    current: list[CriminalRecord] = field(default_factory=list)
    superseded: list[CriminalRecord] = field(default_factory=list)


def entries_of(actor: Actor, person: Person) -> list[CriminalRecord]:
    """A person's record entries that the actor may see (no audit: shown on a page whose read is audited)."""
    qs = CriminalRecord.objects.filter(person=person).select_related("case", "unit", "supersedes", "superseded_by")
    return list(visible(qs, actor, "record.view"))


def _is_current(entry: CriminalRecord) -> bool:
    return entry.is_current


@transaction.atomic
def read_sheet(actor: Actor, person_id: Any, *, purpose: str) -> RecordSheet:
    """The whole sheet of a person; the read and its purpose are audited."""
    actor.scope("record.view")
    purpose = require_purpose(purpose)
    person = get_visible(Person, actor, "person.view", person_id)
    entries = entries_of(actor, person)
    sheet = RecordSheet(person, [e for e in entries if _is_current(e)], [e for e in entries if not _is_current(e)])
    record_read(actor, "record.sheet", person, purpose=purpose, records=[str(e.pk) for e in entries])
    return sheet


def get_record(actor: Actor, record_id: Any) -> CriminalRecord:
    actor.scope("record.view")
    qs = CriminalRecord.objects.select_related("person", "case", "unit", "supersedes", "superseded_by")
    return get_visible(qs, actor, "record.view", record_id)


def sheet_summary(actor: Actor, person: Person) -> dict[str, int] | None:
    """Counts for the person's page (whose read is audited), or None if the actor may not see records."""
    if not actor.can("record.view"):
        return None
    entries = entries_of(actor, person)
    current = [e for e in entries if _is_current(e)]
    return {
        "current": len(current),
        "superseded": len(entries) - len(current),
        "convicted": sum(1 for e in current if e.status == RecordStatus.CONVICTED),
    }
