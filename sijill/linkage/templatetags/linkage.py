"""The statewide section of a person's page: ``{% load linkage %}{% statewide_section person purpose %}``.

The hook the person's page places where it wants the statewide view (every linked record of the
person that the viewer may see, each labelled with its site). The page's own read is audited with
its purpose; this section records its own read too.
"""

from __future__ import annotations

from typing import Any

from django import template

from sijill.accounts.auth import actor_for
from sijill.core.errors import SijillError

register = template.Library()


@register.inclusion_tag("linkage/_statewide.html", takes_context=True)
def statewide_section(context: Any, person: Any, purpose: str = "") -> dict[str, Any]:
    from sijill.linkage.services import statewide_for

    request = context.get("request")
    try:
        actor = actor_for(request)
        view = statewide_for(actor, person, purpose)
    except SijillError:
        return {"statewide": None}
    return {"statewide": view, "purpose": purpose, "can_split": actor.can("link.review"), "request": request}
