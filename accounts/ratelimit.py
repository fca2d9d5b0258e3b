"""Limits on page actions that send email or answer questions about others' data.

Each limit counts attempts in fixed windows with one atomic cache increment (shared by every web
process once REDIS_URL is set, as the API's throttle is). ``consume`` counts one attempt against
every key it is given and says whether all of them were still under their limit; an attempt over
the limit is refused before anything is written or sent.
"""

import time
from dataclasses import dataclass

from django.core.cache import cache


@dataclass(frozen=True)
class Limit:
    scope: str
    count: int
    seconds: int


# Invitations send email with a business name chosen by its owner: per inviting user and per business.
INVITATIONS_PER_USER = Limit("invite-user", 10, 3600)
INVITATIONS_PER_BUSINESS = Limit("invite-business", 20, 86400)
# Saving a profile checks that its tax code (or owner's personal ID) is not registered yet.
TAX_CODE_CHECKS_PER_USER = Limit("tax-code-user", 10, 3600)


def _hit(limit: Limit, ident) -> int:
    window = int(time.time() // limit.seconds)
    key = f"ratelimit:{limit.scope}:{ident}:{window}"
    try:
        return cache.incr(key)
    except ValueError:  # the window's first attempt (or its counter expired)
        return 1 if cache.add(key, 1, limit.seconds + 1) else cache.incr(key)


def consume(*checks: tuple[Limit, object]) -> bool:
    """Counts one attempt for each (limit, identifier); True if none went over its limit."""
    allowed = True
    for limit, ident in checks:
        if _hit(limit, ident) > limit.count:
            allowed = False
    return allowed
