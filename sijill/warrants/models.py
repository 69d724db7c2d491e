"""Warrants of the public prosecution and their executions.

A warrant is owned by the site of its issuing office; an execution is a separate row owned by the
site whose unit executed it. The warrant's state is derived (see ``states``), never stored.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, ClassVar

from django.db import models
from django.db.models import Case, Exists, OuterRef, Q, Value, When
from django.utils.translation import gettext_lazy as _

from sijill.core.federation import FederatedModel, FederatedQuerySet
from sijill.core.permissions import Scoping
from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.warrants.states import WarrantState, state_of


class WarrantKind(models.TextChoices):
    ARREST = "arrest", _("Arrest warrant")
    BRING = "bring", _("Order to seize and bring")
    SUMMONS = "summons", _("Summons to appear")
    SEARCH = "search", _("Search warrant")
    TRAVEL_BAN = "travel_ban", _("Travel ban")


# Kinds whose execution takes the person into custody (and so opens an arrest record).
CUSTODIAL_KINDS = frozenset({WarrantKind.ARREST, WarrantKind.BRING})

STATE_LABELS: dict[str, Any] = {
    WarrantState.ACTIVE: _("Active"),
    WarrantState.EXECUTED: _("Executed"),
    WarrantState.CANCELLED: _("Cancelled"),
    WarrantState.EXPIRED: _("Expired"),
}


class WarrantQuerySet(FederatedQuerySet):
    def with_state(self, today: dt.date) -> WarrantQuerySet:
        """Annotate ``state_code`` the way ``states.state_of`` derives it, so lists can filter by it."""
        executed = Exists(WarrantExecution.objects.filter(warrant=OuterRef("pk")))
        return self.annotate(
            has_execution=executed,
            state_code=Case(
                When(has_execution=True, then=Value(WarrantState.EXECUTED.value)),
                When(cancelled_at__isnull=False, then=Value(WarrantState.CANCELLED.value)),
                When(Q(expires_on__isnull=False) & Q(expires_on__lt=today), then=Value(WarrantState.EXPIRED.value)),
                default=Value(WarrantState.ACTIVE.value),
                output_field=models.CharField(),
            ),
        )


class Warrant(FederatedModel):
    """An order of the public prosecution (أمر قبض، أمر ضبط وإحضار، ...)."""

    office = models.ForeignKey(
        Unit, verbose_name=_("issuing prosecution office"), on_delete=models.PROTECT, related_name="warrants"
    )
    order_number = models.CharField(_("order number"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=WarrantKind.choices)
    legal_article = models.CharField(_("law and article"), max_length=200)
    person = models.ForeignKey(Person, verbose_name=_("subject"), on_delete=models.PROTECT, related_name="warrants")
    grounds = models.TextField(_("grounds"), blank=True)
    issued_on = models.DateField(_("issue date"))
    expires_on = models.DateField(_("expiry date"), null=True, blank=True)
    # Plain UUID plus the name at the time: the prosecutor's row may not have reached every site.
    issued_by = models.UUIDField(_("issued by"), null=True, blank=True)
    issued_by_name = models.CharField(_("issued by"), max_length=200, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by_name = models.CharField(_("cancelled by"), max_length=200, blank=True)
    cancel_reason = models.TextField(_("reason for cancellation"), blank=True)
    # Set by ``sijill warrants expire`` when it records an expiry; the state never depends on it.
    expiry_recorded_at = models.DateTimeField(_("expiry recorded at"), null=True, blank=True)

    objects = WarrantQuerySet.as_manager()  # type: ignore[misc]  # a narrower queryset than the base's

    scoping: ClassVar[Scoping] = Scoping(directorate="office__directorate_id", unit_path="office__path")

    class Meta:
        ordering = ["-issued_on", "order_number"]
        verbose_name = _("warrant")
        constraints = [models.UniqueConstraint(fields=["office", "order_number"], name="warrant_order_per_office")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.order_number}"

    def state(self, today: dt.date | None = None) -> WarrantState:
        from django.utils import timezone

        executed = getattr(self, "has_execution", None)
        if executed is None:
            executed = self.executions.exists()
        return state_of(
            executed=bool(executed),
            cancelled=self.cancelled_at is not None,
            expires_on=self.expires_on,
            today=today or timezone.localdate(),
        )

    @property
    def state_label(self) -> Any:
        return STATE_LABELS[self.state()]

    @property
    def is_custodial(self) -> bool:
        return self.kind in CUSTODIAL_KINDS


class WarrantExecution(FederatedModel):
    """One execution, owned by the executing site: who, which unit, where and when."""

    warrant = models.ForeignKey(Warrant, verbose_name=_("warrant"), on_delete=models.PROTECT, related_name="executions")
    unit = models.ForeignKey(Unit, verbose_name=_("executing unit"), on_delete=models.PROTECT, related_name="+")
    officer = models.UUIDField(_("officer"), null=True, blank=True)
    officer_name = models.CharField(_("officer"), max_length=200)
    place = models.CharField(_("place"), max_length=200)
    executed_at = models.DateTimeField(_("executed at"))
    notes = models.TextField(_("notes"), blank=True)

    scoping: ClassVar[Scoping] = Scoping(
        directorate="warrant__office__directorate_id", unit_path="warrant__office__path"
    )

    class Meta:
        ordering = ["-executed_at"]
        verbose_name = _("warrant execution")

    def __str__(self) -> str:
        return f"{self.warrant} @ {self.place}"
