"""Every write of forensic evidence is one function here: it checks, writes and audits in one transaction.

Hand-overs are appended, never edited: an item's current holder, seal and condition are read
from the end of its chain (``current_link``), so a hand-over recorded at another site is a new row
of that site and the item's own row is never touched by a peer.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Q, QuerySet, Subquery, UUIDField
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from sijill.audit.services import record_read, record_write, snapshot
from sijill.core.actor import Actor
from sijill.core.digits import to_ascii_digits
from sijill.core.errors import ValidationFailed
from sijill.core.permissions import get_visible, visible
from sijill.core.services import create_record, given_filters, save_edit
from sijill.evidence import chain
from sijill.evidence.models import Condition, CustodyTransfer, EvidenceItem, LabReference
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.persons.services import resolve_person_reference
from sijill.records.models import Case

ITEM_FIELDS = (
    "item_number", "description", "kind", "seized_at", "seized_place", "seized_by", "seized_unit", "seal_number",
    "condition",
)  # fmt: skip
EDITABLE = ("description", "kind", "seized_place", "seized_by")
BROKEN: dict[str, Any] = {
    "not_current_holder": gettext_lazy("A hand-over must start from the item's current holder (%(holder)s)."),
    "same_holder": gettext_lazy("The item is handed over to the unit that already holds it."),
    "before_last": gettext_lazy("A hand-over cannot be dated before the previous one (%(since)s)."),
    "future": gettext_lazy("A hand-over cannot be dated in the future."),
    "reseal_required": gettext_lazy("The seal was found broken: state the new seal number the item was closed with."),
    "same_seal": gettext_lazy("The new seal number must differ from the present one."),
}


def _clean(value: Any) -> str:
    return to_ascii_digits(str(value or "")).strip()


def _seal_taken(seal: str) -> bool:
    return (
        EvidenceItem.objects.filter(seal_number=seal).exists()
        or CustodyTransfer.objects.filter(new_seal_number=seal).exists()
    )


def _unit(value: Any, field: str) -> Unit:
    if isinstance(value, Unit):
        return value
    try:
        return Unit.objects.get(pk=value)
    except (Unit.DoesNotExist, ValueError, TypeError, Exception) as exc:
        raise ValidationFailed(details={field: [_("Unknown unit.")]}) from exc


# --- reads of the chain -----------------------------------------------------------------------


def transfers_of(item: EvidenceItem) -> list[CustodyTransfer]:
    return list(item.transfers.select_related("from_unit", "to_unit").order_by("sequence"))


def current_link(item: EvidenceItem) -> chain.Link:
    last = item.transfers.order_by("-sequence").first()
    if last is None:
        return chain.Link(item.seized_unit_id, item.seized_at, item.seal_number, 0)
    seal = (
        item.transfers.exclude(new_seal_number="")
        .order_by("-sequence")
        .values_list("new_seal_number", flat=True)
        .first()
        or item.seal_number
    )
    return chain.Link(last.to_unit_id, last.handed_at, seal, last.sequence)


@dataclass
class ItemState:
    holder: Unit
    since: dt.datetime
    seal: str
    condition: str
    transfers: int


def state_of(item: EvidenceItem) -> ItemState:
    link = current_link(item)
    last = item.transfers.order_by("-sequence").first()
    return ItemState(
        holder=Unit.objects.get(pk=link.holder_id), since=link.since, seal=link.seal,
        condition=str(Condition(last.condition if last else item.condition).label), transfers=link.sequence,
    )  # fmt: skip


# --- writes -----------------------------------------------------------------------------------


@transaction.atomic
def do_create_item(actor: Actor, *, case: Any, **fields: Any) -> EvidenceItem:
    """Record a seized item under its seal; the seizing unit is the first holder of the chain."""
    actor.scope("evidence.manage")
    case_obj = get_visible(Case, actor, "evidence.manage", getattr(case, "pk", case))
    item = EvidenceItem(case=case_obj, **{k: v for k, v in fields.items() if k in ITEM_FIELDS and k != "seized_unit"})
    item.seized_unit = _unit(fields.get("seized_unit"), "seized_unit")
    item.item_number = _clean(item.item_number)
    item.seal_number = _clean(item.seal_number)
    if item.seal_number and _seal_taken(item.seal_number):
        raise ValidationFailed(details={"seal_number": [_("This seal number is already in use.")]})
    if item.seized_at and item.seized_at > timezone.now():
        raise ValidationFailed(details={"seized_at": [_("The seizure cannot be dated in the future.")]})
    if EvidenceItem.objects.filter(case=case_obj, item_number=item.item_number).exists():
        raise ValidationFailed(details={"item_number": [_("This case already has an item with this number.")]})
    if fields.get("item_id"):  # fixed ids of the demo
        item.id = fields["item_id"]
    create_record(item, actor)
    record_write(actor, "evidence.create", item)
    return item


@transaction.atomic
def do_update_item(actor: Actor, item_id: uuid.UUID, *, expected_version: int | None, **changes: Any) -> EvidenceItem:
    """Correct the description of an item (never its seal or chain)."""
    item = get_visible(EvidenceItem.objects.select_for_update(), actor, "evidence.manage", item_id)
    before = snapshot(item)
    for name, value in changes.items():
        if name in EDITABLE:
            setattr(item, name, value)
    save_edit(item, actor, expected_version)
    record_write(actor, "evidence.update", item, before=before)
    return item


@transaction.atomic
def do_record_transfer(actor: Actor, item_id: uuid.UUID, **fields: Any) -> CustodyTransfer:
    """Append a hand-over to the chain; refused unless it continues from the current holder."""
    item = get_visible(EvidenceItem.objects.select_for_update(), actor, "evidence.manage", item_id)
    from_unit = _unit(fields.get("from_unit"), "from_unit")
    to_unit = _unit(fields.get("to_unit"), "to_unit")
    new_seal = _clean(fields.get("new_seal_number"))
    handed_at = fields.get("handed_at")
    if not isinstance(handed_at, dt.datetime):
        raise ValidationFailed(details={"handed_at": [_("This field is required.")]})
    last = current_link(item)
    try:
        link = chain.next_link(
            last, chain.HandOver(from_unit.pk, to_unit.pk, handed_at, bool(fields.get("seal_intact")), new_seal),
            timezone.now(),
        )  # fmt: skip
    except chain.Broken as exc:
        holder = Unit.objects.filter(pk=last.holder_id).first()
        since = timezone.localtime(last.since).strftime("%d/%m/%Y %H:%M")
        message = str(BROKEN[exc.code]) % {"holder": holder.name if holder else "—", "since": since}
        raise ValidationFailed(message, details={exc.field: [message]}) from exc
    if new_seal and _seal_taken(new_seal):
        raise ValidationFailed(details={"new_seal_number": [_("This seal number is already in use.")]})
    transfer = CustodyTransfer(
        item=item, sequence=link.sequence, from_unit=from_unit, to_unit=to_unit, handed_at=handed_at,
        from_person=str(fields.get("from_person") or "").strip(), to_person=str(fields.get("to_person") or "").strip(),
        place=str(fields.get("place") or "").strip(), condition=fields.get("condition") or "",
        seal_intact=bool(fields.get("seal_intact")), new_seal_number=new_seal,
        purpose=str(fields.get("purpose") or "").strip(),
    )  # fmt: skip
    if fields.get("transfer_id"):  # fixed ids of the demo
        transfer.id = fields["transfer_id"]
    create_record(transfer, actor)
    record_write(actor, "evidence.transfer", transfer)
    return transfer


def do_add_lab_reference(
    actor: Actor, *, kind: str, reference: str, lab_name: str, item: Any = None, person: Any = None, notes: str = "",
    ref_id: uuid.UUID | None = None,
) -> LabReference:  # fmt: skip
    """Attach a lab identifier (fingerprint or DNA reference held by the lab) to an item or a person
    (``person``: a national number or a record id)."""
    actor.scope("evidence.manage")
    person_obj = None
    if person:
        person_obj = resolve_person_reference(actor, person, for_action="evidence.manage", purpose="lab reference")
    return _add_lab_reference(actor, person_obj, kind=kind, reference=reference, lab_name=lab_name, item=item,
                              notes=notes, ref_id=ref_id)  # fmt: skip


@transaction.atomic
def _add_lab_reference(
    actor: Actor, person_obj: Person | None, *, kind: str, reference: str, lab_name: str, item: Any, notes: str,
    ref_id: uuid.UUID | None,
) -> LabReference:  # fmt: skip
    item_obj = get_visible(EvidenceItem, actor, "evidence.manage", getattr(item, "pk", item)) if item else None
    if (item_obj is None) == (person_obj is None):
        raise ValidationFailed(details={"__all__": [_("A lab reference belongs to one item or to one person.")]})
    ref = LabReference(
        kind=kind, reference=_clean(reference).upper(), lab_name=str(lab_name or "").strip(), item=item_obj,
        person=person_obj, notes=str(notes or "").strip(),
    )  # fmt: skip
    target = Q(item=item_obj) if item_obj else Q(person=person_obj)
    if LabReference.objects.filter(target, kind=ref.kind, reference=ref.reference).exists():
        raise ValidationFailed(details={"reference": [_("This reference is already recorded here.")]})
    if ref_id:  # fixed ids of the demo
        ref.id = ref_id
    create_record(ref, actor)
    record_write(actor, "evidence.lab_reference", ref)
    return ref


# --- reads ------------------------------------------------------------------------------------


@transaction.atomic
def browse_items(actor: Actor, filters: dict[str, Any]) -> QuerySet[EvidenceItem]:
    """The evidence list (items, seals, holders; persons in descriptions): the look-up goes to the audit log."""
    qs = list_items(actor, filters)
    record_read(actor, "evidence.list", purpose="evidence list", filters=given_filters(filters))
    return qs


def list_items(actor: Actor, filters: dict[str, Any]) -> QuerySet[EvidenceItem]:
    """Items in scope, with their current holder annotated from the end of the chain."""
    last_holder = CustodyTransfer.objects.filter(item=OuterRef("pk")).order_by("-sequence").values("to_unit")[:1]
    qs = visible(EvidenceItem.objects.select_related("case", "seized_unit"), actor, "evidence.view").annotate(
        holder_id=Coalesce(Subquery(last_holder), "seized_unit_id", output_field=UUIDField())
    )
    case = filters.get("case")
    if case:
        qs = qs.filter(case_id=case.pk) if isinstance(case, Case) else qs.filter(case__number=_clean(case))
    if filters.get("kind"):
        qs = qs.filter(kind=filters["kind"])
    if filters.get("seal"):
        seal = _clean(filters["seal"])
        qs = qs.filter(Q(seal_number=seal) | Q(transfers__new_seal_number=seal)).distinct()
    if filters.get("holder"):
        qs = qs.filter(holder_id=getattr(filters["holder"], "pk", filters["holder"]))
    if filters.get("q"):
        qs = qs.filter(description__icontains=filters["q"].strip())
    return qs


@transaction.atomic
def read_item(actor: Actor, item_id: uuid.UUID, *, purpose: str) -> EvidenceItem:
    item = get_visible(EvidenceItem.objects.select_related("case", "seized_unit"), actor, "evidence.view", item_id)
    record_read(actor, "evidence.read", item, purpose=purpose)
    return item


@dataclass
class PersonLink:
    person: Person
    via: LabReference  # the person's reference
    item_ref: LabReference  # the item's reference with the same kind and number


def persons_linked(item: EvidenceItem) -> list[PersonLink]:
    """Persons whose lab references carry the same identifier as one of the item's."""
    links = []
    for ref in item.lab_references.all():
        for match in LabReference.objects.filter(
            kind=ref.kind, reference=ref.reference, person__isnull=False
        ).select_related("person"):
            assert match.person is not None
            links.append(PersonLink(match.person, match, ref))
    return links


def visible_cases(actor: Actor, action: str = "evidence.manage") -> QuerySet[Case]:
    return visible(Case.objects.select_related("unit"), actor, action)
