"""Form base classes: every input accepts Arabic-Indic digits and drops bidirectional controls."""

from __future__ import annotations

from typing import Any, ClassVar

from django import forms

from sijill.core.errors import SijillError
from sijill.core.text import clean_input


class DigitsFormMixin:
    """Fold Arabic-Indic and Persian digits to ASCII and drop bidirectional control characters
    (``core.text.clean_input``) in every submitted value before validation.

    Passwords and free text (textareas) are kept exactly as typed; a form may name more fields
    to keep in ``keep_digits``.
    """

    keep_digits: ClassVar[frozenset[str]] = frozenset()
    fields: dict[str, forms.Field]
    data: Any
    is_bound: bool
    prefix: str | None

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if not self.is_bound or not hasattr(self.data, "copy"):
            return
        data = self.data.copy()
        for name, field in self.fields.items():
            if name in self.keep_digits or isinstance(field.widget, forms.PasswordInput | forms.Textarea):
                continue
            key = f"{self.prefix}-{name}" if self.prefix else name
            if hasattr(data, "getlist"):
                values = data.getlist(key)
                if values:
                    data.setlist(key, [clean_input(v) if isinstance(v, str) else v for v in values])
            elif isinstance(data.get(key), str):
                data[key] = clean_input(data[key])
        self.data = data


class SijillForm(DigitsFormMixin, forms.Form):
    pass


class SijillModelForm(DigitsFormMixin, forms.ModelForm):
    pass


def add_service_errors(form: forms.Form, exc: SijillError) -> None:
    """Show a service's refusal on the form, next to the field it names when it names one.

    Services name model fields (``unit_id``); forms name the field (``unit``).
    """
    if isinstance(exc.details, dict):
        for field, errors in exc.details.items():
            name = field.removesuffix("_id")
            form.add_error(name if name in form.fields else None, errors)
    else:
        form.add_error(None, str(exc.message))
