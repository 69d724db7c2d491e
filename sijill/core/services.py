"""Helpers shared by every app's service functions."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import models
from django.utils import timezone

from sijill.core.actor import Actor
from sijill.core.errors import Conflict, ValidationFailed
from sijill.core.federation import FederatedModel


def given_filters(filters: Any) -> dict[str, Any]:
    """The filters a list was asked for (a dict or a dataclass), for its audit row: the empty ones left out."""
    items = filters.items() if isinstance(filters, dict) else vars(filters).items()
    return {k: v for k, v in items if v not in ("", None, [], ())}


_NEVER_REWRITTEN = frozenset({"id", "origin_site", "created_at", "created_by", "version"})


def validate(obj: models.Model, exclude: list[str] | None = None) -> None:
    """Model validation; Django's ValidationError becomes ValidationFailed (422) with field details."""
    try:
        obj.full_clean(exclude=exclude)
    except DjangoValidationError as exc:
        details: Any = exc.message_dict if hasattr(exc, "error_dict") else {"__all__": exc.messages}
        raise ValidationFailed(details=details) from exc


def create_record(obj: FederatedModel, actor: Actor) -> None:
    obj.created_by = obj.updated_by = actor.user_id
    validate(obj)
    obj.save(force_insert=True)


def save_edit(obj: FederatedModel, actor: Actor, expected_version: int | None) -> None:
    """Save an edit as a compare-and-set on ``version``.

    An edit states the version it started from; if anyone saved meanwhile, the UPDATE matches no
    row and the edit is refused with 409 instead of silently overwriting the other change.
    """
    current = obj.version if expected_version is None else expected_version
    validate(obj)
    fields = {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.attname not in _NEVER_REWRITTEN
    }
    fields.update(version=current + 1, updated_by=actor.user_id, updated_at=timezone.now())
    changed = type(obj)._default_manager.filter(pk=obj.pk, version=current).update(**fields)
    if changed == 0:
        latest = type(obj)._default_manager.filter(pk=obj.pk).values_list("version", flat=True).first()
        raise Conflict(details={"current_version": latest, "your_version": current})
    obj.version = current + 1
    obj.updated_by = actor.user_id
    obj.updated_at = fields["updated_at"]
