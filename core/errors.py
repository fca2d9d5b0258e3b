"""The one domain error type that services raise for anything a person can fix.

Framework-free: a service says what went wrong (a message a person can act on, the field it is
about, a code) and how grave it is (``status_code``: 400, 403, 404, 409, 429). The API maps it to
a response once, in ``config.api.exception_handler``; HTML views show ``message`` as a form error.
It lives in the lowest app so that every app can raise it.
"""


class DomainError(Exception):
    """A rule was broken by the request: say which, in words the user can act on.

    ``details`` (optional) names several faults under ``field``: ``{key: [(code, message)]}``
    (the questionnaire's answers, one key per question)."""

    status_code = 400
    code = "invalid"
    details: dict[str, list[tuple[str, str]]] | None = None

    def __init__(self, message, *, field: str | None = None, code: str | None = None):
        super().__init__(message)
        self.message = message
        self.field = field
        if code:
            self.code = code


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
