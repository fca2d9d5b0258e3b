"""Site-wide middleware: the client's address behind our proxies, limits on what a request may
carry, the language rule for unprefixed 404s and the workspace's MFA (the Content-Security-Policy
is django-csp's, configured in ``config.csp``)."""

import ipaddress

from django.conf import settings
from django.http import HttpResponse, JsonResponse
from django.http.request import split_domain_port
from django.middleware.locale import LocaleMiddleware as DjangoLocaleMiddleware
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from accounts.mfa import ask_for_mfa, needs_mfa

# Unprefixed areas (API, webhooks, the Wagtail admin): a 404 there is an answer, not a page to
# find under /vi/.
UNPREFIXED_PREFIXES = ("/api/", "/payments/stripe/", "/payments/payos/", "/healthz", "/admin/")


def _ip(value: str) -> str | None:
    """``value`` as a normalised IP address (a port, as some proxies add, is dropped), or None."""
    value = value.strip()
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        host, port = split_domain_port(value)
        if port and host:
            try:
                return str(ipaddress.ip_address(host.strip("[]")))
            except ValueError:
                return None
    return None


def client_address(meta, *, proxy_count: int, header: str | None) -> str | None:
    """The client's address per the trusted-proxy settings; None when the forwarded value is not
    usable (then the connection's own address stands)."""
    if header:
        return _ip(meta.get("HTTP_" + header.upper().replace("-", "_"), ""))
    if proxy_count:
        hops = meta.get("HTTP_X_FORWARDED_FOR", "").split(",")
        if len(hops) >= proxy_count:
            return _ip(hops[-proxy_count])
    return None


class ClientAddressMiddleware:
    """Puts the client's real address in ``REMOTE_ADDR``, for every rate limit and log after it.

    Each of our ``TRUSTED_PROXY_COUNT`` proxies appends the address it saw to X-Forwarded-For, so
    the client is that many places from the right; what the client wrote further left is ignored,
    and with no trusted proxy (the default) the header is ignored altogether. A header that cannot
    have passed through all our proxies (too short, or not an address) is removed, so that allauth,
    told the same count, falls back to the connection's address too instead of failing.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        header = settings.TRUSTED_CLIENT_IP_HEADER
        count = settings.TRUSTED_PROXY_COUNT
        if header or count:
            address = client_address(request.META, proxy_count=count, header=header)
            if address:
                request.META["REMOTE_ADDR"] = address
            elif not header:
                request.META.pop("HTTP_X_FORWARDED_FOR", None)
                # ``request.headers`` is built from META once: a middleware before this one (the
                # request id) may have built it already, with the header in it.
                request.__dict__.pop("headers", None)
        return self.get_response(request)


def _refusal(request, *, status: int, code: str, message: str, attr: str | None = None):
    if request.path_info.startswith("/api/"):
        kind = "validation_error" if status == 400 else "client_error"
        return JsonResponse(
            {"type": kind, "errors": [{"code": code, "detail": message, "attr": attr}]},
            status=status,
        )
    return HttpResponse(message, status=status, content_type="text/plain; charset=utf-8")


class RequestLimitsMiddleware:
    """Refuses, before any view or form reads it, what no view can take:

    - a body whose Content-Length is over ``MAX_REQUEST_BODY_BYTES`` (413, before a byte of it is
      read: Django's own limits apply only once a multipart body has been spooled to disk);
    - a NUL character in the path, the query string, a plain form's fields, a header or a cookie
      (400): PostgreSQL refuses it in any query, which would be a 500 wherever a search, filter,
      slug, form value, session key or API token reaches the database.
    Forms and API fields refuse NUL in submitted values themselves (Django's and DRF's CharField).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > settings.MAX_REQUEST_BODY_BYTES:
            return _refusal(
                request,
                status=413,
                code="request_too_large",
                message=_("The upload is too large: the limit is %(size)d MB.")
                % {"size": settings.MAX_REQUEST_BODY_BYTES // (1024 * 1024)},
            )
        found, where = _nul_character(request)
        if found:
            return _refusal(
                request,
                status=400,
                code="null_characters_not_allowed",
                message=_("The request holds a NUL character, which is not allowed."),
                attr=where,
            )
        return self.get_response(request)


def _nul_character(request) -> tuple[bool, str | None]:
    """Whether the path, a query parameter or plain form field, a header or a cookie (a session
    key or an API token reaches a query too) holds a NUL character, and which parameter."""
    if "\x00" in request.path_info:
        return True, None
    fields = [request.GET]
    if request.method == "POST" and request.content_type == "application/x-www-form-urlencoded":
        fields.append(request.POST)  # a plain form's fields; files (multipart) are left alone
    for name, values in (item for query in fields for item in query.lists()):
        if "\x00" in name or any("\x00" in value for value in values):
            return True, name.replace("\x00", "")
    headers = (value for name, value in request.META.items() if name.startswith("HTTP_"))
    cookies = request.COOKIES.values()  # "\000" inside a quoted cookie is decoded to NUL
    if any("\x00" in value for value in (*headers, *cookies) if isinstance(value, str)):
        return True, None
    return False, None


class LocaleMiddleware(DjangoLocaleMiddleware):
    """Django's, except that a 404 of the API, a webhook or the admin stays a 404.

    Django redirects any unprefixed 404 to /vi/<path> when that path resolves, and Wagtail's
    catch-all page route resolves everything, so API clients got a 302 to an HTML page.
    """

    def process_response(self, request, response):
        if response.status_code == 404 and request.path_info.startswith(UNPREFIXED_PREFIXES):
            patch_vary_headers(response, ("Accept-Language",))
            response.headers.setdefault("Content-Language", get_language())
            return response
        return super().process_response(request, response)


class WorkspaceMFAMiddleware:
    """Staff, programme managers and vendors must turn on two-factor sign-in before the workspace
    (the Wagtail admin) opens: the security spec asks MFA of every role that sees others' data.

    Off when WORKSPACE_REQUIRE_MFA is false (the default with DEBUG on, so the demo opens at once).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The one rule of accounts.mfa, which pages and the API apply too.
        if request.path.startswith("/admin/") and needs_mfa(request.user):
            return ask_for_mfa(request)
        return self.get_response(request)
