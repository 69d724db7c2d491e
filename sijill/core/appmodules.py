"""Find a named module in every Sijill app (``menu``, ``demo``, ``importers``, ``tests.matrix_cases``).

Apps contribute their menu entries, demo rows, importers and test rows by defining a module of a
known name; the order is that of INSTALLED_APPS, so it is written down in one place.
"""

from __future__ import annotations

import importlib
import importlib.util
from types import ModuleType

from django.apps import apps


def app_modules(submodule: str) -> list[ModuleType]:
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("sijill."):
            continue
        name = f"{config.name}.{submodule}"
        try:
            found = importlib.util.find_spec(name) is not None
        except ModuleNotFoundError:  # a parent package (e.g. tests/) is missing
            found = False
        if found:
            modules.append(importlib.import_module(name))
    return modules
