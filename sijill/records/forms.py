"""Forms of cases and criminal record entries (Arabic-Indic digits accepted everywhere)."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.organisation.models import Unit, UnitKind
from sijill.records.models import Case, CaseStatus, RecordStatus
from sijill.web.forms import SijillForm

DATE_FORMATS = ["%d/%m/%Y", "%Y-%m-%d"]


def _date(label: Any, required: bool = False) -> forms.DateField:
    return forms.DateField(
        label=label, required=required, input_formats=DATE_FORMATS,
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy"}),
    )  # fmt: skip


class CaseForm(SijillForm):
    number = forms.CharField(
        label=_("Case number"), max_length=40, widget=forms.TextInput(attrs={"placeholder": "45/2026"})
    )
    title = forms.CharField(label=_("Title"), max_length=300)
    prosecution_office = forms.ModelChoiceField(
        label=_("Prosecution office"), queryset=Unit.objects.filter(kind=UnitKind.PROSECUTION_OFFICE), required=False
    )
    prosecution_ref = forms.CharField(label=_("Prosecution reference"), max_length=60, required=False)
    court_ref = forms.CharField(label=_("Court reference"), max_length=60, required=False)
    opened_on = _date(_("Opened on"), required=True)
    status = forms.ChoiceField(label=_("Status"), choices=CaseStatus.choices, initial=CaseStatus.OPEN)
    summary = forms.CharField(label=_("Summary"), widget=forms.Textarea(attrs={"rows": 3}), required=False)

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        office = data.pop("prosecution_office", None)
        data["prosecution_office_id"] = office.pk if office else None
        return data


class CaseFilterForm(SijillForm):
    q = forms.CharField(label=_("Number, title or reference"), max_length=100, required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *CaseStatus.choices], required=False)


class RecordForm(SijillForm):
    """A new entry of a person's record sheet."""

    case: forms.ModelChoiceField[Case] = forms.ModelChoiceField(
        label=_("Case"), queryset=Case.objects.none(), required=False
    )
    offence = forms.CharField(
        label=_("Offence"), max_length=300, widget=forms.TextInput(attrs={"placeholder": "سرقة بالإكراه"})
    )
    law_article = forms.CharField(
        label=_("Law and article"), max_length=300, required=False,
        widget=forms.TextInput(attrs={"placeholder": "قانون العقوبات، المادة 450"}),
    )  # fmt: skip
    prosecution_ref = forms.CharField(label=_("Prosecution reference"), max_length=60, required=False)
    court_ref = forms.CharField(label=_("Court reference"), max_length=60, required=False)
    offence_date = _date(_("Offence date"))
    judgment_date = _date(_("Judgment date"))
    judgment = forms.CharField(
        label=_("Judgment and sentence"), widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    status = forms.ChoiceField(label=_("Status"), choices=RecordStatus.choices)

    def __init__(self, *args: Any, cases: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["case"].queryset = cases  # type: ignore[attr-defined]

    def service_fields(self) -> dict[str, Any]:
        data = dict(self.cleaned_data)
        case = data.pop("case", None)
        data["case_id"] = case.pk if case else None
        return data


class CorrectionForm(RecordForm):
    correction_reason = forms.CharField(
        label=_("Reason for the correction"), max_length=500, min_length=3,
        help_text=_("The old entry stays on the sheet, marked as corrected, with this reason."),
    )  # fmt: skip
