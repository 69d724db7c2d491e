from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.persons.models import Sex
from sijill.web.forms import SijillForm


class PurposeField(forms.CharField):
    def __init__(self, **kwargs: object) -> None:
        super().__init__(
            label=_("Purpose of this look-up"), min_length=3, max_length=500,
            help_text=_("Recorded in the audit log with your name, e.g. a case or report number."),
            widget=forms.TextInput(attrs={"placeholder": _("e.g. case 12/2026, Tripoli CID")}),
            **kwargs,  # type: ignore[arg-type]
        )  # fmt: skip


class PersonSearchForm(SijillForm):
    keep_digits = frozenset({"purpose"})  # free text, recorded as typed
    purpose = PurposeField()
    q = forms.CharField(
        label=_("Name"),
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off", "placeholder": "محمد علي الزوي"}),
    )
    mother = forms.CharField(label=_("Mother's name"), max_length=200, required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    place = forms.CharField(label=_("Place of birth"), max_length=120, required=False)


class PurposeForm(SijillForm):
    keep_digits = frozenset({"purpose"})
    purpose = PurposeField()


class PersonForm(SijillForm):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    father_name = forms.CharField(label=_("Father's name"), max_length=80, required=False)
    grandfather_name = forms.CharField(label=_("Grandfather's name"), max_length=80, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=80, required=False)
    mother_name = forms.CharField(label=_("Mother's full name"), max_length=200, required=False)
    latin_name = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_date = forms.DateField(
        label=_("Date of birth"), required=False, input_formats=["%d/%m/%Y", "%Y-%m-%d"],
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    birth_place = forms.CharField(label=_("Place of birth"), max_length=120, required=False)
    national_number = forms.RegexField(
        label=_("National number"), regex=r"^\d{12}$", required=False,
        error_messages={"invalid": _("The national number has 12 digits.")},
    )  # fmt: skip
