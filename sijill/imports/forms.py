from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from sijill.imports.base import Importer
from sijill.web.forms import SijillForm


class ImportUploadForm(SijillForm):
    registry = forms.ChoiceField(label=_("Registry"))
    file = forms.FileField(
        label=_("File"),
        help_text=_("CSV (UTF-8 or Windows-1256; comma, semicolon or tab) or Excel .xlsx; dates as dd/mm/yyyy."),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx"}),
    )

    def __init__(self, *args: Any, importers: list[Importer], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        registry = self.fields["registry"]
        assert isinstance(registry, forms.ChoiceField)
        registry.choices = [(i.registry, i.label) for i in importers]
