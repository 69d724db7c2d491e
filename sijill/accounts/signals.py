"""Sign-in events go to the audit log whatever the channel that caused them."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sijill.accounts import lockout, services
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.federation import current_site
from sijill.core.ratelimit import client_ip


@receiver(user_logged_in, dispatch_uid="sijill-audit-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.record_login(user)


@receiver(user_logged_out, dispatch_uid="sijill-audit-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(Actor.from_user(user), "auth.logout")


@receiver(user_login_failed, dispatch_uid="sijill-audit-login-failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    if lockout.refused(request):  # refused for a lockout already recorded: no new row
        return
    services.record_login_failed(str(credentials.get("username", "")), client=_client(request))


@receiver(user_locked_out, dispatch_uid="sijill-audit-locked-out")
def _locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    if lockout.refused(request):
        return
    record_event(
        Actor(user_id=None, username=(username or "")[:150], role="", site=current_site(), channel="web"),
        "auth.locked_out", client=_client(request),
    )  # fmt: skip


def _client(request: Any) -> str:
    return client_ip(request)[:64] if request is not None else ""
