"""The one permission layer: every list, detail, edit and export goes through ``visible``.

A model opts in by declaring ``scoping``: which of its fields give the record's site,
directorate and unit path. The matrix gives the actor's scope for the action; this module turns
the scope into a queryset filter. Outside the scope a record simply is not there (404); an
action the role lacks is refused (403).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, TypeVar

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.db import models

from sijill.core.actor import Actor
from sijill.core.errors import NotFound
from sijill.core.matrix import Scope

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Scoping:
    """Lookups from a model to the place it belongs to. None: the record has no such place,
    so a narrower scope sees none of them."""

    site: str | None = "origin_site"
    directorate: str | None = None
    unit_path: str | None = None


def visible(queryset: models.QuerySet[M] | type[M], actor: Actor, action: str) -> models.QuerySet[M]:
    qs: models.QuerySet[M] = queryset._default_manager.all() if isinstance(queryset, type) else queryset
    scope = actor.scope(action)
    if scope is Scope.NATIONAL:
        return qs
    scoping: Scoping = getattr(qs.model, "scoping", Scoping())
    lookup: dict[str, Any]
    if scope is Scope.SITE:
        if scoping.site is None:
            return qs.none()
        lookup = {scoping.site: actor.site}
    elif scope is Scope.DIRECTORATE:
        if scoping.directorate is None or actor.directorate_id is None:
            return qs.none()
        lookup = {scoping.directorate: actor.directorate_id}
    else:
        if scoping.unit_path is None or not actor.unit_path:
            return qs.none()
        lookup = {f"{scoping.unit_path}__startswith": actor.unit_path}
    return qs.filter(**lookup)


def get_visible(queryset: models.QuerySet[M] | type[M], actor: Actor, action: str, pk: Any) -> M:
    """The record with ``pk`` if the actor may take ``action`` on it; NotFound otherwise."""
    qs = visible(queryset, actor, action)
    try:
        return qs.get(pk=pk)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        # A malformed key is as absent as a missing one.
        raise NotFound() from exc


def require_visible(obj: models.Model, actor: Actor, action: str) -> None:
    """For an object already in hand (e.g. before an edit): NotFound if outside the actor's scope."""
    if not visible(type(obj)._default_manager.filter(pk=obj.pk), actor, action).exists():
        raise NotFound()
