"""The limits of the public checks, and the client address they count by.

A site behind a reverse proxy sets ``SIJILL_PROXY_COUNT`` to the number of proxies it runs, and
the address is then read from X-Forwarded-For that many hops from the right — never trusted
beyond the site's own proxies. A request with no peer address at all (an in-process test client)
counts under one shared key rather than failing.
"""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest
from django_ratelimit.core import get_usage, is_ratelimited

NO_ADDRESS = "0.0.0.0"  # noqa: S104 (a rate-limit key, not a bind address)


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "SIJILL_PROXY_COUNT", 0))
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR") or NO_ADDRESS)


def _everyone(group: str, request: HttpRequest) -> str:
    return "everyone"


def public_check_refused(
    request: HttpRequest, *, group: str, per_address: str, ceiling: str, on_ceiling: Callable[[], object]
) -> bool:
    """Whether a public (unauthenticated) check is refused: this address is over ``per_address``,
    or all addresses together are over ``ceiling`` (an attacker with many addresses).

    A refused check is not audited: the audit log grows at most by the checks allowed. Only the
    first check refused by the ceiling in its window calls ``on_ceiling``, which records one alert.
    """
    if is_ratelimited(request, group=group, key="ip", rate=per_address, increment=True):
        return True
    usage = get_usage(request, group=f"{group}.all", key=_everyone, rate=ceiling, increment=True)
    if usage is None or not usage["should_limit"]:
        return False
    if usage["count"] == usage["limit"] + 1:
        on_ceiling()
    return True
