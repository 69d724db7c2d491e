"""Field types for API schemas: the API accepts Arabic-Indic digits wherever the UI does."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BeforeValidator

from sijill.core.digits import to_ascii_digits


def _fold(value: Any) -> Any:
    return to_ascii_digits(value).strip() if isinstance(value, str) else value


DigitStr = Annotated[str, BeforeValidator(_fold)]
DigitInt = Annotated[int, BeforeValidator(_fold)]
