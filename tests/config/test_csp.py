"""The Content-Security-Policy, sent by django-csp (config.csp): the same policy as before the
library, on every public page and none on the exempt prefixes."""

import pytest

from config import csp

pytestmark = pytest.mark.django_db

POLICY = {
    "default-src": ["'self'"],
    "img-src": ["'self'", "data:", "blob:"],
    "style-src": ["'self'"],
    "script-src": ["'self'"],
    "frame-src": ["'self'", "https://www.youtube-nocookie.com", "https://player.vimeo.com"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'", "https://checkout.stripe.com", "https://pay.payos.vn"],
    "base-uri": ["'self'"],
    "object-src": ["'none'"],
}


def header_directives(response) -> dict[str, list[str]]:
    return csp.directives(response["Content-Security-Policy"])


@pytest.mark.parametrize("path", ["/vi/", "/en/", "/vi/accounts/login/", "/vi/no-such-page/"])
def test_public_pages_carry_the_whole_policy(client, path):
    assert header_directives(client.get(path)) == POLICY


@pytest.mark.parametrize("path", ["/admin/login/", "/api/v1/docs/"])
def test_the_workspace_and_the_api_docs_are_exempt(client, path):
    assert "Content-Security-Policy" not in client.get(path)


def test_a_policy_from_the_environment_is_read_as_the_header_text():
    assert csp.setting("default-src 'self'; img-src 'self' data:;") == {
        "EXCLUDE_URL_PREFIXES": csp.EXCLUDED_PREFIXES,
        "DIRECTIVES": {"default-src": ["'self'"], "img-src": ["'self'", "data:"]},
    }


def test_a_form_may_be_sent_on_to_another_origin_once(client, settings):
    policy = csp.with_form_action(settings.CONTENT_SECURITY_POLICY, "https://id.hcmc.gov.vn/x")
    settings.CONTENT_SECURITY_POLICY = csp.with_form_action(policy, "https://id.hcmc.gov.vn/y")
    assert header_directives(client.get("/vi/"))["form-action"] == [
        *POLICY["form-action"],
        "https://id.hcmc.gov.vn",
    ]
