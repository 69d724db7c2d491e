from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.evidence.models import Condition, EvidenceKind, LabKind
from sijill.organisation.models import Unit
from sijill.records.models import Case
from sijill.web.forms import SijillForm

DATETIME_FORMATS = ["%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M"]


def _when(label: Any) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, input_formats=DATETIME_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy hh:mm"}),
    )  # fmt: skip


def _units(label: Any, required: bool = True) -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=label, queryset=Unit.objects.filter(active=True), required=required)


class EvidenceFilterForm(SijillForm):
    case = forms.CharField(label=_("Case number"), max_length=40, required=False)
    q = forms.CharField(label=_("Description"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", "—"), *EvidenceKind.choices], required=False)
    seal = forms.CharField(label=_("Seal number"), max_length=40, required=False)
    holder = _units(_("Current holder"), required=False)


class EvidenceItemForm(SijillForm):
    case: forms.ModelChoiceField = forms.ModelChoiceField(label=_("Case"), queryset=Case.objects.none())
    item_number = forms.CharField(label=_("Item number"), max_length=20)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    seized_at = _when(_("Seized at"))
    seized_place = forms.CharField(label=_("Place of seizure"), max_length=200)
    seized_by = forms.CharField(label=_("Seized by (name and rank)"), max_length=200)
    seized_unit = _units(_("Seizing unit (first holder)"))
    seal_number = forms.CharField(label=_("Seal number"), max_length=40)
    condition = forms.ChoiceField(label=_("Condition at seizure"), choices=Condition.choices)

    def __init__(self, *args: Any, cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]


class EvidenceEditForm(SijillForm):
    """Corrections of the description only: the seal, the seizure time and the chain never change."""

    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=EvidenceKind.choices)
    description = forms.CharField(label=_("Description"), widget=forms.Textarea(attrs={"rows": 3}))
    seized_place = forms.CharField(label=_("Place of seizure"), max_length=200)
    seized_by = forms.CharField(label=_("Seized by (name and rank)"), max_length=200)


class CustodyTransferForm(SijillForm):
    keep_digits = frozenset({"from_person", "to_person"})
    from_unit = _units(_("From unit (current holder)"))
    from_person = forms.CharField(label=_("Handed over by (name and rank)"), max_length=200)
    to_unit = _units(_("To unit"))
    to_person = forms.CharField(label=_("Received by (name and rank)"), max_length=200)
    handed_at = _when(_("Handed over at"))
    place = forms.CharField(label=_("Place"), max_length=200)
    condition = forms.ChoiceField(label=_("Condition at hand-over"), choices=Condition.choices)
    seal_intact = forms.TypedChoiceField(
        label=_("Seal intact"), choices=[("yes", _("Yes")), ("no", _("No — resealed"))],
        coerce=lambda v: v == "yes", widget=forms.RadioSelect, initial="yes",
    )  # fmt: skip
    new_seal_number = forms.CharField(label=_("New seal number (if resealed)"), max_length=40, required=False)
    purpose = forms.CharField(label=_("Purpose of the hand-over"), max_length=200, required=False)


class LabReferenceForm(SijillForm):
    kind = forms.ChoiceField(label=_("Kind"), choices=LabKind.choices)
    reference = forms.CharField(label=_("Lab reference number"), max_length=60)
    lab_name = forms.CharField(
        label=_("Laboratory"), max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "المختبر الجنائي المركزي — طرابلس"}),
    )  # fmt: skip
    person = forms.CharField(label=_("Person (national number or record id)"), max_length=64, required=False)
    notes = forms.CharField(label=_("Notes"), max_length=300, required=False)
