"""Reusable test helpers: clients for a role over the web and the API."""

from __future__ import annotations

from typing import Any

from django.test import Client

from sijill.accounts import services
from sijill.accounts.models import User
from sijill.core.actor import Actor


class ApiClient:
    """Calls /api/v1 with a personal token of the given user."""

    def __init__(self, user: User, language: str = "ar") -> None:
        _token, self.token = services.do_issue_token(Actor.from_user(user, "api"), user, name="tests")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {self.token}", HTTP_ACCEPT_LANGUAGE=language)

    def call(self, method: str, path: str, body: Any = None) -> Any:
        url = f"/api/v1{path}"
        fn = getattr(self.client, method.lower())
        if body is None:
            return fn(url)
        return fn(url, body, content_type="application/json")
