"""Links to pages that open personal data: the stated purpose travels with the link and is audited."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.urls import reverse


def url_with_purpose(view_name: str, pk: Any, purpose: str) -> str:
    return f"{reverse(view_name, args=[pk])}?{urlencode({'purpose': purpose})}"
