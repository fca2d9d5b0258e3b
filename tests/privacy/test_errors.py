from rest_framework import exceptions

from privacy.errors import TooManyRequests


def test_too_many_requests_is_a_429_for_the_api():
    exc = TooManyRequests("Try again in an hour.").as_api_exception()
    assert isinstance(exc, exceptions.Throttled)
    assert exc.status_code == 429
    assert str(exc.detail) == "Try again in an hour."
    assert exc.detail.code == "throttled"
