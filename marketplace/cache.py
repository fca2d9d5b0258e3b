"""The catalogue's version number, bumped by every write that can change what shoppers see.

Cached API responses carry the version in their key, so the first request after a write misses
the cache and is computed afresh: no stale page, and no need to know which pages a write touched.
The number lives in the database (``CatalogueVersion``) and moves in the writer's transaction, so
readers see the new number exactly when they can see the new data, on every app server.
"""

from django.db.models import F

from marketplace.models import CatalogueVersion

ROW_ID = 1


def catalogue_version() -> int:
    number = CatalogueVersion.objects.filter(pk=ROW_ID).values_list("number", flat=True).first()
    if number is None:
        CatalogueVersion.objects.get_or_create(pk=ROW_ID)
        return 1
    return number


def catalogue_changed() -> None:
    """Invalidates cached catalogue reads (as of the current transaction's commit)."""
    if not CatalogueVersion.objects.filter(pk=ROW_ID).update(number=F("number") + 1):
        CatalogueVersion.objects.get_or_create(pk=ROW_ID, defaults={"number": 2})
