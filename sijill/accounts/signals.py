"""Sign-in events go to the audit log whatever the channel that caused them."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from sijill.accounts import services
from sijill.audit.services import record_event
from sijill.core.actor import Actor
from sijill.core.federation import current_site


@receiver(user_logged_in, dispatch_uid="sijill-audit-login")
def _logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    services.record_login(user)


@receiver(user_logged_out, dispatch_uid="sijill-audit-logout")
def _logged_out(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    if user is not None:
        record_event(Actor.from_user(user), "auth.logout")


@receiver(user_login_failed, dispatch_uid="sijill-audit-login-failed")
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    services.record_login_failed(str(credentials.get("username", "")))


@receiver(user_locked_out, dispatch_uid="sijill-audit-locked-out")
def _locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    record_event(
        Actor(user_id=None, username=(username or "")[:150], role="", site=current_site(), channel="web"),
        "auth.locked_out",
    )
