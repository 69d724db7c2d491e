from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.linkage.models import Verdict
from sijill.web.forms import SijillForm

EXAMPLE = _("e.g. same mother and date of birth; the national number differs by one digit")


class DecisionForm(SijillForm):
    keep_digits = frozenset({"reason"})
    verdict = forms.ChoiceField(
        label=_("Your judgement"),
        choices=[
            (Verdict.YES, Verdict.YES.label),
            (Verdict.NO, Verdict.NO.label),
            (Verdict.UNSURE, Verdict.UNSURE.label),
        ],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=_("Reason"), min_length=3, max_length=500, widget=forms.TextInput(attrs={"placeholder": EXAMPLE})
    )


class WithdrawForm(SijillForm):
    keep_digits = frozenset({"reason"})
    reason = forms.CharField(label=_("Reason for withdrawing"), min_length=3, max_length=500)


class SplitForm(SijillForm):
    keep_digits = frozenset({"reason"})
    detach = forms.MultipleChoiceField(label=_("Records that are another person"), widget=forms.CheckboxSelectMultiple)
    reason = forms.CharField(label=_("Reason"), min_length=3, max_length=500)

    def __init__(self, *args: object, choices: list[tuple[str, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        detach = self.fields["detach"]
        assert isinstance(detach, forms.MultipleChoiceField)
        detach.choices = choices
