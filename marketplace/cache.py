"""The catalogue's version number, bumped by every write that can change what shoppers see.

Cached responses (the API's lists, the shopper pages) carry the version in their key, so the first
request after a write misses the cache and is computed afresh: no stale page, and no need to know
which pages a write touched.

The number of record lives in the database (``CatalogueVersion``) and moves in the writer's
transaction. Readers take it from the shared cache (Redis), so a cache hit costs no database
statement: the writer drops the cached number at once (a reader in between reads the database) and,
once its transaction has committed, raises the cached number to the committed one. Raising is
"at least" (a Lua script on Redis), never a plain set, so a reader that read an older number from
the database, or two writers committing out of order, can never lower it. The cached number lives
``VERSION_SECONDS`` at most, after which a reader checks the database again; if the cache is down
(``REDIS_IGNORE_EXCEPTIONS``) every reader falls back to the database.
"""

import logging

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import F

from marketplace.models import CatalogueVersion

logger = logging.getLogger(__name__)

ROW_ID = 1
_VERSION_SQL = f"SELECT number FROM {CatalogueVersion._meta.db_table} WHERE id = {ROW_ID:d}"  # noqa: S608
CACHE_KEY = "mkt:catalogue-version"
VERSION_SECONDS = 60

# SET key to ARGV[1] unless it already holds a number at least as large; keeps a TTL.
_AT_LEAST = """
local current = tonumber(redis.call('GET', KEYS[1]))
if current == nil or current < tonumber(ARGV[1]) then
  redis.call('SET', KEYS[1], ARGV[1], 'EX', ARGV[2])
end
return 0
"""


def _stored_version() -> int:
    # Plain SQL without parameters, as building the ORM query (or binding a parameter) costs more
    # than running it.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    number = row[0] if row else None
    if number is None:
        CatalogueVersion.objects.get_or_create(pk=ROW_ID)
        return 1
    return number


def _raise_cached(number: int) -> None:
    """The cached version becomes ``number`` unless it is already at least that."""
    client = getattr(cache, "client", None)
    try:
        if client is not None and hasattr(client, "get_client"):  # django-redis
            redis = client.get_client(write=True)
            redis.eval(_AT_LEAST, 1, client.make_key(CACHE_KEY), number, VERSION_SECONDS)
            return
        current = cache.get(CACHE_KEY)  # another backend (tests, local runs): one process
        if current is None or current < number:
            cache.set(CACHE_KEY, number, VERSION_SECONDS)
    except Exception:  # noqa: BLE001 - the cache being down must not fail a read or a write
        logger.warning("catalogue version not cached", exc_info=True)


def catalogue_version() -> int:
    """The current version: from the shared cache, else (and then cached) from the database."""
    number = cache.get(CACHE_KEY)
    if number is None:
        number = _stored_version()
        _raise_cached(number)
    return number


def _publish_committed() -> None:
    _raise_cached(_stored_version())


def catalogue_changed() -> None:
    """Invalidates cached catalogue reads (as of the current transaction's commit)."""
    if not CatalogueVersion.objects.filter(pk=ROW_ID).update(number=F("number") + 1):
        CatalogueVersion.objects.get_or_create(pk=ROW_ID, defaults={"number": 2})
    try:
        cache.delete(CACHE_KEY)
    except Exception:  # noqa: BLE001
        logger.warning("catalogue version not dropped from the cache", exc_info=True)
    transaction.on_commit(_publish_committed)
