"""Field types for API schemas: the API accepts Arabic-Indic digits wherever the UI does."""

from __future__ import annotations

from typing import Annotated, Any

from ninja import Field, Schema
from ninja.pagination import LimitOffsetPagination
from pydantic import BeforeValidator

from sijill.core.text import clean_input


def _fold(value: Any) -> Any:
    return clean_input(value).strip() if isinstance(value, str) else value


DigitStr = Annotated[str, BeforeValidator(_fold)]
DigitInt = Annotated[int, BeforeValidator(_fold)]


class Pagination(LimitOffsetPagination):
    """limit/offset pagination, with offsets bounded so that no database overflows on them."""

    class Input(Schema):
        limit: DigitInt = Field(50, ge=1, le=500)
        offset: DigitInt = Field(0, ge=0, le=1_000_000_000)
