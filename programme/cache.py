"""The programme's data version and the cache of computed figures keyed by it.

Every write that can change a figure (a business, an assessment, a payment account, a storefront,
a product, an order) bumps the version once its transaction commits (``programme.handlers``,
subscribed to ``core.events``); cached figures carry the version in their key, so the next read
after a change computes afresh. A time limit bounds staleness for writes that publish no event
(bulk updates), and ``manage.py programme_refresh`` rebuilds on a schedule.
"""

from collections.abc import Callable

from django.core.cache import cache
from django.utils import translation

VERSION_KEY = "programme:data-version"
TIMEOUT = 15 * 60


def data_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        cache.add(VERSION_KEY, 1, None)
        version = cache.get(VERSION_KEY, 1)
    return version


def _bump() -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:
        cache.set(VERSION_KEY, 2, None)


def cached(name: str, key: str, compute: Callable[[], object], *, per_language: bool = False):
    """``compute()``'s value under ``name`` and ``key`` for the current data version."""
    language = translation.get_language() if per_language else ""
    full_key = f"programme:{name}:{data_version()}:{language}:{key}"
    value = cache.get(full_key)
    if value is None:
        value = compute()
        cache.set(full_key, value, TIMEOUT)
    return value


def invalidate() -> None:
    """Drops every cached figure now (a manager's "rebuild" button, the scheduled refresh)."""
    _bump()
