"""The one domain error type that services raise for anything a person can fix.

The API's exception handler maps it to a 4xx with the same error shape as any other; HTML views show
it as a form error. It lives in the lowest layer so that every app can raise it.
"""

from rest_framework import exceptions, serializers


class DomainError(Exception):
    """A rule was broken by the request: say which, in words the user can act on."""

    status_code = 400
    code = "invalid"

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code

    def as_api_exception(self) -> exceptions.APIException:
        detail = exceptions.ErrorDetail(str(self.message), code=self.code)
        if self.status_code == 404:
            return exceptions.NotFound(detail)
        if self.status_code == 403:
            return exceptions.PermissionDenied(detail)
        if self.status_code == 429:
            return exceptions.Throttled(detail=detail)
        if self.status_code == 409:
            exc = exceptions.APIException(detail)
            exc.status_code = 409
            return exc
        return exceptions.ValidationError({self.field or "non_field_errors": [detail]})


class NotFound(DomainError):
    status_code = 404
    code = "not_found"


class Forbidden(DomainError):
    status_code = 403
    code = "permission_denied"


class Conflict(DomainError):
    status_code = 409
    code = "conflict"


class TooManyRequests(DomainError):
    """A limit on how often something may be done was reached: try again later."""

    status_code = 429
    code = "throttled"


class ApiErrorItemSerializer(serializers.Serializer):
    code = serializers.CharField()
    detail = serializers.CharField()
    attr = serializers.CharField(allow_null=True)


class ApiErrorSerializer(serializers.Serializer):
    """The one shape of every 4xx answer (made by ``config.api.exception_handler``), for schemas."""

    type = serializers.ChoiceField(choices=["validation_error", "client_error", "server_error"])
    errors = ApiErrorItemSerializer(many=True)
