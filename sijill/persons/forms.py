from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.persons.countries import COUNTRY_CHOICES
from sijill.persons.identity import identity_errors
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
    nationality = forms.ChoiceField(label=_("Nationality"), choices=COUNTRY_CHOICES, initial="LY")
    national_number = forms.CharField(
        label=_("National number"), max_length=20, required=False,
        help_text=_("12 digits: the first is 1 for a man or 2 for a woman, then the year of birth."),
    )  # fmt: skip
    administrative_number = forms.CharField(
        label=_("Administrative number"), max_length=30, required=False,
        help_text=_("For residents who have no national number."),
    )  # fmt: skip
    passport_number = forms.CharField(label=_("Passport number"), max_length=20, required=False)
    passport_country = forms.ChoiceField(
        label=_("Passport country"), choices=[("", "—"), *COUNTRY_CHOICES], required=False
    )

    def clean(self) -> dict[str, Any]:
        """The identifiers through the same check as the services, next to their fields."""
        data = super().clean() or {}
        for name, errors in identity_errors(data).items():
            if name in self.fields and name not in self.errors:
                self.add_error(name, errors)
        return data


class PersonEditForm(PersonForm):
    version = forms.IntegerField(widget=forms.HiddenInput)


class PersonFilterForm(SijillForm):
    keep_digits = frozenset({"purpose"})
    purpose = PurposeField(required=False)
    name = forms.CharField(label=_("Name"), max_length=200, required=False)
    national_number = forms.CharField(label=_("National number"), max_length=20, required=False)
    sex = forms.ChoiceField(label=_("Sex"), choices=[("", "—"), *Sex.choices], required=False)
    birth_year = forms.IntegerField(label=_("Year of birth"), min_value=1900, max_value=2100, required=False)
    nationality = forms.ChoiceField(label=_("Nationality"), choices=[("", "—"), *COUNTRY_CHOICES], required=False)
    site = forms.CharField(label=_("Site"), max_length=8, required=False)


class AliasForm(SijillForm):
    first_name = forms.CharField(label=_("First name"), max_length=80)
    father_name = forms.CharField(label=_("Father's name"), max_length=80, required=False)
    grandfather_name = forms.CharField(label=_("Grandfather's name"), max_length=80, required=False)
    family_name = forms.CharField(label=_("Family name"), max_length=80, required=False)
    latin_name = forms.CharField(label=_("Name in Latin letters"), max_length=200, required=False)
    note = forms.CharField(
        label=_("Note"), max_length=300, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("e.g. nickname, name used in 2019")}),
    )  # fmt: skip
