"""``payments.payos.client`` through the real ``payos`` SDK against the fake payOS server (and the
in-process sandbox): payment links made, read and cancelled; payOS's errors as ours."""

from datetime import UTC, datetime, timedelta

import pytest
from django.utils import translation

from payments.payos import client as payos
from payments.payos import sandbox
from payments.providers.base import ProviderRateLimited
from tests.fakes.payos_server import FakePayOS, request_signature

CODE = 1_000_000_000_123


@pytest.fixture
def fake(settings):
    server = FakePayOS().start()
    settings.PAYOS_BASE_URL = server.url
    yield server
    server.stop()


def api_for(fake, **changes) -> payos.PayOSClient:
    keys = {
        "client_id": fake.client_id,
        "api_key": fake.api_key,
        "checksum_key": fake.checksum_key,
    }
    keys.update(changes)
    return payos.PayOSClient(payos.Credentials(**keys))


def make_link(api, code=CODE, **changes):
    data = {
        "order_code": code,
        "amount": 150_000,
        "description": "CSABCD2345",
        "return_url": "https://choso.example/vi/payments/checkout/r/",
        "cancel_url": "https://choso.example/vi/payments/checkout/c/",
        "expires_at": datetime(2026, 12, 7, 18, 0, tzinfo=UTC),
        "items": [{"name": "Cà phê phin", "quantity": 2, "price": 75_000}],
    }
    data.update(changes)
    return api.create_link(**data)


def test_create_sends_a_signed_request_and_reads_the_signed_answer(fake):
    link = make_link(api_for(fake))
    assert link.order_code == CODE
    assert (link.amount, link.status) == (150_000, "PENDING")
    assert link.checkout_url == f"{fake.url}/web/{link.payment_link_id}"
    assert link.expires_at == int(datetime(2026, 12, 7, 18, 0, tzinfo=UTC).timestamp())
    (request,) = fake.requests_to("POST", "/v2/payment-requests")
    body = request["body"]
    assert request["client_id"] == fake.client_id
    assert body["signature"] == request_signature(body, fake.checksum_key)
    assert [(i["name"], i["quantity"], i["price"]) for i in body["items"]] == [
        ("Cà phê phin", 2, 75_000)
    ]
    assert (body["orderCode"], body["description"]) == (CODE, "CSABCD2345")
    assert body["expiredAt"] == link.expires_at


def test_get_and_cancel(fake):
    api = api_for(fake)
    made = make_link(api)
    read = api.get(CODE)
    assert (read.payment_link_id, read.status, read.amount_paid) == (
        made.payment_link_id,
        "PENDING",
        0,
    )
    # A read carries no checkout URL at payOS: it is the link's page, found from its id.
    assert read.checkout_url == made.checkout_url
    assert api.get(made.payment_link_id).order_code == CODE
    cancelled = api.cancel(CODE, "Khách đổi ý")
    assert (cancelled.status, cancelled.checkout_url) == ("CANCELLED", "")
    (request,) = fake.requests_to("POST", f"/v2/payment-requests/{CODE}/cancel")
    assert request["body"]["cancellationReason"] == "Khách đổi ý"
    assert fake.links[CODE]["cancellationReason"] == "Khách đổi ý"


def test_checkout_url_of_payos_itself():
    api = payos.PayOSClient(payos.Credentials("c", "a", "k"), base_url=payos.DEFAULT_BASE_URL)
    assert api.checkout_url_for(payment_link_id="abc", order_code=1) == (
        "https://pay.payos.vn/web/abc"
    )


def test_an_order_code_used_before_is_declined(fake):
    api = api_for(fake)
    make_link(api)
    with pytest.raises(payos.PayOSDeclined) as caught:
        make_link(api)
    assert "Đơn thanh toán đã tồn tại" in caught.value.detail


def test_a_bad_request_is_declined_with_payos_words_kept_for_the_logs(fake):
    with pytest.raises(payos.PayOSDeclined) as caught:
        make_link(api_for(fake), description="X" * 26)
    assert caught.value.status_code == 400
    assert "25" in caught.value.detail


def test_unknown_link_is_not_found(fake):
    with pytest.raises(payos.PayOSLinkNotFound):
        api_for(fake).get(42)


def test_wrong_api_key_is_refused_keys(fake):
    with pytest.raises(payos.PayOSKeysRefused) as caught:
        make_link(api_for(fake, api_key="wrong"))
    with translation.override("en"):
        assert str(caught.value.message) == "payOS did not accept these keys"
    assert fake.links == {}


def test_wrong_checksum_key_is_refused_keys(fake):
    # payOS refuses the request's signature...
    with pytest.raises(payos.PayOSDeclined):
        make_link(api_for(fake, checksum_key="wrong"))
    make_link(api_for(fake))
    # ...and its answers, signed with the channel's real key, fail the SDK's check.
    with pytest.raises(payos.PayOSKeysRefused) as caught:
        api_for(fake, checksum_key="wrong").get(CODE)
    assert "signature" in caught.value.detail


def test_verify_credentials(fake):
    api_for(fake).verify_credentials()
    with pytest.raises(payos.PayOSKeysRefused):
        api_for(fake, client_id="someone-else").verify_credentials()
    with pytest.raises(payos.PayOSKeysRefused):
        api_for(fake, api_key="").verify_credentials()
    # Only reads: nothing was made at payOS.
    assert fake.links == {}
    assert {r["method"] for r in fake.requests} == {"GET"}


@pytest.mark.parametrize(
    ("status", "code", "error"),
    [
        (500, "500", payos.PayOSUnavailable),
        (503, "503", payos.PayOSUnavailable),
        (429, "429", ProviderRateLimited),
        (401, "401", payos.PayOSKeysRefused),
        (200, "20", payos.PayOSDeclined),
    ],
)
def test_payos_error_shapes(fake, status, code, error):
    fake.fail_next(status, code, "Lỗi")
    with pytest.raises(error):
        make_link(api_for(fake))


def test_payos_unreachable(fake):
    api = api_for(fake)
    fake.stop()
    with pytest.raises(payos.PayOSUnavailable) as caught:
        make_link(api)
    with translation.override("en"):
        assert "Nothing was saved" in str(caught.value.message)


def test_confirm_webhook_needs_the_address_to_answer(fake):
    # Nothing listens at this address: payOS's test webhook is not answered 2xx.
    with pytest.raises(payos.PayOSWebhookRejected):
        api_for(fake).confirm_webhook("http://127.0.0.1:9/payments/payos/x/")
    with pytest.raises(payos.PayOSKeysRefused):
        api_for(fake, api_key="wrong").confirm_webhook("http://127.0.0.1:9/payments/payos/x/")


def test_credentials_stay_out_of_repr():
    text = repr(payos.Credentials("client-1", "api-secret", "checksum-secret"))
    assert "client-1" in text
    assert "secret" not in text


# The in-process sandbox ----------------------------------------------------------------------


@pytest.mark.django_db
def test_the_sandbox_answers_when_no_host_is_set_on_a_sandbox_site(settings):
    settings.PAYOS_BASE_URL = ""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    assert payos.sandbox_active()
    api = payos.PayOSClient(payos.Credentials("c", "a", "k"))
    assert api.sandbox
    link = make_link(api, expires_at=datetime.now(UTC) + timedelta(hours=1))
    assert link.payment_link_id == sandbox.payment_link_id(CODE)
    assert link.checkout_url == f"/vi/payments/sandbox/payos/{CODE}/"
    assert link.qr_code.startswith("000201")
    api.verify_credentials()
    assert api.confirm_webhook("https://x/payments/payos/t/").bank_short_name == "Vietcombank"


@pytest.mark.parametrize(
    ("base_url", "provider", "enabled"),
    [("http://127.0.0.1:1", "sandbox", True), ("", "stripe", True), ("", "sandbox", False)],
)
def test_the_sandbox_only_where_it_is_allowed(settings, base_url, provider, enabled):
    settings.PAYOS_BASE_URL = base_url
    settings.PAYMENT_PROVIDER = provider
    settings.PAYMENTS_SANDBOX_ENABLED = enabled
    assert not payos.sandbox_active()
    assert not payos.PayOSClient(payos.Credentials("c", "a", "k")).sandbox


@pytest.mark.django_db
def test_the_sandbox_reads_unknown_links_as_not_found(settings):
    settings.PAYOS_BASE_URL = ""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    with pytest.raises(payos.PayOSLinkNotFound):
        payos.PayOSClient(payos.Credentials("c", "a", "k")).get(CODE)
