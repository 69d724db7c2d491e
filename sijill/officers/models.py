"""Officers, their postings and the decisions that alone change their rank, unit and status."""

from __future__ import annotations

import secrets
from typing import ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping
from sijill.officers import ranks, rules


class Rank(models.TextChoices):
    """Labels of the ranks of ``ranks.RANK_ORDER`` (same codes, lowest first)."""

    CONSTABLE = "constable", _("Constable")
    CORPORAL = "corporal", _("Corporal")
    SERGEANT = "sergeant", _("Sergeant")
    STAFF_SERGEANT = "staff_sergeant", _("Staff sergeant")
    WARRANT_OFFICER = "warrant_officer", _("Warrant officer")
    CHIEF_WARRANT_OFFICER = "chief_warrant_officer", _("Chief warrant officer")
    SECOND_LIEUTENANT = "second_lieutenant", _("Second lieutenant")
    FIRST_LIEUTENANT = "first_lieutenant", _("First lieutenant")
    CAPTAIN = "captain", _("Captain")
    MAJOR = "major", _("Major")
    LIEUTENANT_COLONEL = "lieutenant_colonel", _("Lieutenant colonel")
    COLONEL = "colonel", _("Colonel")
    BRIGADIER = "brigadier", _("Brigadier")
    MAJOR_GENERAL = "major_general", _("Major general")
    LIEUTENANT_GENERAL = "lieutenant_general", _("Lieutenant general")
    FIELD_MARSHAL = "field_marshal", _("Field marshal")


assert tuple(Rank.values) == ranks.RANK_ORDER, "Rank labels must follow ranks.RANK_ORDER"


class OfficerStatus(models.TextChoices):
    ACTIVE = rules.Status.ACTIVE.value, _("Active")
    SUSPENDED = rules.Status.SUSPENDED.value, _("Suspended")
    RETIRED = rules.Status.RETIRED.value, _("Retired")
    DISMISSED = rules.Status.DISMISSED.value, _("Dismissed")


class DecisionKind(models.TextChoices):
    APPOINTMENT = rules.Kind.APPOINTMENT.value, _("Appointment")
    PROMOTION = rules.Kind.PROMOTION.value, _("Promotion")
    TRANSFER = rules.Kind.TRANSFER.value, _("Transfer")
    SUSPENSION = rules.Kind.SUSPENSION.value, _("Suspension")
    REINSTATEMENT = rules.Kind.REINSTATEMENT.value, _("Reinstatement")
    RETIREMENT = rules.Kind.RETIREMENT.value, _("Retirement")
    DISMISSAL = rules.Kind.DISMISSAL.value, _("Dismissal")


def new_badge_token() -> str:
    """Printed in the badge's QR code: unguessable, and unrelated to the service number."""
    return secrets.token_urlsafe(24)


class Officer(FederatedModel):
    """An officer or non-commissioned member. Rank, unit and status are set only by decisions."""

    service_number = models.CharField(_("service number"), max_length=20)
    person = models.ForeignKey(
        "persons.Person", verbose_name=_("person"), on_delete=models.PROTECT, related_name="officer_records"
    )
    rank = models.CharField(_("rank"), max_length=30, choices=Rank.choices, editable=False)
    unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="officers", editable=False
    )
    status = models.CharField(_("status"), max_length=12, choices=OfficerStatus.choices, editable=False)
    appointed_on = models.DateField(_("appointed on"), editable=False)
    badge_token = models.CharField(_("badge token"), max_length=64, unique=True, default=new_badge_token)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["service_number"]
        verbose_name = _("officer")
        verbose_name_plural = _("officers")
        # Unique per owning site; the service refuses a number known at any site.
        constraints = [
            models.UniqueConstraint(fields=["origin_site", "service_number"], name="officer_number_per_site")
        ]

    def __str__(self) -> str:
        return f"{self.get_rank_display()} {self.person.full_name} ({self.service_number})"

    @property
    def is_active(self) -> bool:
        return self.status == OfficerStatus.ACTIVE


class OfficerDecision(FederatedModel):
    """A decision about an officer with its number, date, authority and legal basis: never edited."""

    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="decisions")
    kind = models.CharField(_("kind of decision"), max_length=20, choices=DecisionKind.choices)
    number = models.CharField(_("decision number"), max_length=40)
    dated = models.DateField(_("decision date"))
    authority = models.CharField(_("issuing authority"), max_length=200)
    law = models.CharField(_("law"), max_length=200)
    article = models.CharField(_("article"), max_length=60)
    notes = models.TextField(_("notes"), blank=True)
    new_rank = models.CharField(_("new rank"), max_length=30, choices=Rank.choices, blank=True)
    new_unit = models.ForeignKey(
        "organisation.Unit", verbose_name=_("new unit"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    new_status = models.CharField(_("resulting status"), max_length=12, choices=OfficerStatus.choices)

    scoping: ClassVar[Scoping] = Scoping(directorate="officer__unit__directorate_id", unit_path="officer__unit__path")

    class Meta:
        ordering = ["dated", "created_at"]
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.number} ({self.dated:%d/%m/%Y})"

    @property
    def legal_basis(self) -> str:
        return f"{self.law} — {self.article}"


class OfficerPosting(FederatedModel):
    """One period in a unit; written by the decision that opened or closed it."""

    officer = models.ForeignKey(Officer, verbose_name=_("officer"), on_delete=models.PROTECT, related_name="postings")
    unit = models.ForeignKey("organisation.Unit", verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    started_on = models.DateField(_("from"))
    ended_on = models.DateField(_("to"), null=True, blank=True)
    decision = models.ForeignKey(
        OfficerDecision, verbose_name=_("decision"), on_delete=models.PROTECT, related_name="postings"
    )

    scoping: ClassVar[Scoping] = Scoping(directorate="officer__unit__directorate_id", unit_path="officer__unit__path")

    class Meta:
        ordering = ["started_on", "created_at"]
        verbose_name = _("posting")
        verbose_name_plural = _("postings")

    def __str__(self) -> str:
        return f"{self.unit} {self.started_on}–{self.ended_on or ''}"
