"""The unified vehicle registry: registrations, owners, reports, recoveries and roadside stops.

A report (stolen / wanted / terrorism) belongs to the site that filed it; a recovery is a row of
its own, owned by the site that found the vehicle. Whether a report is open is derived from the
recoveries, so any site can close a report for everyone without touching a peer's row.
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel
from sijill.core.permissions import Scoping
from sijill.identifiers.plate import PlateCategory
from sijill.organisation.models import Unit
from sijill.persons.models import Person

PLATE_CATEGORY_LABELS = {
    PlateCategory.PRIVATE: _("Private"),
    PlateCategory.TAXI: _("Taxi"),
    PlateCategory.PUBLIC_TRANSPORT: _("Public transport"),
    PlateCategory.GOVERNMENT: _("Government"),
    PlateCategory.TEMPORARY: _("Temporary"),
    PlateCategory.FOREIGN: _("Foreigner-owned"),
    PlateCategory.DIPLOMATIC: _("Diplomatic"),
    PlateCategory.TRAILER: _("Trailer"),
}
PLATE_CATEGORY_CHOICES = [(c.value, label) for c, label in PLATE_CATEGORY_LABELS.items()]


class Vehicle(FederatedModel):
    """A registered vehicle. The plate is stored as written and in canonical form (the key)."""

    plate_canonical = models.CharField(_("plate (canonical)"), max_length=40, blank=True, editable=False)
    plate_as_written = models.CharField(_("plate"), max_length=60, blank=True)
    plate_category = models.CharField(
        _("plate category"), max_length=20, choices=PLATE_CATEGORY_CHOICES, default=PlateCategory.PRIVATE
    )
    vin = models.CharField(_("VIN / chassis number"), max_length=17, blank=True)
    vin_is_legacy = models.BooleanField(_("legacy chassis number"), default=False, editable=False)
    make = models.CharField(_("make"), max_length=60)
    model = models.CharField(_("model"), max_length=60, blank=True)
    colour = models.CharField(_("colour"), max_length=40, blank=True)
    year = models.PositiveSmallIntegerField(_("year of manufacture"), null=True, blank=True)
    registration_unit = models.ForeignKey(
        Unit, verbose_name=_("registration office"), on_delete=models.PROTECT, related_name="+"
    )
    registered_on = models.DateField(_("registered on"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(
        directorate="registration_unit__directorate_id", unit_path="registration_unit__path"
    )

    class Meta:
        ordering = ["plate_canonical", "vin"]
        verbose_name = _("vehicle")
        indexes = [
            models.Index(fields=["plate_canonical"], name="vehicle_plate"),
            models.Index(fields=["vin"], name="vehicle_vin"),
        ]
        constraints = [
            # Per site: a site never registers one plate twice. Across sites the service refuses a
            # duplicate; a database constraint there would stall replication instead.
            models.UniqueConstraint(
                fields=["origin_site", "plate_canonical"], condition=~Q(plate_canonical=""), name="vehicle_plate_unique"
            ),
            models.UniqueConstraint(fields=["origin_site", "vin"], condition=~Q(vin=""), name="vehicle_vin_unique"),
        ]

    def __str__(self) -> str:
        label = " ".join(p for p in (self.make, self.model) if p)
        return f"{self.plate_canonical or self.vin} — {label}"

    @property
    def identifier(self) -> str:
        return self.plate_canonical or self.vin


class VehicleOwnership(FederatedModel):
    """Who owned the vehicle from when to when; the open row (no end date) is the current owner."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="ownerships")
    owner = models.ForeignKey(Person, verbose_name=_("owner"), on_delete=models.PROTECT, related_name="+")
    from_date = models.DateField(_("owner since"))
    to_date = models.DateField(_("owner until"), null=True, blank=True)

    scoping: ClassVar[Scoping] = Scoping(
        directorate="vehicle__registration_unit__directorate_id", unit_path="vehicle__registration_unit__path"
    )

    class Meta:
        ordering = ["-from_date", "-created_at"]
        verbose_name = _("ownership")

    def __str__(self) -> str:
        return f"{self.owner_id} {self.from_date}–{self.to_date or ''}"


class ReportKind(models.TextChoices):
    STOLEN = "stolen", _("Stolen")
    WANTED = "wanted", _("Wanted in a crime")
    TERRORISM = "terrorism", _("Linked to terrorism")


def report_recovered() -> Exists:
    """True for a report some site has recovered: the one rule that closes a report."""
    return Exists(VehicleRecovery.objects.filter(report=OuterRef("pk")))


def vehicle_reported() -> Exists:
    """True for a vehicle with an open report."""
    return Exists(VehicleReport.objects.filter(vehicle=OuterRef("pk")).exclude(report_recovered()))


class VehicleReport(FederatedModel):
    """A vehicle reported stolen, wanted in a crime or linked to terrorism, with its legal basis."""

    vehicle = models.ForeignKey(Vehicle, on_delete=models.PROTECT, related_name="reports")
    kind = models.CharField(_("kind"), max_length=20, choices=ReportKind.choices)
    reporting_unit = models.ForeignKey(
        Unit, verbose_name=_("reporting agency"), on_delete=models.PROTECT, related_name="+"
    )
    legal_basis = models.CharField(
        _("legal basis"), max_length=200, help_text=_("Complaint number, prosecution reference or order.")
    )
    details = models.TextField(_("details"), blank=True)
    reported_at = models.DateTimeField(_("reported at"))

    scoping: ClassVar[Scoping] = Scoping(directorate="reporting_unit__directorate_id", unit_path="reporting_unit__path")

    class Meta:
        ordering = ["-reported_at"]
        verbose_name = _("vehicle report")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.legal_basis}"

    @property
    def is_open(self) -> bool:
        annotated: Any = getattr(self, "recovered", None)
        if annotated is not None:
            return not annotated
        return not self.recoveries.exists()


class VehicleRecovery(FederatedModel):
    """A vehicle found: owned by the recovering site, it closes the report for every site."""

    report = models.ForeignKey(VehicleReport, on_delete=models.PROTECT, related_name="recoveries")
    place = models.CharField(_("place"), max_length=200)
    recovered_at = models.DateTimeField(_("recovered at"))
    unit = models.ForeignKey(Unit, verbose_name=_("recovering unit"), on_delete=models.PROTECT, related_name="+")
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["-recovered_at"]
        verbose_name = _("vehicle recovery")

    def __str__(self) -> str:
        return f"{self.place} {self.recovered_at:%Y-%m-%d}"


class StopAction(models.TextChoices):
    WARNED = "warned", _("Warned and released")
    REGULARISE = "regularise", _("Ordered to register the vehicle")
    IMPOUNDED = "impounded", _("Vehicle impounded")
    REFERRED = "referred", _("Referred to the prosecution")
    DRIVER_ARRESTED = "arrested", _("Driver arrested")


class UnregisteredVehicleStop(FederatedModel):
    """An unregistered vehicle stopped during a campaign (حملة المركبات غير المسجلة)."""

    campaign = models.CharField(_("campaign"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    stopped_at = models.DateTimeField(_("stopped at"))
    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="+")
    description = models.TextField(_("vehicle description"))
    plate_as_written = models.CharField(_("plate as written"), max_length=60, blank=True)
    plate_canonical = models.CharField(_("plate (canonical)"), max_length=40, blank=True, editable=False)
    vin = models.CharField(_("VIN / chassis number"), max_length=17, blank=True)
    driver = models.ForeignKey(
        Person, verbose_name=_("driver"), null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    driver_name = models.CharField(_("driver's name"), max_length=200, blank=True)
    action_taken = models.CharField(_("action taken"), max_length=20, choices=StopAction.choices)
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(directorate="unit__directorate_id", unit_path="unit__path")

    class Meta:
        ordering = ["-stopped_at"]
        verbose_name = _("unregistered vehicle stop")
        indexes = [models.Index(fields=["campaign"], name="vehicle_stop_campaign")]

    def __str__(self) -> str:
        return f"{self.campaign} — {self.place} {self.stopped_at:%Y-%m-%d}"
