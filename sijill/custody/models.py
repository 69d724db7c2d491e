"""Arrests and the events of each custody.

An arrest is owned by the site whose unit made it; every later event (transfer, referral,
questioning, detention order, judicial extension, release) is a row of its own, owned by the site
that acted, so the custody's state is derived from its events and no site rewrites a peer's row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping
from sijill.custody.states import CustodyState, EventKind, Fact
from sijill.organisation.models import Unit
from sijill.persons.models import Person


class Basis(models.TextChoices):
    WARRANT = "warrant", _("Warrant of the public prosecution")
    FLAGRANTE = "flagrante", _("Caught in the act")


class CrimeCategory(models.TextChoices):
    ORDINARY = "ordinary", _("Ordinary crime")
    STATE_SECURITY = "state_security", _("Crime against the state (Law No. 3 of 2013)")


class EventKindChoices(models.TextChoices):
    TRANSFER = EventKind.TRANSFER.value, _("Transfer")
    REFERRAL = EventKind.REFERRAL.value, _("Brought before the prosecution")
    QUESTIONING = EventKind.QUESTIONING.value, _("Questioning")
    DETENTION_ORDER = EventKind.DETENTION_ORDER.value, _("Detention order of the prosecution")
    EXTENSION = EventKind.EXTENSION.value, _("Extension ordered by a judge")
    RELEASE = EventKind.RELEASE.value, _("Release")


STATE_LABELS: dict[str, Any] = {
    CustodyState.IN_CUSTODY: _("In custody"),
    CustodyState.TRANSFERRED: _("Transferred"),
    CustodyState.REFERRED: _("Before the prosecution"),
    CustodyState.DETAINED: _("Detained on order"),
    CustodyState.RELEASED: _("Released"),
}


class Arrest(FederatedModel):
    """One arrest by an identified officer, with its legal basis and place of detention."""

    person = models.ForeignKey(Person, verbose_name=_("person"), on_delete=models.PROTECT, related_name="arrests")
    unit = models.ForeignKey(Unit, verbose_name=_("arresting unit"), on_delete=models.PROTECT, related_name="+")
    # Plain UUID plus the name at the time (the officer's row may not have reached every site).
    officer = models.UUIDField(_("arresting officer"), null=True, blank=True)
    officer_name = models.CharField(_("arresting officer"), max_length=200)
    arrested_at = models.DateTimeField(_("time of arrest"))
    place = models.CharField(_("place of arrest"), max_length=200)
    basis = models.CharField(_("legal basis"), max_length=20, choices=Basis.choices)
    warrant = models.ForeignKey(
        "warrants.Warrant", verbose_name=_("warrant"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="arrests",
    )  # fmt: skip
    prosecution_office = models.ForeignKey(
        Unit, verbose_name=_("prosecution office notified"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="+",
    )  # fmt: skip
    prosecution_notified_at = models.DateTimeField(_("prosecution notified at"), null=True, blank=True)
    crime_category = models.CharField(_("crime category"), max_length=20, choices=CrimeCategory.choices)
    detention_place = models.ForeignKey(
        Unit, verbose_name=_("place of detention"), on_delete=models.PROTECT, related_name="+"
    )
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["-arrested_at"]
        verbose_name = _("arrest")
        indexes = [models.Index(fields=["arrested_at"], name="arrest_arrested_at")]

    def __str__(self) -> str:
        return f"{self.person} — {self.arrested_at:%Y-%m-%d %H:%M}"

    def facts(self) -> list[Fact]:
        return [e.fact() for e in self.events.all()]


class CustodyEvent(FederatedModel):
    """One event of a custody, owned by the site that acted."""

    arrest = models.ForeignKey(Arrest, verbose_name=_("arrest"), on_delete=models.PROTECT, related_name="events")
    kind = models.CharField(_("event"), max_length=20, choices=EventKindChoices.choices)
    occurred_at = models.DateTimeField(_("time"))
    unit = models.ForeignKey(Unit, verbose_name=_("acting unit"), on_delete=models.PROTECT, related_name="+")
    officer = models.UUIDField(_("recorded by"), null=True, blank=True)
    officer_name = models.CharField(_("recorded by"), max_length=200)
    from_place = models.ForeignKey(
        Unit, verbose_name=_("from"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_place = models.ForeignKey(
        Unit, verbose_name=_("to"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    prosecution_office = models.ForeignKey(
        Unit, verbose_name=_("prosecution office"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    judge = models.CharField(_("judge"), max_length=200, blank=True)
    court = models.CharField(_("court"), max_length=200, blank=True)
    decision_number = models.CharField(_("decision number"), max_length=60, blank=True)
    ends_at = models.DateTimeField(_("valid until"), null=True, blank=True)
    ordered_by = models.CharField(_("by whose order"), max_length=200, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="arrest__unit__directorate_id", unit_path="arrest__unit__path")

    class Meta:
        ordering = ["occurred_at", "created_at"]
        verbose_name = _("custody event")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.occurred_at:%Y-%m-%d %H:%M}"

    def fact(self) -> Fact:
        return Fact(EventKind(self.kind), self.occurred_at, self.ends_at)
