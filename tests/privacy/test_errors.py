"""Domain errors (core.errors) answer in the API as config.api maps them."""

from rest_framework import exceptions

from config.api import api_exception
from core.errors import Conflict, DomainError, Forbidden, NotFound, TooManyRequests
from onboarding.scoring import InvalidAnswers


def test_too_many_requests_is_a_429_for_the_api():
    exc = api_exception(TooManyRequests("Try again in an hour."))
    assert isinstance(exc, exceptions.Throttled)
    assert exc.status_code == 429
    assert str(exc.detail) == "Try again in an hour."
    assert exc.detail.code == "throttled"


def test_each_kind_has_its_status_and_code():
    answers = [
        (api_exception(error).status_code, api_exception(error).get_codes())
        for error in (
            DomainError("Bad", field="name"),
            NotFound("Gone"),
            Forbidden("No"),
            Conflict("Twice"),
        )
    ]
    assert answers == [
        (400, {"name": ["invalid"]}),
        (404, "not_found"),
        (403, "permission_denied"),
        (409, "conflict"),
    ]


def test_several_faults_keep_their_keys_under_the_field():
    exc = api_exception(InvalidAnswers({"E2": ("required", "Answer this question.")}))
    assert exc.status_code == 400
    assert exc.get_codes() == {"answers": {"E2": ["required"]}}
    assert str(exc.detail["answers"]["E2"][0]) == "Answer this question."
