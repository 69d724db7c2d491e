from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.audit.models import AuditKind
from sijill.web.forms import SijillForm


class AuditFilterForm(SijillForm):
    site = forms.CharField(label=_("Site"), required=False, max_length=8)
    kind = forms.ChoiceField(label=_("Kind"), choices=[("", _("All")), *AuditKind.choices], required=False)
    action = forms.CharField(label=_("Action"), required=False, max_length=60)
    user = forms.CharField(label=_("User"), required=False, max_length=150)
    object_id = forms.CharField(label=_("Object id"), required=False, max_length=64)
    since = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    until = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
