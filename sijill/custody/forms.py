from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.custody.models import Basis, CrimeCategory
from sijill.custody.states import EventKind
from sijill.organisation.models import Unit, UnitKind
from sijill.warrants.forms import UnitChoiceField, datetime_field, detention_places
from sijill.web.forms import SijillForm


def prosecution_offices() -> Any:
    return Unit.objects.filter(active=True, kind=UnitKind.PROSECUTION_OFFICE).order_by("name_ar")


class CustodyFilterForm(SijillForm):
    q = forms.CharField(
        label=_("Name or national number"), required=False, max_length=200,
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )  # fmt: skip
    status = forms.ChoiceField(
        label=_("Status"), required=False,
        choices=[("", _("All")), ("held", _("Held now")), ("released", _("Released"))],
    )  # fmt: skip
    category = forms.ChoiceField(
        label=_("Crime category"), required=False, choices=[("", _("All")), *CrimeCategory.choices]
    )


class ArrestForm(SijillForm):
    """An arrest caught in the act; an arrest on a warrant is recorded as the warrant's execution."""

    person = forms.CharField(
        label=_("Person (national number or record id)"), max_length=64,
        help_text=_("Find the person with the person search; their record id is in the address of their page."),
    )  # fmt: skip
    arrested_at = datetime_field(_("Time of arrest"))
    place = forms.CharField(label=_("Place of arrest"), max_length=200)
    crime_category = forms.ChoiceField(label=_("Crime category"), choices=CrimeCategory.choices)
    prosecution_office = UnitChoiceField(label=_("Prosecution office notified"), queryset=Unit.objects.none())
    prosecution_notified_at = datetime_field(_("Prosecution notified at"))
    detention_place = UnitChoiceField(label=_("Place of detention"), queryset=Unit.objects.none())
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    basis = Basis.FLAGRANTE

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["prosecution_office"].queryset = prosecution_offices()  # type: ignore[attr-defined]
        self.fields["detention_place"].queryset = detention_places()  # type: ignore[attr-defined]


# The fields each kind of event asks for (besides time and notes).
EVENT_FIELDS: dict[str, tuple[str, ...]] = {
    EventKind.TRANSFER: ("to_place",),
    EventKind.REFERRAL: ("prosecution_office",),
    EventKind.QUESTIONING: (),
    EventKind.DETENTION_ORDER: ("decision_number", "ends_at"),
    EventKind.EXTENSION: ("judge", "court", "decision_number", "ends_at"),
    EventKind.RELEASE: ("reason", "ordered_by"),
}


class CustodyEventForm(SijillForm):
    keep_digits = frozenset({"reason", "notes"})
    occurred_at = datetime_field(_("Time"))
    to_place = UnitChoiceField(label=_("Transferred to"), queryset=Unit.objects.none())
    prosecution_office = UnitChoiceField(label=_("Prosecution office"), queryset=Unit.objects.none(), required=False)
    judge = forms.CharField(label=_("Judge"), max_length=200)
    court = forms.CharField(label=_("Court"), max_length=200)
    decision_number = forms.CharField(label=_("Decision number"), max_length=60)
    ends_at = datetime_field(_("Valid until"))
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))
    ordered_by = forms.CharField(label=_("By whose order"), max_length=200)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, kind: str, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        wanted = {"occurred_at", "notes", *EVENT_FIELDS[kind]}
        for name in list(self.fields):
            if name not in wanted:
                del self.fields[name]
        if "to_place" in self.fields:
            self.fields["to_place"].queryset = detention_places()  # type: ignore[attr-defined]
        if "prosecution_office" in self.fields:
            self.fields["prosecution_office"].queryset = prosecution_offices()  # type: ignore[attr-defined]
        if kind == EventKind.DETENTION_ORDER:
            self.fields["decision_number"].required = False
            self.fields["ends_at"].required = False
            self.fields["ends_at"].help_text = _("At most 14 days; empty: 14 days from the order.")
        if kind == EventKind.EXTENSION:
            self.fields["ends_at"].label = _("New end of detention")


class PublicCheckForm(SijillForm):
    national_number = forms.RegexField(
        label=_("National number"), regex=r"^\d{12}$", max_length=12,
        error_messages={"invalid": _("The national number has 12 digits.")},
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off", "dir": "ltr"}),
    )  # fmt: skip
    full_name = forms.CharField(
        label=_("Full name (first, father, grandfather, family)"), max_length=300,
        widget=forms.TextInput(attrs={"autocomplete": "off", "placeholder": _("first, father, grandfather, family")}),
    )  # fmt: skip
    mother_name = forms.CharField(
        label=_("Mother's full name"), max_length=200, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )

    def clean_full_name(self) -> str:
        value = " ".join(self.cleaned_data["full_name"].split())
        if len(value.split()) < 4:
            raise forms.ValidationError(_("Write the four-part name: first, father, grandfather and family name."))
        return value
