"""Limits on the privacy pages that send email or cost work: guest requests (per client address
and per email) and data exports (per person). Fixed windows, one atomic cache increment each, the
same counting as ``accounts.ratelimit`` (which privacy, below accounts, cannot import)."""

import time

from django.core.cache import cache

GUEST_REQUESTS_PER_ADDRESS = ("privacy-guest-ip", 10, 3600)
GUEST_REQUESTS_PER_EMAIL = ("privacy-guest-email", 3, 3600)
EXPORTS_PER_USER = ("privacy-export-user", 5, 86400)


def _hit(scope: str, seconds: int, ident) -> int:
    key = f"ratelimit:{scope}:{ident}:{int(time.time() // seconds)}"
    try:
        return cache.incr(key)
    except ValueError:
        return 1 if cache.add(key, 1, seconds + 1) else cache.incr(key)


def consume(*checks: tuple[tuple[str, int, int], object]) -> bool:
    """Counts one attempt per (limit, identifier); True if none went over its limit."""
    allowed = True
    for (scope, count, seconds), ident in checks:
        if _hit(scope, seconds, ident) > count:
            allowed = False
    return allowed
