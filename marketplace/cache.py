"""The catalogue's version number, bumped by every write that can change what shoppers see.

Cached API responses carry the version in their key, so the first request after a write misses
the cache and is computed afresh: no stale page, and no need to know which pages a write touched.
The number lives in the database (``CatalogueVersion``) and moves in the writer's transaction, so
readers see the new number exactly when they can see the new data, on every app server.
"""

from django.db import connection
from django.db.models import F

from marketplace.models import CatalogueVersion

ROW_ID = 1
_VERSION_SQL = f"SELECT number FROM {CatalogueVersion._meta.db_table} WHERE id = {ROW_ID:d}"  # noqa: S608


def catalogue_version() -> int:
    # Read on every cached request: plain SQL without parameters, as building the ORM query (or
    # binding a parameter) costs more than running it.
    with connection.cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        row = cursor.fetchone()
    number = row[0] if row else None
    if number is None:
        CatalogueVersion.objects.get_or_create(pk=ROW_ID)
        return 1
    return number


def catalogue_changed() -> None:
    """Invalidates cached catalogue reads (as of the current transaction's commit)."""
    if not CatalogueVersion.objects.filter(pk=ROW_ID).update(number=F("number") + 1):
        CatalogueVersion.objects.get_or_create(pk=ROW_ID, defaults={"number": 2})
