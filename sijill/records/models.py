"""Models of criminal records and cases.

A criminal record entry is never edited in place: a correction is a new entry that supersedes
the old one, so the sheet keeps what was recorded, when and by whom.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping


class CaseStatus(models.TextChoices):
    OPEN = "open", _("Open (under investigation)")
    REFERRED = "referred", _("Referred to the prosecution")
    IN_COURT = "in_court", _("Before the court")
    JUDGED = "judged", _("Judged")
    CLOSED = "closed", _("Closed")


class Case(FederatedModel):
    """A criminal case (قضية) handled by a unit; records and evidence refer to it."""

    number = models.CharField(_("case number"), max_length=40)
    title = models.CharField(_("title"), max_length=300)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("handling unit"), on_delete=models.PROTECT, related_name="cases"
    )
    prosecution_office = models.ForeignKey(
        "organisation.Unit",
        verbose_name=_("prosecution office"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="prosecuted_cases",
    )
    prosecution_ref = models.CharField(_("prosecution reference"), max_length=60, blank=True)
    court_ref = models.CharField(_("court reference"), max_length=60, blank=True)
    opened_on = models.DateField(_("opened on"))
    status = models.CharField(_("status"), max_length=20, choices=CaseStatus.choices, default=CaseStatus.OPEN)
    summary = models.TextField(_("summary"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["-opened_on", "number"]
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        constraints = [models.UniqueConstraint(fields=["origin_site", "number"], name="case_number_per_site")]

    def __str__(self) -> str:
        return f"{self.number} — {self.title}"


class RecordStatus(models.TextChoices):
    UNDER_INVESTIGATION = "investigation", _("Under investigation")
    REFERRED = "referred", _("Referred to the prosecution")
    IN_COURT = "in_court", _("Before the court")
    CONVICTED = "convicted", _("Convicted")
    ACQUITTED = "acquitted", _("Acquitted")
    DISMISSED = "dismissed", _("Dismissed (no grounds to proceed)")


class CriminalRecord(FederatedModel):
    """One entry of a person's criminal record sheet (سابقة).

    Never edited in place: a correction is a new entry whose ``supersedes`` names the entry it
    replaces, with the reason. An entry is current while no other entry supersedes it.
    """

    person = models.ForeignKey(
        "persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="criminal_records"
    )
    case = models.ForeignKey(
        Case, verbose_name=_("case"), null=True, blank=True, on_delete=models.PROTECT, related_name="records"
    )
    offence = models.CharField(_("offence"), max_length=300)
    law_article = models.CharField(_("law and article"), max_length=300, blank=True)
    prosecution_ref = models.CharField(_("prosecution reference"), max_length=60, blank=True)
    court_ref = models.CharField(_("court reference"), max_length=60, blank=True)
    offence_date = models.DateField(_("offence date"), null=True, blank=True)
    judgment_date = models.DateField(_("judgment date"), null=True, blank=True)
    judgment = models.TextField(_("judgment and sentence"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=RecordStatus.choices, default=RecordStatus.UNDER_INVESTIGATION
    )
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("recording unit"), on_delete=models.PROTECT, related_name="+"
    )
    supersedes = models.OneToOneField(
        "self",
        verbose_name=_("corrects entry"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="superseded_by",
    )
    correction_reason = models.CharField(_("reason for the correction"), max_length=500, blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["-offence_date", "-created_at"]
        verbose_name = _("criminal record entry")
        verbose_name_plural = _("criminal record entries")

    def __str__(self) -> str:
        return self.offence

    @property
    def is_current(self) -> bool:
        try:
            self.superseded_by  # noqa: B018
        except CriminalRecord.DoesNotExist:
            return True
        return False
