from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.organisation.models import Agency, Directorate, Unit, UnitKind
from sijill.web.forms import SijillForm


class UnitForm(SijillForm):
    code = forms.SlugField(label=_("Code"), max_length=60)
    name_ar = forms.CharField(label=_("Arabic name"), max_length=200)
    name_en = forms.CharField(label=_("English name"), max_length=200, required=False)
    kind = forms.ChoiceField(label=_("Kind"), choices=UnitKind.choices)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all())
    directorate = forms.ModelChoiceField(label=_("Directorate"), queryset=Directorate.objects.all(), required=False)
    parent = forms.ModelChoiceField(label=_("Parent unit"), queryset=Unit.objects.none(), required=False)
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args: Any, parents: Any = None, editing: bool = False, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["parent"].queryset = parents if parents is not None else Unit.objects.none()  # type: ignore[attr-defined]
        if editing:
            del self.fields["code"]
            del self.fields["parent"]


class UnitFilterForm(SijillForm):
    q = forms.CharField(label=_("Search"), required=False)
    directorate = forms.ModelChoiceField(label=_("Directorate"), queryset=Directorate.objects.all(), required=False)
    agency = forms.ModelChoiceField(label=_("Agency"), queryset=Agency.objects.all(), required=False)
