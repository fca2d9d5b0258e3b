"""What every API endpoint shares: one error shape, pagination with a cap, the schema filter.

Every 4xx answers ``{"type": "...", "errors": [{"code", "detail", "attr"}]}`` so that clients parse one
shape whatever went wrong. Domain errors (``privacy.errors.DomainError`` and its subclasses) raised
by services map here to 400/403/404/409.
"""

from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext
from rest_framework import exceptions, pagination
from rest_framework.views import exception_handler as drf_exception_handler

from privacy.errors import DomainError


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


def exception_handler(exc, context):
    if isinstance(exc, DomainError):
        exc = exc.as_api_exception()
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
                raise exceptions.ValidationError(
                    {
                        self.page_size_query_param: [
                            exceptions.ErrorDetail(
                                _page_size_message(self.max_page_size), code="invalid"
                            )
                        ]
                    }
                )
        return super().get_page_size(request)


def _page_size_message(maximum: int) -> str:
    return gettext("Page size must be a whole number from 1 to %(max)d.") % {"max": maximum}


def only_api_paths(endpoints):
    """drf-spectacular preprocessing hook: document /api/ only, not Wagtail's own views."""
    return [entry for entry in endpoints if entry[0].startswith("/api/")]
