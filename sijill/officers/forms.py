from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.officers.models import DecisionKind, OfficerStatus, Rank
from sijill.organisation.models import Unit
from sijill.web.forms import SijillForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date_field(label: Any, **kwargs: Any) -> forms.DateField:
    return forms.DateField(
        label=label, input_formats=DATE_FORMATS, widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
        **kwargs,
    )  # fmt: skip


def _units() -> forms.ModelChoiceField:
    return forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(active=True), required=False)


class OfficerFilterForm(SijillForm):
    q = forms.CharField(
        label=_("Name or service number"), max_length=200, required=False,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    rank = forms.ChoiceField(label=_("Rank"), choices=[("", "—"), *Rank.choices], required=False)
    unit = _units()
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *OfficerStatus.choices], required=False)


class DecisionFieldsMixin(forms.Form):
    number = forms.CharField(label=_("Decision number"), max_length=40)
    dated = _date_field(_("Decision date"))
    authority = forms.CharField(
        label=_("Issuing authority"), max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "وزير الداخلية"}),
    )  # fmt: skip
    law = forms.CharField(
        label=_("Law"), max_length=200,
        widget=forms.TextInput(attrs={"placeholder": "قانون هيئة الشرطة رقم 10 لسنة 1992"}),
    )  # fmt: skip
    article = forms.CharField(label=_("Article"), max_length=60, widget=forms.TextInput(attrs={"placeholder": "37"}))
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class OfficerAppointForm(SijillForm, DecisionFieldsMixin):
    person = forms.CharField(
        label=_("Person (national number or record id)"), max_length=64,
        help_text=_("Record the person first if the registry does not hold them."),
    )  # fmt: skip
    service_number = forms.CharField(label=_("Service number"), max_length=20)
    rank = forms.ChoiceField(label=_("Rank on appointment"), choices=Rank.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.filter(active=True))

    field_order = ["person", "service_number", "rank", "unit", "number", "dated", "authority", "law", "article"]


class OfficerDecisionForm(SijillForm, DecisionFieldsMixin):
    kind = forms.ChoiceField(
        label=_("Kind of decision"), choices=[c for c in DecisionKind.choices if c[0] != DecisionKind.APPOINTMENT]
    )
    new_rank = forms.ChoiceField(label=_("New rank (promotion)"), choices=[("", "—"), *Rank.choices], required=False)
    new_unit = forms.ModelChoiceField(
        label=_("New unit (transfer)"), queryset=Unit.objects.filter(active=True), required=False
    )

    field_order = ["kind", "number", "dated", "authority", "law", "article", "new_rank", "new_unit", "notes"]


class BadgeCheckForm(SijillForm):
    service_number = forms.CharField(
        label=_("Service number on the badge"), max_length=30,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "placeholder": "١٠٢٣٤"}),
    )  # fmt: skip
    family_name = forms.CharField(
        label=_("Family name on the badge"), max_length=100,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": "الورفلي"}),
    )  # fmt: skip
