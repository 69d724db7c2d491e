"""The ministry's structure: sites, directorates of security, agencies and units.

Districts, municipalities and agencies are reference data shipped with the code (same at every
site, keyed by their official codes). Sites, directorates and units are federated records.
"""

from __future__ import annotations

from typing import ClassVar

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping


class BilingualName(models.Model):
    name_ar = models.CharField(_("Arabic name"), max_length=200)
    name_en = models.CharField(_("English name"), max_length=200, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language, falling back to Arabic."""
        if (get_language() or "ar").startswith("en") and self.name_en:
            return self.name_en
        return self.name_ar


class District(BilingualName):
    """One of Libya's 22 districts (shabiyat), by OCHA P-code."""

    pcode = models.CharField(_("P-code"), max_length=12, primary_key=True)
    region_ar = models.CharField(_("region (Arabic)"), max_length=50)
    region_en = models.CharField(_("region (English)"), max_length=50)

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("district")


class Municipality(BilingualName):
    pcode = models.CharField(_("P-code"), max_length=12, primary_key=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="municipalities")

    class Meta:
        ordering = ["pcode"]
        verbose_name = _("municipality")


class Agency(BilingualName):
    """A security agency or body (police, criminal investigation, public prosecution, ...)."""

    code = models.SlugField(_("code"), max_length=40, primary_key=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("agency")
        verbose_name_plural = _("agencies")


class Site(BilingualName, FederatedModel):
    """An installation run by one ministry (e.g. Tripoli, Benghazi). Each site owns its own row."""

    code = models.CharField(_("code"), max_length=8, unique=True)

    scoping: ClassVar[Scoping] = Scoping(site="code")

    class Meta:
        ordering = ["code"]
        verbose_name = _("site")


class Directorate(BilingualName, FederatedModel):
    """A directorate of security (مديرية الأمن), owned by the site of its ministry."""

    code = models.SlugField(_("code"), max_length=40)
    district = models.ForeignKey(District, verbose_name=_("district"), null=True, blank=True, on_delete=models.PROTECT)

    scoping: ClassVar[Scoping] = Scoping(directorate="id")

    class Meta:
        ordering = ["name_ar"]
        verbose_name = _("directorate of security")
        verbose_name_plural = _("directorates of security")
        # Unique per owning site; statewide uniqueness is checked by the service (see core.federation).
        constraints = [models.UniqueConstraint(fields=["origin_site", "code"], name="directorate_code_per_site")]


class UnitKind(models.TextChoices):
    MINISTRY = "ministry", _("Ministry")
    NATIONAL_ROOM = "national_room", _("National operations room (T1)")
    SUB_ROOM = "sub_room", _("Directorate sub-room")
    EVENT_ROOM = "event_room", _("Event room")
    HEADQUARTERS = "headquarters", _("Headquarters")
    DEPARTMENT = "department", _("Department")
    STATION = "station", _("Police station")
    CHECKPOINT = "checkpoint", _("Checkpoint")
    PROSECUTION_OFFICE = "prosecution_office", _("Prosecution office")
    LABORATORY = "laboratory", _("Laboratory")
    OFFICE = "office", _("Office")


class Unit(BilingualName, FederatedModel):
    """A unit in the hierarchy. ``path`` (ancestors' ids) makes "this unit and those below it"
    one indexed prefix filter."""

    code = models.SlugField(_("code"), max_length=60)
    kind = models.CharField(_("kind"), max_length=30, choices=UnitKind.choices)
    agency = models.ForeignKey(Agency, verbose_name=_("agency"), on_delete=models.PROTECT)
    directorate = models.ForeignKey(
        Directorate,
        verbose_name=_("directorate"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="units",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name=_("parent unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    municipality = models.ForeignKey(
        Municipality, verbose_name=_("municipality"), null=True, blank=True, on_delete=models.PROTECT
    )
    path = models.CharField(max_length=1000, db_index=True, editable=False)
    active = models.BooleanField(_("active"), default=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="directorate_id", unit_path="path")

    class Meta:
        ordering = ["path"]
        verbose_name = _("unit")
        constraints = [models.UniqueConstraint(fields=["origin_site", "code"], name="unit_code_per_site")]

    def compute_path(self) -> str:
        prefix = self.parent.path if self.parent else "/"
        return f"{prefix}{self.pk.hex}/"

    @property
    def depth(self) -> int:
        return self.path.count("/") - 2
