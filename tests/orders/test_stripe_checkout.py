"""The stripe path of checkout against the fake Stripe server, through the real ``stripe`` library.

One Checkout Session in VND for the whole cart; the fake posts the signed completion webhook to a
live test server; the orders become paid and each vendor gets one transfer funded by the charge;
refunds reverse the vendor's share; an expired session releases the stock.
"""

import uuid

import pytest

from orders import services
from orders.models import GroupStatus, OrderGroup, OrderStatus, Refund
from payments.models import AccountState, PaymentAccount, WebhookEvent
from tests.cms.factories import ensure_site_tree
from tests.factories import ward
from tests.fakes.stripe_server import fixture
from tests.payments.conftest import PLATFORM_SECRET, fake_stripe  # noqa: F401 - fixture

live = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture(autouse=True)
def _migrated_rows(transactional_db):
    """Wards, categories and groups from the data migrations: once a browser test has run, later
    live-server tests may start from a flushed database (see tests/cms/factories.py)."""
    ensure_site_tree()


@pytest.fixture
def stripe_shops(fake_stripe, shop_a, shop_b):  # noqa: F811
    for business in (shop_a, shop_b):
        account = fixture("account")
        account_id = f"acct_{business.slug.replace('-', '')}"
        account.update({"id": account_id, "charges_enabled": True, "payouts_enabled": True})
        fake_stripe.accounts[account_id] = account
        PaymentAccount.objects.filter(business=business).update(
            provider="stripe", provider_account_id=account_id, state=AccountState.READY
        )
    return shop_a, shop_b


@pytest.fixture
def webhooks(fake_stripe, live_server):  # noqa: F811
    fake_stripe.webhook_url = live_server.url + "/payments/stripe/webhook/"
    fake_stripe.webhook_secret = PLATFORM_SECRET
    return fake_stripe


def place_and_pay(client, *items):
    for product, quantity in items:
        client.post("/en/cart/add/", {"product": product.pk, "quantity": quantity})
    response = client.post(
        "/en/cart/checkout/",
        {
            "email": "khach@example.vn",
            "contact_name": "Trần Thị Bích",
            "phone": "0903555111",
            "street_address": "12 Nguyễn Huệ",
            "ward": ward().pk,
        },
    )
    assert response.status_code == 307
    group = OrderGroup.objects.latest("created_at")
    pay = client.post(response["Location"])
    assert pay.status_code == 303
    return group, pay["Location"]


@live
def test_one_session_then_paid_then_one_transfer_per_vendor(
    client, webhooks, stripe_shops, coffee, bowl
):
    group, url = place_and_pay(client, (coffee, 2), (bowl, 1))

    (create,) = webhooks.requests_to("POST", "/v1/checkout/sessions")
    reference = str(group.reference)
    assert url.startswith(f"{webhooks.url}/c/pay/cs_test_fake")
    params = create["params"]
    assert params["mode"] == "payment"
    assert params["currency"] == "vnd"
    assert [
        (
            item["price_data"]["product_data"]["name"],
            item["price_data"]["unit_amount"],
            item["quantity"],
        )
        for item in params["line_items"]
    ] == [
        ("Cà Phê Sáng: Cà phê phin", "45000", "2"),
        ("Gốm Sứ Minh Long: Bát gốm men lam", "120000", "1"),
    ]
    assert params["client_reference_id"] == reference
    assert params["metadata"] == {"order_group": reference}
    assert params["payment_intent_data"]["transfer_group"] == reference
    assert params["customer_email"] == "khach@example.vn"
    assert int(params["expires_at"]) >= int(group.expires_at.timestamp()) - 1
    assert create["idempotency_key"] == f"checkout-{reference}"
    group.refresh_from_db()
    session_id = group.provider_session_id
    assert group.provider == "stripe" and session_id.startswith("cs_test_fake")

    status, _body = webhooks.complete_checkout_session(session_id)

    assert status == 200
    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    intent_id = group.provider_payment_id
    charge_id = webhooks.objects[intent_id]["latest_charge"]
    assert group.provider_charge_id == charge_id
    transfers = webhooks.requests_to("POST", "/v1/transfers")
    orders = {o.business_id: o for o in group.orders.all()}
    assert sorted(
        (t["params"]["destination"], t["params"]["amount"], t["idempotency_key"]) for t in transfers
    ) == sorted(
        [
            (
                f"acct_{coffee.business.slug.replace('-', '')}",
                "85500",
                f"transfer-order-{orders[coffee.business_id].pk}",
            ),
            (
                f"acct_{bowl.business.slug.replace('-', '')}",
                "114000",
                f"transfer-order-{orders[bowl.business_id].pk}",
            ),
        ]
    )
    assert {t["params"]["source_transaction"] for t in transfers} == {charge_id}
    assert {t["params"]["transfer_group"] for t in transfers} == {reference}
    assert {t["params"]["currency"] for t in transfers} == {"vnd"}
    for order in group.orders.all():
        assert order.status == OrderStatus.PAID
        assert order.transfer_id.startswith("tr_fake")

    # Stripe delivers a second completion: nothing is paid or transferred twice.
    webhooks.send_event("checkout.session.completed", webhooks.objects[session_id]["session"])
    assert len(webhooks.requests_to("POST", "/v1/transfers")) == 2
    assert WebhookEvent.objects.filter(outcome=WebhookEvent.Outcome.STALE).count() == 1

    # A second payment attempt for the paid group is refused without calling Stripe.
    again = client.post(f"/en/payments/checkout/{reference}/")
    assert again.status_code == 409
    assert len(webhooks.requests_to("POST", "/v1/checkout/sessions")) == 1

    # The coffee shop refunds one of its two coffees: refund and a reversal of its share.
    order = orders[coffee.business_id]
    line = order.lines.get()
    key = uuid.uuid4()
    refund = services.order_refund(order=order, quantities={line.pk: 1}, key=key)
    (refund_call,) = webhooks.requests_to("POST", "/v1/refunds")
    assert refund_call["params"]["payment_intent"] == intent_id
    assert refund_call["params"]["amount"] == "45000"
    assert refund_call["idempotency_key"] == f"refund-{key}"
    order.refresh_from_db()
    (reversal,) = webhooks.requests_to("POST", f"/v1/transfers/{order.transfer_id}/reversals")
    assert reversal["params"]["amount"] == "42750"
    assert reversal["idempotency_key"] == f"reversal-{key}"
    assert refund.provider_refund_id.startswith("re_fake")
    assert refund.provider_reversal_id.startswith("trr_fake")
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    # The same refund again: no second call to Stripe.
    services.order_refund(order=order, quantities={line.pk: 1}, key=key)
    assert len(webhooks.requests_to("POST", "/v1/refunds")) == 1
    # The rest: the reversal takes what is left of the transfer.
    services.order_refund(order=order, quantities={line.pk: 1}, key=uuid.uuid4())
    order.refresh_from_db()
    assert order.status == OrderStatus.REFUNDED
    assert order.reversed_amount == order.transfer_amount == 85_500
    assert Refund.objects.filter(order=order).count() == 2


@live
def test_expired_session_releases_the_stock(client, webhooks, stripe_shops, coffee):
    group, _url = place_and_pay(client, (coffee, 4))
    coffee.refresh_from_db()
    assert coffee.stock == 6
    group.refresh_from_db()

    status, _body = webhooks.expire_checkout_session(group.provider_session_id)

    assert status == 200
    group.refresh_from_db()
    coffee.refresh_from_db()
    assert group.status == GroupStatus.CANCELLED
    assert coffee.stock == 10
    # Completed after expired (a late delivery): the stock is taken again, still there.
    webhooks.complete_checkout_session(group.provider_session_id)
    group.refresh_from_db()
    coffee.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert coffee.stock == 6


@live
def test_amount_mismatch_is_flagged_not_fulfilled(client, webhooks, stripe_shops, coffee):
    group, _url = place_and_pay(client, (coffee, 1))
    group.refresh_from_db()

    status, _body = webhooks.complete_checkout_session(
        group.provider_session_id, amount_total=1_000
    )

    assert status == 200
    group.refresh_from_db()
    assert group.status == GroupStatus.NEEDS_REVIEW
    assert group.review_reason == "The provider reported 1000 VND for a group of 45000 VND."
    assert set(group.orders.values_list("status", flat=True)) == {OrderStatus.PENDING_PAYMENT}
    assert webhooks.requests_to("POST", "/v1/transfers") == []
    event = WebhookEvent.objects.get(type="checkout.session.completed")
    assert event.error.startswith("Flagged for review")
    coffee.refresh_from_db()
    assert coffee.stock == 9
