"""The audit log's before/after: JSON stored as the very text that is hashed.

A JSON column would be re-serialised by the database (PostgreSQL's jsonb reorders keys and spaces),
so ``verify`` would have to parse and re-encode every value. Stored as canonical JSON text (sorted
keys, no spaces), the hashed bytes are read back as they are, and Python still sees dicts.
"""

from __future__ import annotations

import json
from typing import Any

from django.db import models

from sijill.audit.chain import canonical_json


class CanonicalJSONField(models.TextField):
    description = "JSON stored as canonical text"

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        return None if value is None else json.loads(value)

    def to_python(self, value: Any) -> Any:
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value

    def get_prep_value(self, value: Any) -> Any:
        return None if value is None else canonical_json(value)

    def value_to_string(self, obj: models.Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else canonical_json(value)
