"""The client address that the public checks' rate limits count by.

A site behind a reverse proxy sets ``SIJILL_PROXY_COUNT`` to the number of proxies it runs, and
the address is then read from X-Forwarded-For that many hops from the right — never trusted
beyond the site's own proxies. A request with no peer address at all (an in-process test client)
counts under one shared key rather than failing.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest

NO_ADDRESS = "0.0.0.0"  # noqa: S104 (a rate-limit key, not a bind address)


def client_ip(request: HttpRequest) -> str:
    proxies = int(getattr(settings, "SIJILL_PROXY_COUNT", 0))
    if proxies:
        hops = [h.strip() for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return str(request.META.get("REMOTE_ADDR") or NO_ADDRESS)
