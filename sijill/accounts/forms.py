from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from sijill.accounts.models import Role
from sijill.core.federation import current_site
from sijill.organisation.models import Unit
from sijill.web.forms import DigitsFormMixin, SijillForm


class LoginForm(DigitsFormMixin, AuthenticationForm):
    error_messages = {
        **AuthenticationForm.error_messages,
        "other_site": _("This account belongs to another site; sign in at your own site."),
    }

    def confirm_login_allowed(self, user: Any) -> None:
        super().confirm_login_allowed(user)
        if user.origin_site != current_site():
            raise forms.ValidationError(self.error_messages["other_site"], code="other_site")


class TokenForm(SijillForm):
    token = forms.CharField(
        label=_("Six-digit code from your authenticator app"),
        max_length=8,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True}),
    )


class ApiTokenForm(SijillForm):
    name = forms.CharField(label=_("Token name"), max_length=100)
    days = forms.IntegerField(label=_("Valid for (days)"), min_value=1, max_value=365, initial=90)


class UserCreateForm(SijillForm):
    username = forms.CharField(label=_("Username"), max_length=150)
    full_name_ar = forms.CharField(label=_("Full name (Arabic)"), max_length=200)
    role = forms.ChoiceField(label=_("Role"), choices=Role.choices)
    unit = forms.ModelChoiceField(label=_("Unit"), queryset=Unit.objects.none())
    password = forms.CharField(label=_("Initial password"), widget=forms.PasswordInput)

    def __init__(self, *args: Any, units: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = units if units is not None else Unit.objects.none()  # type: ignore[attr-defined]


class UserFilterForm(SijillForm):
    q = forms.CharField(label=_("Search"), required=False)
    role = forms.ChoiceField(label=_("Role"), choices=[("", _("All roles")), *Role.choices], required=False)
