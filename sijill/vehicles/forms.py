from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.organisation.models import Unit
from sijill.persons.models import Person
from sijill.vehicles.models import PLATE_CATEGORY_CHOICES, ReportKind, StopAction
from sijill.web.forms import SijillForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
PLATE_INPUT = forms.TextInput(attrs={"placeholder": "5-123456", "autocomplete": "off"})
DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip


def _datetime(label: Any, required: bool = False) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS,
        help_text=_("Empty: now."), widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )  # fmt: skip


class PersonChoiceField(forms.ModelChoiceField):
    """A person by id (pasted from the person search) — the list of all persons is never sent."""

    widget = forms.TextInput

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("help_text", _("The person's identifier, from the person search."))
        super().__init__(queryset=Person.objects.all(), **kwargs)

    def label_from_instance(self, obj: Any) -> str:
        return str(obj.full_name)


class UnitChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("required", False)
        kwargs.setdefault("help_text", _("Empty: your own unit."))
        super().__init__(queryset=Unit.objects.filter(active=True), **kwargs)


class VehicleFilter(SijillForm):
    plate = forms.CharField(label=_("Plate"), required=False, max_length=60, widget=PLATE_INPUT)
    vin = forms.CharField(label=_("VIN"), required=False, max_length=30)
    make = forms.CharField(label=_("Make or model"), required=False, max_length=60)
    reported = forms.ChoiceField(
        label=_("Reported"), required=False,
        choices=[("", _("All")), ("open", _("With an open report")), ("none", _("No open report"))],
    )  # fmt: skip


class VehicleForm(SijillForm):
    keep_digits = frozenset({"plate_as_written"})  # kept as typed; the service folds the canonical form
    plate_as_written = forms.CharField(
        label=_("Plate"), max_length=60, required=False,
        help_text=_("Region code - number, e.g. 5-123456 (5 Tripoli, 8 Benghazi)."),
    )  # fmt: skip
    plate_category = forms.ChoiceField(label=_("Plate category"), choices=PLATE_CATEGORY_CHOICES)
    vin = forms.CharField(label=_("VIN / chassis number"), max_length=30, required=False)
    make = forms.CharField(label=_("Make"), max_length=60)
    model = forms.CharField(label=_("Model"), max_length=60, required=False)
    colour = forms.CharField(label=_("Colour"), max_length=40, required=False)
    year = forms.IntegerField(label=_("Year of manufacture"), min_value=1900, max_value=2100, required=False)
    registration_unit = UnitChoiceField(label=_("Registration office"))
    registered_on = _date(_("Registered on"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))
    owner = PersonChoiceField(label=_("Owner"), required=False)
    owned_since = _date(_("Owner since"))
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["owner"]
            del self.fields["owned_since"]


class TransferForm(SijillForm):
    new_owner = PersonChoiceField(label=_("New owner"))
    transfer_date = _date(_("Date of transfer"), required=True)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)


class ReportForm(SijillForm):
    keep_digits = frozenset({"details"})
    kind = forms.ChoiceField(label=_("Kind"), choices=ReportKind.choices)
    legal_basis = forms.CharField(
        label=_("Legal basis"), max_length=200,
        help_text=_("Complaint number, prosecution reference or order, e.g. بلاغ 145/2026 مركز شرطة طرابلس المركز."),
    )  # fmt: skip
    reporting_unit = UnitChoiceField(label=_("Reporting agency"))
    reported_at = _datetime(_("Reported at"))
    details = forms.CharField(label=_("Details"), required=False, widget=forms.Textarea(attrs={"rows": 3}))


class RecoveryForm(SijillForm):
    place = forms.CharField(label=_("Place"), max_length=200)
    recovered_at = _datetime(_("Recovered at"))
    unit = UnitChoiceField(label=_("Recovering unit"))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class StopForm(SijillForm):
    keep_digits = frozenset({"plate"})
    campaign = forms.CharField(label=_("Campaign"), max_length=200)
    place = forms.CharField(label=_("Place"), max_length=200)
    stopped_at = _datetime(_("Stopped at"))
    unit = UnitChoiceField(label=_("Unit"))
    description = forms.CharField(label=_("Vehicle description"), widget=forms.Textarea(attrs={"rows": 2}))
    plate = forms.CharField(label=_("Plate as written"), max_length=60, required=False)
    vin = forms.CharField(label=_("VIN / chassis number"), max_length=30, required=False)
    driver = PersonChoiceField(label=_("Driver (known person)"), required=False)
    driver_name = forms.CharField(label=_("Driver's name"), max_length=200, required=False)
    action_taken = forms.ChoiceField(label=_("Action taken"), choices=StopAction.choices)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class LookupForm(SijillForm):
    keep_digits = frozenset({"purpose"})
    plate = forms.CharField(label=_("Plate"), max_length=60, widget=PLATE_INPUT)
    purpose = forms.CharField(
        label=_("Purpose of this look-up"), min_length=3, max_length=500,
        help_text=_("Recorded in the audit log with your name, e.g. a case or report number."),
    )  # fmt: skip


class StopFilter(SijillForm):
    campaign = forms.CharField(label=_("Campaign"), required=False, max_length=200)
    plate = forms.CharField(label=_("Plate"), required=False, max_length=60)


class ReportFilter(SijillForm):
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *ReportKind.choices])
