"""Evidence items, their chain of custody (append-only hand-overs) and laboratory references."""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping


class EvidenceKind(models.TextChoices):
    WEAPON = "weapon", _("Weapon")
    AMMUNITION = "ammunition", _("Ammunition and casings")
    DRUGS = "drugs", _("Narcotics")
    DOCUMENT = "document", _("Document")
    DEVICE = "device", _("Phone or electronic device")
    BIOLOGICAL = "biological", _("Biological sample")
    FINGERPRINT = "fingerprint", _("Fingerprint lift")
    VEHICLE_PART = "vehicle_part", _("Vehicle or part")
    CASH = "cash", _("Cash")
    OTHER = "other", _("Other")


class Condition(models.TextChoices):
    GOOD = "good", _("Good")
    DAMAGED = "damaged", _("Damaged")
    PARTIAL = "partial", _("Partly consumed by analysis")
    DESTROYED = "destroyed", _("Destroyed")


class EvidenceItem(FederatedModel):
    """One sealed item tied to a case. Its current holder, seal and condition come from the chain."""

    case = models.ForeignKey("records.Case", verbose_name=_("case"), on_delete=models.PROTECT, related_name="evidence")
    item_number = models.CharField(_("item number"), max_length=20)
    description = models.TextField(_("description"))
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    seized_at = models.DateTimeField(_("seized at"))
    seized_place = models.CharField(_("place of seizure"), max_length=200)
    seized_by = models.CharField(_("seized by (name and rank)"), max_length=200)
    seized_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("seizing unit"), on_delete=models.PROTECT, related_name="+"
    )
    seal_number = models.CharField(_("seal number"), max_length=40)
    condition = models.CharField(_("condition at seizure"), max_length=12, choices=Condition.choices)

    scoping: ClassVar[Scoping] = Scoping(directorate="case__unit__directorate_id", unit_path="case__unit__path")

    class Meta:
        ordering = ["case", "item_number"]
        verbose_name = _("evidence item")
        verbose_name_plural = _("evidence items")
        # Per owning site: a statewide constraint would stall replication (the services check statewide).
        constraints = [
            models.UniqueConstraint(
                fields=["origin_site", "case", "item_number"], name="evidence_item_number_per_case"
            ),
            models.UniqueConstraint(fields=["origin_site", "seal_number"], name="evidence_seal_per_site"),
        ]

    def __str__(self) -> str:
        return f"{self.case.number} / {self.item_number} — {self.seal_number}"


class CustodyTransfer(FederatedModel):
    """One hand-over, never edited or deleted: the chain of custody is their ordered list."""

    item = models.ForeignKey(EvidenceItem, verbose_name=_("item"), on_delete=models.PROTECT, related_name="transfers")
    sequence = models.PositiveIntegerField(_("sequence"))
    from_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("from unit"), on_delete=models.PROTECT, related_name="+"
    )
    from_person = models.CharField(_("handed over by"), max_length=200)
    to_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("to unit"), on_delete=models.PROTECT, related_name="+"
    )
    to_person = models.CharField(_("received by"), max_length=200)
    handed_at = models.DateTimeField(_("handed over at"))
    place = models.CharField(_("place"), max_length=200)
    condition = models.CharField(_("condition at hand-over"), max_length=12, choices=Condition.choices)
    seal_intact = models.BooleanField(_("seal intact"))
    new_seal_number = models.CharField(_("new seal number"), max_length=40, blank=True)
    purpose = models.CharField(_("purpose"), max_length=200, blank=True)

    scoping: ClassVar[Scoping] = Scoping(
        directorate="item__case__unit__directorate_id", unit_path="item__case__unit__path"
    )

    class Meta:
        ordering = ["item", "sequence"]
        verbose_name = _("custody transfer")
        verbose_name_plural = _("custody transfers")
        constraints = [
            models.UniqueConstraint(fields=["origin_site", "item", "sequence"], name="custody_transfer_sequence")
        ]

    def __str__(self) -> str:
        return f"{self.item_id} #{self.sequence}: {self.from_unit_id} → {self.to_unit_id}"


class LabKind(models.TextChoices):
    FINGERPRINT = "fingerprint", _("Fingerprint")
    DNA = "dna", _("DNA profile")
    BALLISTICS = "ballistics", _("Ballistics")
    OTHER = "other", _("Other")


class LabReference(FederatedModel):
    """A laboratory identifier attached to an item or to a person: persons and items meet here.

    The lab keeps the profile itself; the registry keeps only the reference number, so that an
    item and a person carrying the same reference are linked without holding biometric data.
    """

    kind = models.CharField(_("kind"), max_length=12, choices=LabKind.choices)
    reference = models.CharField(_("lab reference"), max_length=60)
    lab_name = models.CharField(_("laboratory"), max_length=200)
    item = models.ForeignKey(
        EvidenceItem, verbose_name=_("item"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="lab_references",
    )  # fmt: skip
    person = models.ForeignKey(
        "persons.Person", verbose_name=_("person"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="lab_references",
    )  # fmt: skip
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    scoping: ClassVar[Scoping] = Scoping()

    class Meta:
        ordering = ["kind", "reference"]
        verbose_name = _("lab reference")
        verbose_name_plural = _("lab references")
        indexes = [models.Index(fields=["kind", "reference"], name="lab_reference_lookup")]
        constraints = [
            models.CheckConstraint(
                condition=(Q(item__isnull=False) & Q(person__isnull=True))
                | (Q(item__isnull=True) & Q(person__isnull=False)),
                name="lab_reference_item_or_person",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.reference} ({self.lab_name})"
