"""Whole shopper pages (storefront, product, search, category) cached for anonymous visitors.

A view opts in with ``shareable(response)``. ``AnonymousPageCacheMiddleware`` (after the CSRF
middleware, before authentication) answers a visitor who carries no session cookie, no
credentials and no cookie but the CSRF and language ones from the shared cache, keyed by the
catalogue version (``marketplace.cache``: read from Redis, so a hit runs no SQL; every catalogue
write bumps it, so the write shows on the next request on every server), the language, the path
and the query string.

Never stored: a response for a signed-in user, one that sets a cookie, writes the session or
queues a message, anything but a 200, or a page that did not opt in. A visitor with a session
(a cart, a sign-in) always gets the page rendered for them, so the header's cart count is never
shared. The page's CSRF token is stored as a placeholder and each hit gets the visitor's own
(``get_token``: the CSRF middleware then sets its cookie for a new visitor, on that response only).
"""

import hashlib
import re

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from marketplace.cache import catalogue_version

_TOKEN = re.compile(rb'name="csrfmiddlewaretoken" value="([A-Za-z0-9]+)"')
_PLACEHOLDER = b"\x00csrf\x00"
# What the view and the middleware after this one set (the CSP middleware is among them: a hit
# must carry the same policy); the middleware before this one runs on a hit too.
_KEPT_HEADERS = (
    "Content-Type",
    "Content-Language",
    "Vary",
    "X-Frame-Options",
    "Cache-Control",
    "Content-Security-Policy",
    "Content-Security-Policy-Report-Only",
)


def cache_seconds() -> int:
    return getattr(settings, "MARKETPLACE_SHARED_PAGE_SECONDS", 300)


def shareable(response):
    """Marks a page that is the same for every anonymous visitor (storable by the middleware)."""
    response.shared_page = True
    return response


def _anonymous(request) -> bool:
    allowed = {settings.CSRF_COOKIE_NAME, settings.LANGUAGE_COOKIE_NAME}
    return (
        request.method == "GET"
        and "HTTP_AUTHORIZATION" not in request.META
        and all(name in allowed for name in request.COOKIES)
    )


def _key(request) -> str:
    query = hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()[:32]
    path = hashlib.sha256(request.path.encode()).hexdigest()[:32]
    return f"mkt:html:v1:{catalogue_version()}:{get_language()}:{path}:{query}"


def _storable(request, response) -> bool:
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    user = getattr(request, "user", None)
    return (
        getattr(response, "shared_page", False)
        and response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not (user is not None and user.is_authenticated)
        and not (session is not None and session.modified)
        and not (messages is not None and getattr(messages, "_queued_messages", None))
        and "private" not in response.get("Cache-Control", "")
    )


class AnonymousPageCacheMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not cache_seconds() or not _anonymous(request):
            return self.get_response(request)
        key = _key(request)
        entry = cache.get(key)
        if entry is not None:
            body, headers = entry
            had_cookie = (
                "CSRF_COOKIE" in request.META
            )  # a valid cookie, read by the CSRF middleware
            token = get_token(request)
            if had_cookie:
                # The visitor's cookie already holds this secret: no Set-Cookie, no Vary: Cookie.
                request.META["CSRF_COOKIE_NEEDS_UPDATE"] = False
            response = HttpResponse(body.replace(_PLACEHOLDER, token.encode()))
            for name, value in headers:
                response[name] = value
            response["X-Page-Cache"] = "hit"
            return response
        response = self.get_response(request)
        if _storable(request, response):
            if hasattr(response, "render") and not response.is_rendered:
                response.render()
            body = response.content
            for token in set(_TOKEN.findall(body)):
                body = body.replace(token, _PLACEHOLDER)
            stored = HttpResponse()
            for name in _KEPT_HEADERS:
                if name in response:
                    stored[name] = response[name]
            # The language is in the path; Vary says so to shared caches all the same. Never
            # Cookie: a stored page is the same for every visitor it is given to.
            patch_vary_headers(stored, ("Accept-Language",))
            headers = [(name, stored[name]) for name in _KEPT_HEADERS if name in stored]
            cache.set(key, (body, headers), cache_seconds())
        return response
