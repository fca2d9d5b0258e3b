"""The catalogue's version number, bumped after every write that can change what lists show.

Cached API responses carry the version in their key, so the next request after a write misses the
cache and is computed afresh: no stale page, and no need to know which pages a write touched.
"""

from django.core.cache import cache
from django.db import transaction

VERSION_KEY = "marketplace:catalogue-version"


def catalogue_version() -> int:
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


def catalogue_changed() -> None:
    """Invalidates cached catalogue reads once the current transaction commits."""
    transaction.on_commit(_bump)
