"""Response caching and conditional GET (ETag, Last-Modified) for the public catalogue reads.

A cached body is stored under the catalogue version (``marketplace.cache``), which every write
bumps: the first request after a write computes the page again. Clients revalidate every time
(``Cache-Control: no-cache``) and get a 304 while the ETag still matches.

Anonymous reads, most of the traffic, are answered from the cache before the API framework runs
(``anonymous_hit``): nobody to authenticate and nothing to negotiate, only the throttle to count.
"""

import hashlib
from collections.abc import Callable
from datetime import datetime

import orjson
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.utils.translation import get_language
from rest_framework.settings import api_settings

from marketplace.cache import catalogue_version


def cache_seconds() -> int:
    return getattr(settings, "MARKETPLACE_API_CACHE_SECONDS", 300)


def _key(request: HttpRequest, namespace: str) -> str:
    query = sorted(request.GET.lists())
    digest = hashlib.sha256(repr(query).encode()).hexdigest()[:32]
    return f"mkt:api:v2:{catalogue_version()}:{namespace}:{get_language()}:{digest}"


# What is cached: the body, its ETag, and the last change as a timestamp and as a header value.
Entry = tuple[bytes, str, int | None, str | None]


def _respond(request: HttpRequest, entry: Entry) -> HttpResponse:
    body, etag, stamp, last_modified = entry
    response = HttpResponse(body, content_type="application/json")
    response["ETag"] = etag
    if last_modified is not None:
        response["Last-Modified"] = last_modified
    response["Cache-Control"] = "public, no-cache"
    response["Vary"] = "Accept-Language"
    return get_conditional_response(request, etag=etag, last_modified=stamp, response=response)


ANY_JSON = frozenset({"", "*/*", "application/json", "application/*"})


def anonymous_hit(request: HttpRequest, *, namespace: str) -> HttpResponse | None:
    """The cached answer to an anonymous GET that accepts JSON, counted by the API throttle; None
    when the request must go through the API framework (credentials or a session, another media
    type, nothing cached yet, or over its rate: the framework then answers the 429)."""
    if (
        request.method != "GET"
        or "HTTP_AUTHORIZATION" in request.META
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or request.META.get("HTTP_ACCEPT", "*/*") not in ANY_JSON
        or not cache_seconds()
    ):
        return None
    entry = cache.get(_key(request, namespace))
    if entry is None:
        return None
    # No session cookie and no credentials: the reader is anonymous, without asking the session.
    request.user = AnonymousUser()
    for throttle in api_settings.DEFAULT_THROTTLE_CLASSES:
        if not throttle().allow_request(request, None):
            return None
    response = _respond(request, entry)
    response["Allow"] = "GET, HEAD, OPTIONS"  # as the API framework answers
    return response


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
        entry = (body, etag, stamp, None if stamp is None else http_date(stamp))
        if key:
            cache.set(key, entry, seconds)
    return _respond(request, entry)
