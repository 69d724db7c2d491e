from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.custody.models import CrimeCategory
from sijill.organisation.models import Unit, UnitKind
from sijill.warrants.models import STATE_LABELS, WarrantKind
from sijill.web.forms import SijillForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]
DATETIME_FORMATS = ["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%Y-%m-%d %H:%M"]
# Units that hold detainees.
DETENTION_KINDS = (UnitKind.STATION, UnitKind.DEPARTMENT, UnitKind.HEADQUARTERS)


def date_field(label: Any, required: bool = True) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "dir": "ltr"}),
    )  # fmt: skip


def datetime_field(label: Any, required: bool = True) -> forms.DateTimeField:
    return forms.DateTimeField(
        label=label, required=required, input_formats=DATETIME_FORMATS,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
    )  # fmt: skip


def detention_places() -> Any:
    return Unit.objects.filter(active=True, kind__in=DETENTION_KINDS).order_by("name_ar")


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return str(obj.name)


class WarrantFilterForm(SijillForm):
    q = forms.CharField(
        label=_("Order number, name or national number"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    state = forms.ChoiceField(label=_("State"), required=False, choices=[("", _("All")), *STATE_LABELS.items()])
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("All")), *WarrantKind.choices])


class WarrantForm(SijillForm):
    person = forms.CharField(
        label=_("Subject (national number or record id)"), max_length=64,
        help_text=_("Find the person with the person search; their record id is in the address of their page."),
    )  # fmt: skip
    order_number = forms.CharField(label=_("Order number"), max_length=40)
    kind = forms.ChoiceField(label=_("Kind"), choices=WarrantKind.choices)
    legal_article = forms.CharField(label=_("Law and article"), max_length=200)
    grounds = forms.CharField(label=_("Grounds"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    issued_on = date_field(_("Issue date"))
    expires_on = date_field(_("Expiry date"), required=False)


class WarrantAmendForm(SijillForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    kind = forms.ChoiceField(label=_("Kind"), choices=WarrantKind.choices)
    legal_article = forms.CharField(label=_("Law and article"), max_length=200)
    grounds = forms.CharField(label=_("Grounds"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    expires_on = date_field(_("Expiry date"), required=False)


class WarrantCancelForm(SijillForm):
    version = forms.IntegerField(widget=forms.HiddenInput)
    reason = forms.CharField(label=_("Reason for cancellation"), min_length=3, widget=forms.Textarea(attrs={"rows": 3}))


class WarrantExecutionForm(SijillForm):
    place = forms.CharField(label=_("Place of execution"), max_length=200)
    executed_at = datetime_field(_("Time of execution"))
    detention_place = UnitChoiceField(label=_("Place of detention"), queryset=Unit.objects.none(), required=False)
    crime_category = forms.ChoiceField(label=_("Crime category"), choices=CrimeCategory.choices, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, custodial: bool = True, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if custodial:
            self.fields["detention_place"].queryset = detention_places()  # type: ignore[attr-defined]
            self.fields["detention_place"].required = True
            self.fields["crime_category"].required = True
        else:
            del self.fields["detention_place"]
            del self.fields["crime_category"]
