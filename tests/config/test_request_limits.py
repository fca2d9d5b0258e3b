"""What a request may carry, and what only a demo site routes (issue #13: items 3, 18, 19, ReDoc).

- A NUL character in a path or query is a 400, never a 500 (PostgreSQL refuses it in any query).
- A body whose Content-Length is over the limit is a 413 before any of it is read.
- A line break in a trading name does not break the invitation email.
- The sandbox's pages (approve your own account, pay with a click) answer only where allowed.
- ReDoc, which loads a font from another site, is not served.
"""

import io

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse

from config.middleware import RequestLimitsMiddleware
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _clean_counters():
    cache.clear()
    yield
    cache.clear()


@pytest.mark.parametrize(
    ("url", "attr"),
    [
        ("/vi/me/wards/?q=ben%00thanh", "q"),  # ward search
        ("/vi/search/?q=c%C3%A0%00ph%C3%AA", "q"),  # storefront (catalogue) search
        ("/api/v1/products/?search=%00", "search"),  # API search
        ("/api/v1/products/?category=ca-phe%00", "category"),  # API filter
        ("/api/v1/products/?ordering=price&%00=1", ""),  # a parameter's name
        ("/api/v1/products/ca-phe%00sua/", None),  # API slug
        ("/api/v1/businesses/cua-hang%00/", None),
        ("/vi/cua-hang%00/", None),  # a Wagtail page path
    ],
)
def test_a_nul_character_in_the_address_is_a_400(client, url, attr):
    response = client.get(url)
    assert response.status_code == 400
    if url.startswith("/api/"):
        assert response.json() == {
            "type": "validation_error",
            "errors": [
                {
                    "code": "null_characters_not_allowed",
                    "detail": "Yêu cầu chứa ký tự NUL, không được phép.",
                    "attr": attr,
                }
            ],
        }


@pytest.mark.parametrize(
    "extra",
    [
        {"HTTP_COOKIE": "sessionid=abcdefgh\x00ijkl"},
        {"HTTP_COOKIE": 'sessionid="abcdefgh\\000ijkl"'},  # an octal escape in a quoted cookie
        {"HTTP_AUTHORIZATION": "Token abc\x00def"},
    ],
    ids=["session cookie", "quoted cookie", "API token"],
)
@pytest.mark.parametrize("url", ["/vi/me/", "/api/v1/vendor/products/"])
def test_a_nul_character_in_a_cookie_or_header_is_a_400(client, url, extra):
    assert client.get(url, **extra).status_code == 400


def test_a_nul_character_in_a_plain_form_field_is_a_400(client):
    response = client.post(
        "/vi/cart/add/", "product=1&quantity=1%00", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 400
    assert response.content.decode() == "Yêu cầu chứa ký tự NUL, không được phép."


@pytest.mark.postgres
def test_nul_in_a_search_reaches_no_query_on_postgresql(client, django_assert_num_queries):
    with django_assert_num_queries(0):
        assert client.get("/vi/me/wards/?q=%00").status_code == 400


class _CountingInput(io.RawIOBase):
    """A request body of ``size`` bytes that counts what is read of it (and never holds it)."""

    def __init__(self, size):
        self.left, self.read_bytes = size, 0

    def readable(self):
        return True

    def readinto(self, buffer):
        n = min(len(buffer), self.left, 1 << 20)
        buffer[:n] = b"0" * n
        self.left -= n
        self.read_bytes += n
        return n


@pytest.mark.parametrize(
    "url", ["/api/v1/vendor/products/import/", "/admin/products/import/", "/vi/me/business/new/"]
)
def test_an_oversized_body_is_refused_before_it_is_read(client, settings, url):
    settings.MAX_REQUEST_BODY_BYTES = 10 * 1024 * 1024
    size = 200 * 1024 * 1024
    body = _CountingInput(size)
    client.force_login(vendor())
    response = client.generic(
        "POST",
        url,
        content_type="multipart/form-data; boundary=xyz",
        CONTENT_LENGTH=str(size),
        **{"wsgi.input": body},
    )
    assert response.status_code == 413
    assert body.read_bytes == 0
    if url.startswith("/api/"):
        assert response.json()["errors"][0]["code"] == "request_too_large"


def test_a_body_within_the_limit_goes_through():
    factory = RequestFactory()
    request = factory.post(
        "/api/v1/vendor/products/import/", data=b"x" * 100, content_type="text/plain"
    )
    middleware = RequestLimitsMiddleware(lambda request: "the view")
    assert middleware(request) == "the view"


def test_a_line_break_in_the_trading_name_does_not_break_the_invitation(client, mailoutbox):
    shop = BusinessFactory(trading_name="Cà phê\r\nBcc: victim@example.vn")
    owner = vendor(business=shop)
    client.force_login(owner)
    response = client.post(
        reverse("accounts:business_invite", args=[shop.slug]), {"email": "moi@example.vn"}
    )
    assert response.status_code == 302
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert "\n" not in message.subject and "\r" not in message.subject
    assert "Cà phê Bcc: victim@example.vn" in message.subject
    assert message.recipients() == ["moi@example.vn"]


def _sandbox_urls(owner):
    from payments.models import PaymentAccount
    from payments.providers import get_provider
    from payments.services import payment_account_open

    account = payment_account_open(
        business=owner.memberships.get().business, provider=get_provider("sandbox")
    )
    assert isinstance(account, PaymentAccount)
    return [
        reverse("payments:sandbox_dashboard", args=[account.provider_account_id]),
        reverse("payments:sandbox_onboarding", args=[account.provider_account_id]),
        reverse("payments:sandbox_checkout"),
    ]


def test_sandbox_pages_are_not_routed_unless_allowed(client, settings):
    owner = vendor()
    urls = _sandbox_urls(owner)
    client.force_login(owner)
    settings.PAYMENTS_SANDBOX_ENABLED = False
    for url in urls:
        assert client.get(url).status_code == 404, url
        assert client.post(url, {"decision": "approve", "outcome": "pay"}).status_code == 404
    settings.PAYMENTS_SANDBOX_ENABLED = True  # a demo site
    assert client.get(urls[0]).status_code == 200


def test_the_sandbox_transfer_simulation_is_not_routed_unless_allowed(client, settings):
    settings.PAYMENTS_SANDBOX_ENABLED = False
    url = reverse("payments:checkout_simulate", args=["00000000-0000-0000-0000-000000000000", 1])
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404


def test_redoc_is_not_served_and_swagger_is_local(client):
    assert client.get("/api/v1/redoc/").status_code == 404
    html = client.get("/api/v1/docs/").content.decode()
    assert "fonts.googleapis.com" not in html and "cdn.jsdelivr.net" not in html


def test_api_writes_with_a_nul_in_a_field_are_400(client):
    api = token_client(vendor(business=BusinessFactory(can_take_payments=True)))
    response = api.post(
        "/api/v1/vendor/products/",
        {"name": "Cà\x00phê", "price": 45000, "stock": 3, "category": "ca-phe-tra"},
        format="json",
    )
    assert response.status_code == 400
