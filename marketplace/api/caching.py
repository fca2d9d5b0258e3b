"""Response caching and conditional GET (ETag, Last-Modified) for the public catalogue reads.

A cached body is stored under the catalogue version (``marketplace.cache``), which every write
bumps: the first request after a write computes the page again. Clients revalidate every time
(``Cache-Control: no-cache``) and get a 304 while the ETag still matches.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime

import orjson
from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response, patch_vary_headers
from django.utils.http import http_date
from django.utils.translation import get_language

from marketplace.cache import catalogue_version


def cache_seconds() -> int:
    return getattr(settings, "MARKETPLACE_API_CACHE_SECONDS", 300)


def _key(request: HttpRequest, namespace: str) -> str:
    query = sorted(request.GET.lists())
    digest = hashlib.sha256(repr(query).encode()).hexdigest()[:32]
    return f"mkt:api:{catalogue_version()}:{namespace}:{get_language()}:{digest}"


def cached_json(
    request: HttpRequest,
    *,
    namespace: str,
    build: Callable[[], tuple[object, datetime | None]],
) -> HttpResponse:
    """Answers with the JSON of ``build()`` (data, last modified), from the cache when it can."""
    seconds = cache_seconds()
    key = _key(request, namespace) if seconds else None
    entry = cache.get(key) if key else None
    if entry is None:
        data, last_modified = build()
        body = orjson.dumps(data)  # compact UTF-8, as json.dumps(ensure_ascii=False) but faster
        etag = f'"{hashlib.md5(body, usedforsecurity=False).hexdigest()}"'
        stamp = int(last_modified.timestamp()) if last_modified else None
        entry = (body, etag, stamp)
        if key:
            cache.set(key, entry, seconds)
    body, etag, stamp = entry
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if stamp is not None:
        response["Last-Modified"] = http_date(stamp)
    response["Cache-Control"] = "public, no-cache"
    patch_vary_headers(response, ["Accept-Language"])
    return get_conditional_response(request, etag=etag, last_modified=stamp, response=response)
