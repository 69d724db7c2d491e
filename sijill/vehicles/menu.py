"""Menu entries of vehicles: (label, url name, action the page needs or None)."""

from typing import Any

from django.utils.translation import gettext_lazy as _

MENU: list[tuple[Any, str, str | None]] = [
    (_("Vehicles"), "vehicles:list", "vehicle.view"),
    (_("Plate look-up"), "vehicles:lookup", "vehicle.view"),
    (_("Reported vehicles"), "vehicles:reports", "vehicle.view"),
    (_("Unregistered vehicle stops"), "vehicles:stops", "vehicle.view"),
]
