"""What every API endpoint shares: one error shape, pagination with a cap, the schema filter.

Every 4xx answers ``{"type": "...", "errors": [{"code", "detail", "attr"}]}`` so that clients parse one
shape whatever went wrong. Domain errors (``core.errors.DomainError`` and its subclasses) raised
by services map here, and only here, to 400/403/404/409/429 (``domain_error_response``).
"""

import time

from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, pagination, throttling
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler

from core.errors import DomainError


def _flatten(detail, attr=None):
    """Yields (code, detail, attr) from DRF's nested error detail."""
    if isinstance(detail, dict):
        for key, value in detail.items():
            name = key if attr is None else f"{attr}.{key}"
            if key in ("non_field_errors", "__all__"):
                name = attr
            yield from _flatten(value, name)
    elif isinstance(detail, list):
        for index, value in enumerate(detail):
            if isinstance(value, dict | list) and attr is not None:
                yield from _flatten(value, f"{attr}.{index}")
            else:
                yield from _flatten(value, attr)
    else:
        yield getattr(detail, "code", "invalid"), str(detail), attr


def _error_type(exc) -> str:
    if isinstance(exc, exceptions.ValidationError):
        return "validation_error"
    if isinstance(exc, exceptions.APIException) and exc.status_code >= 500:
        return "server_error"
    return "client_error"


def api_exception(error: DomainError) -> exceptions.APIException:
    """The DRF exception a domain error answers as, by its ``status_code``."""
    detail = exceptions.ErrorDetail(str(error.message), code=error.code)
    if error.status_code == 404:
        return exceptions.NotFound(detail)
    if error.status_code == 403:
        return exceptions.PermissionDenied(detail)
    if error.status_code == 429:
        return exceptions.Throttled(detail=detail)
    if error.status_code == 409:
        exc = exceptions.APIException(detail)
        exc.status_code = 409
        return exc
    if error.details:
        faults = {
            key: [exceptions.ErrorDetail(str(message), code=code) for code, message in items]
            for key, items in error.details.items()
        }
        return exceptions.ValidationError({error.field or "non_field_errors": faults})
    return exceptions.ValidationError({error.field or "non_field_errors": [detail]})


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        exc = api_exception(exc)
    elif isinstance(exc, DjangoValidationError):
        exc = exceptions.ValidationError(
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
    elif isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    response.data = {
        "type": _error_type(exc),
        "errors": [
            {"code": code, "detail": detail, "attr": attr}
            for code, detail, attr in _flatten(exc.detail)
        ],
    }
    return response


class PageNumberPagination(pagination.PageNumberPagination):
    """Page numbers with a client-chosen size, capped so nobody can ask for everything at once."""

    page_size_query_param = "page_size"
    max_page_size = 100

    def get_page_size(self, request):
        raw = request.query_params.get(self.page_size_query_param)
        if raw is not None:
            try:
                size = int(raw)
            except ValueError:
                size = 0
            if not 1 <= size <= self.max_page_size:
                raise _invalid(self.page_size_query_param, _page_size_message(self.max_page_size))
        return super().get_page_size(request)

    def get_page_number(self, request, paginator):
        """A page that is not a whole number from 1 is bad input (400 with the field), not a 404:
        only a page past the last one is "not found"."""
        raw = request.query_params.get(self.page_query_param, 1)
        if raw not in self.last_page_strings:
            try:
                number = int(raw)
            except (TypeError, ValueError):
                number = 0
            if number < 1:
                raise _invalid(
                    self.page_query_param, gettext("Page must be a whole number from 1.")
                )
        return super().get_page_number(request, paginator)


def _invalid(field: str, message: str) -> exceptions.ValidationError:
    """A query parameter's bad value, as a 400 naming the field."""
    return exceptions.ValidationError({field: [exceptions.ErrorDetail(message, code="invalid")]})


def _page_size_message(maximum: int) -> str:
    return gettext("Page size must be a whole number from 1 to %(max)d.") % {"max": maximum}


def only_api_paths(endpoints):
    """drf-spectacular preprocessing hook: document /api/ only, not Wagtail's own views."""
    return [entry for entry in endpoints if entry[0].startswith("/api/")]


class RateThrottle(throttling.SimpleRateThrottle):
    """The API's general throttle: the ``user`` rate per signed-in user, the ``anon`` rate per
    client address otherwise (``DEFAULT_THROTTLE_RATES``). The address is ``REMOTE_ADDR``, which
    ``config.middleware.ClientAddressMiddleware`` sets from our trusted proxies only.

    Counts requests in fixed windows with one atomic cache increment, where DRF's stock throttles
    keep a list of timestamps that is read, trimmed and written back on every request (twice for
    an anonymous client, which both stock throttles count). A client may get up to twice its rate
    across a window boundary; the rates leave room for that.
    """

    def __init__(self):  # the rate depends on the request; see allow_request
        self.rate = None
        self.remaining = None

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            self.scope, ident = "user", user.pk
        else:
            self.scope, ident = "anon", self.get_ident(request)
        return f"api-throttle:{self.scope}:{ident}"

    def allow_request(self, request, view):
        base = self.get_cache_key(request, view)
        self.rate = api_settings.DEFAULT_THROTTLE_RATES.get(self.scope)
        if self.rate is None:
            return True
        self.num_requests, self.duration = self.parse_rate(self.rate)
        now = time.time()
        window = int(now // self.duration)
        key = f"{base}:{self.duration}:{window}"
        try:
            count = cache.incr(key)
        except ValueError:  # the window's first request (or its counter expired)
            count = 1 if cache.add(key, 1, self.duration + 1) else cache.incr(key)
        self.remaining = (window + 1) * self.duration - now
        return count <= self.num_requests

    def wait(self):
        return self.remaining


class ScopedRateThrottle(RateThrottle):
    """A second count for the costly endpoints, on top of ``RateThrottle``: a view (or a DRF action)
    with ``throttle_scope = "imports"`` is limited to the ``imports`` rate per user (per client
    address when anonymous), whatever its share of the general rate. Views without a scope, or
    whose scope has no rate, are not counted."""

    def get_cache_key(self, request, view):
        user = getattr(request, "user", None)
        ident = (
            f"user-{user.pk}"
            if user is not None and user.is_authenticated
            else f"anon-{self.get_ident(request)}"
        )
        return f"api-throttle:{self.scope}:{ident}"

    def allow_request(self, request, view):
        scope = getattr(view, "throttle_scope", None)
        if not scope or scope not in api_settings.DEFAULT_THROTTLE_RATES:
            return True
        self.scope = scope
        return super().allow_request(request, view)
