"""payOS webhooks at /payments/payos/<token>/: verified on the raw body with the shop's checksum
key before anything is written, stored once, applied in one transaction.

Bodies are signed by the fake payOS's own implementation of payOS's documented scheme
(``tests.fakes.payos_server``), independent of the SDK that verifies them.
"""

import json

import pytest
from django.urls import reverse

from orders import services as order_services
from orders.models import (
    OrderPaymentEvent,
    OrderStatus,
    PaymentSource,
    PaymentState,
    ReviewReason,
)
from payments.models import PayOSChannel, PayOSChannelState, WebhookEvent
from tests.factories import BusinessFactory
from tests.fakes.payos_server import SAMPLE_WEBHOOK_DATA, signature, webhook_body
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import cart_with, contact

CHECKSUM = "1a54716c8f0efb2744fb28b6e38b25da7f67a925d98bc1c18bd8faaecadd7675"


def channel_for(business, *, checksum_key: str = CHECKSUM) -> PayOSChannel:
    return PayOSChannel.objects.create(
        business=business,
        client_id="b6e2a5d1-client",
        api_key="c0ffee00-api",
        checksum_key=checksum_key,
        state=PayOSChannelState.VERIFIED,
    )


def payos_order(product, quantity: int = 1):
    """A placed order paid through payOS, with its order code and link recorded."""
    shop = product.business
    group = order_services.order_group_place(
        cart=cart_with((product, quantity)),
        user=None,
        contact=contact(),
        methods={shop.pk: "payos"},
        allowed={shop.pk: ["payos", "vietqr"]},
    )
    order = order_services.order_payos_code(order=group.orders.get())
    return order_services.order_set_payos_link(
        order=order,
        order_code=order.payos_order_code,
        checkout_url="https://pay.payos.vn/web/abc",
        payment_link_id=f"link{order.payos_order_code}",
    )


def payment_data(order, *, amount=None, reference="FT25120712345", **changes) -> dict:
    data = dict(SAMPLE_WEBHOOK_DATA)
    data.update(
        {
            "orderCode": order.payos_order_code,
            "amount": order.subtotal if amount is None else amount,
            "description": order.payment_code,
            "reference": reference,
            "transactionDateTime": "2026-12-07 21:05:09",
            "paymentLinkId": order.payos_payment_link_id,
            "desc": "success",
        }
    )
    data.update(changes)
    return data


@pytest.fixture
def shop(db):
    return BusinessFactory(trading_name="Trà Thái Nguyên", can_take_payments=True)


@pytest.fixture
def channel(shop):
    return channel_for(shop)


@pytest.fixture
def tea(shop):
    return ProductFactory(business=shop, name="Trà móc câu", price=85_000, stock=6)


@pytest.fixture
def post(client):
    def post(channel, body: bytes):
        url = reverse("payments_webhooks:payos", kwargs={"webhook_token": channel.webhook_token})
        return client.post(url, data=body, content_type="application/json")

    return post


def test_a_signed_payment_marks_the_shops_order_paid(channel, tea, post):
    order = payos_order(tea, 2)
    response = post(channel, webhook_body(payment_data(order), CHECKSUM))
    assert response.status_code == 200
    assert response.json() == {"success": True, "duplicate": False, "outcome": "applied"}
    order.refresh_from_db()
    assert (order.payment_state, order.status) == (PaymentState.PAID, OrderStatus.PAID)
    assert (order.payment_source, order.amount_received) == (PaymentSource.PAYOS, 170_000)
    event = WebhookEvent.objects.get()
    assert (event.provider, event.type, event.outcome) == ("payos", "payos.payment", "applied")
    assert event.event_id == (
        f"b{channel.business_id}:{order.payos_payment_link_id}:{order.payos_order_code}:"
        "FT25120712345"
    )
    received = OrderPaymentEvent.objects.get(order=order)
    assert (received.source, received.reference, received.amount) == (
        "payos",
        "FT25120712345",
        170_000,
    )
    # The bank's time, read as Viet Nam time.
    assert received.received_at.isoformat() == "2026-12-07T14:05:09+00:00"


@pytest.mark.parametrize(
    "tamper",
    [
        pytest.param(lambda body: body.replace(b'"amount": 85000', b'"amount": 1000'), id="amount"),
        pytest.param(lambda body: body.replace(b'"signature": "', b'"signature": "0'), id="sig"),
        pytest.param(
            lambda body: json.dumps(
                {k: v for k, v in json.loads(body).items() if k != "signature"}
            ).encode(),
            id="missing",
        ),
        pytest.param(lambda body: b"", id="empty"),
        pytest.param(lambda body: b"not json", id="not-json"),
        pytest.param(lambda body: b"[1, 2]", id="a-list"),
        pytest.param(lambda body: b"\xff\xfe", id="not-utf8"),
    ],
)
def test_a_bad_or_missing_signature_is_400_and_writes_nothing(channel, tea, post, tamper):
    order = payos_order(tea)
    response = post(channel, tamper(webhook_body(payment_data(order), CHECKSUM)))
    assert response.status_code == 400
    assert response.json() == {"success": False, "error": "invalid signature"}
    assert WebhookEvent.objects.count() == 0
    assert OrderPaymentEvent.objects.count() == 0
    order.refresh_from_db()
    assert (order.payment_state, order.amount_received) == (PaymentState.PENDING, 0)


def test_signed_with_another_shops_key_is_refused(channel, tea, post):
    order = payos_order(tea)
    body = webhook_body(payment_data(order), CHECKSUM, sign_with="someone-elses-checksum-key")
    assert post(channel, body).status_code == 400
    assert WebhookEvent.objects.count() == 0


def test_an_unknown_address_is_404_and_writes_nothing(client, tea):
    order = payos_order(tea)
    url = reverse("payments_webhooks:payos", kwargs={"webhook_token": "no-such-token"})
    body = webhook_body(payment_data(order), CHECKSUM)
    response = client.post(url, data=body, content_type="application/json")
    assert response.status_code == 404
    assert WebhookEvent.objects.count() == 0


def test_the_same_payment_twice_is_applied_once(channel, tea, post):
    order = payos_order(tea)
    body = webhook_body(payment_data(order), CHECKSUM)
    assert post(channel, body).json()["duplicate"] is False
    again = post(channel, body)
    assert again.status_code == 200
    assert again.json() == {"success": True, "duplicate": True, "outcome": "applied"}
    assert WebhookEvent.objects.count() == 1
    assert OrderPaymentEvent.objects.filter(order=order).count() == 1
    order.refresh_from_db()
    assert (order.payment_state, order.amount_received) == (PaymentState.PAID, 85_000)


@pytest.mark.parametrize(
    ("amount", "reason"), [(80_000, ReviewReason.SHORT), (90_000, ReviewReason.OVER)]
)
def test_a_wrong_amount_needs_review(channel, tea, post, amount, reason):
    order = payos_order(tea)
    response = post(channel, webhook_body(payment_data(order, amount=amount), CHECKSUM))
    assert response.status_code == 200
    event = WebhookEvent.objects.get()
    assert (event.outcome, event.error) == ("applied", f"Needs review: {reason}")
    order.refresh_from_db()
    assert (order.payment_state, order.payment_review_reason) == (PaymentState.NEEDS_REVIEW, reason)
    assert order.status == OrderStatus.PENDING_PAYMENT


def test_payos_test_webhook_on_confirm_is_200_and_changes_no_order(channel, tea, post):
    order = payos_order(tea)
    response = post(channel, webhook_body(SAMPLE_WEBHOOK_DATA, CHECKSUM))
    assert response.status_code == 200
    assert response.json()["outcome"] == "ignored"
    assert WebhookEvent.objects.get().error.startswith("No order of this shop")
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_another_shops_order_code_is_not_applied(channel, post, db):
    other = BusinessFactory(can_take_payments=True)
    channel_for(other, checksum_key="other-shop-key")
    their_order = payos_order(ProductFactory(business=other, price=50_000))
    # This shop's owner signs, with this shop's key, a payment naming the other shop's order.
    response = post(channel, webhook_body(payment_data(their_order), CHECKSUM))
    assert response.json()["outcome"] == "ignored"
    their_order.refresh_from_db()
    assert their_order.payment_state == PaymentState.PENDING


def test_a_failed_payment_notice_is_stored_and_ignored(channel, tea, post):
    order = payos_order(tea)
    body = webhook_body(payment_data(order, code="01", desc="Giao dịch thất bại"), CHECKSUM)
    assert post(channel, body).json()["outcome"] == "ignored"
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_payload_is_encrypted_at_rest(channel, tea, post):
    from django.db import connection

    order = payos_order(tea)
    post(channel, webhook_body(payment_data(order), CHECKSUM))
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload FROM payments_webhookevent")
        (raw,) = cursor.fetchone()
    assert "FT25120712345" not in raw
    assert "FT25120712345" in WebhookEvent.objects.get().payload


def test_query_count_of_a_payment_webhook(channel, tea, post, django_assert_num_queries):
    order = payos_order(tea)
    body = webhook_body(payment_data(order), CHECKSUM)
    # The payOS path: the channel (1); the event stored once (savepoint, insert, release) and its
    # handler's savepoint (4); the order by code (1); the event's outcome and the two releases (3).
    # ``order_payment_received`` (paid, stock committed, cart, group) is the other 13.
    with django_assert_num_queries(22):
        assert post(channel, body).status_code == 200
    # The repeat: the channel, the insert refused by the unique event id (with its savepoints),
    # the stored event read under lock; nothing else.
    with django_assert_num_queries(8):
        assert post(channel, body).json()["duplicate"] is True


def test_query_count_of_a_rejected_webhook(channel, tea, post, django_assert_num_queries):
    order = payos_order(tea)
    body = webhook_body(payment_data(order), CHECKSUM, sign_with="forged")
    with django_assert_num_queries(1):  # the channel, then nothing
        assert post(channel, body).status_code == 400


def test_the_fake_signs_like_payos_documents():
    # payOS's documented example: data's keys sorted, "k=v" joined by "&", HMAC-SHA256.
    data = {"b": 2, "a": "x", "c": None, "d": True}
    import hashlib
    import hmac

    expected = hmac.new(b"k", b"a=x&b=2&c=&d=true", hashlib.sha256).hexdigest()
    assert signature(data, "k") == expected
