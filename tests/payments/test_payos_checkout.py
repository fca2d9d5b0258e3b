"""A shop's order paid through payOS, end to end: the link made through the real SDK (the fake
payOS server, or the in-process sandbox of ``make run``), the payment's signed webhook received
through the same endpoint code, the order paid."""

import pytest
from django.urls import reverse

from orders import services as order_services
from orders.models import GroupStatus, OrderStatus, PaymentState
from orders.selectors import SESSION_GROUPS_KEY
from payments.checkout import payos_checkout_url
from payments.models import WebhookEvent
from tests.factories import BusinessFactory
from tests.fakes.payos_server import FakePayOS, webhook_body
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import cart_with, contact
from tests.payments.test_payos_webhooks import channel_for


def place_payos(product, quantity=1):
    shop = product.business
    group = order_services.order_group_place(
        cart=cart_with((product, quantity)),
        user=None,
        contact=contact(),
        methods={shop.pk: "payos"},
        allowed={shop.pk: ["payos"]},
    )
    return group, group.orders.get()


@pytest.fixture
def fake(settings):
    server = FakePayOS().start()
    settings.PAYOS_BASE_URL = server.url
    yield server
    server.stop()


@pytest.mark.django_db(transaction=True)
def test_link_made_at_payos_then_paid_by_its_webhook(live_server, settings, fake, reference_rows):
    shop = BusinessFactory(trading_name="Nước Mắm Phú Quốc", can_take_payments=True)
    channel = channel_for(shop, checksum_key=fake.checksum_key)
    channel.client_id, channel.api_key = fake.client_id, fake.api_key
    channel.save()
    fake.webhook_url = (
        f"{live_server.url}{reverse('payments_webhooks:payos', args=[channel.webhook_token])}"
    )
    group, order = place_payos(ProductFactory(business=shop, price=65_000, stock=4), 2)

    url = payos_checkout_url(order=order, return_url="https://x/back", cancel_url="https://x/c")
    order.refresh_from_db()
    link = fake.links[order.payos_order_code]
    assert url == order.payos_checkout_url == f"{fake.url}/web/{link['id']}"
    assert (link["amount"], link["description"]) == (130_000, order.payment_code)
    assert order.payos_payment_link_id == link["id"]
    # Asked again: the same link, no second request to payOS.
    assert payos_checkout_url(order=order, return_url="x", cancel_url="y") == url
    assert len(fake.requests_to("POST", "/v2/payment-requests")) == 1

    status, answer = fake.pay(order.payos_order_code)
    assert status == 200
    order.refresh_from_db()
    group.refresh_from_db()
    assert (order.payment_state, order.status, order.amount_received) == (
        PaymentState.PAID,
        OrderStatus.PAID,
        130_000,
    )
    assert group.status == GroupStatus.PAID
    assert WebhookEvent.objects.get().outcome == "applied"
    # payOS retries a delivery it thinks failed: applied once.
    assert fake.deliver(fake_last_body(fake, order))[0] == 200


def fake_last_body(fake, order):
    link = fake.links[order.payos_order_code]
    reference = link["transactions"][-1]["reference"]
    data = fake.payment_data(order.payos_order_code, reference=reference)
    data["transactionDateTime"] = link["transactions"][-1]["transactionDateTime"]
    return webhook_body(data, fake.checksum_key)


@pytest.mark.django_db
def test_a_link_made_before_a_lost_answer_is_read_back(fake):
    shop = BusinessFactory(can_take_payments=True)
    channel = channel_for(shop, checksum_key=fake.checksum_key)
    channel.client_id, channel.api_key = fake.client_id, fake.api_key
    channel.save()
    _group, order = place_payos(ProductFactory(business=shop, price=30_000))
    order = order_services.order_payos_code(order=order)
    # payOS made the link, but its answer never came back (a timeout): the order code is taken.
    fake.links[order.payos_order_code] = {
        "id": "made-before",
        "orderCode": order.payos_order_code,
        "amount": 30_000,
        "amountPaid": 0,
        "amountRemaining": 30_000,
        "status": "PENDING",
        "createdAt": "2026-12-07T10:00:00+00:00",
        "transactions": [],
        "cancellationReason": None,
        "canceledAt": None,
    }
    url = payos_checkout_url(order=order, return_url="https://x/r", cancel_url="https://x/c")
    assert url == f"{fake.url}/web/made-before"
    order.refresh_from_db()
    assert order.payos_payment_link_id == "made-before"


# The sandbox payOS of ``make run`` ----------------------------------------------------------


@pytest.fixture
def sandbox_site(settings):
    settings.PAYOS_BASE_URL = ""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True


@pytest.fixture
def sandbox_order(db, sandbox_site, client):
    shop = BusinessFactory(trading_name="Hạt Điều Bình Phước", can_take_payments=True)
    channel_for(shop, checksum_key="sandbox-demo-key")
    group, order = place_payos(ProductFactory(business=shop, price=120_000, stock=3))
    session = client.session
    session[SESSION_GROUPS_KEY] = [str(group.reference)]
    session.save()
    return group, order


def test_sandbox_link_leads_to_its_page_whose_pay_sends_the_signed_webhook(client, sandbox_order):
    group, order = sandbox_order
    response = client.post(reverse("payments:checkout_payos", args=[group.reference, order.pk]))
    order.refresh_from_db()
    page = f"/vi/payments/sandbox/payos/{order.payos_order_code}/"
    assert (response.status_code, response["Location"]) == (303, page)
    shown = client.get(page)
    assert shown.status_code == 200
    assert "120.000 ₫" in shown.content.decode()
    assert WebhookEvent.objects.count() == 0  # nothing written on a GET

    paid = client.post(page, {"outcome": "pay"})
    assert paid["Location"] == reverse("payments:checkout_pay", args=[group.reference])
    order.refresh_from_db()
    assert (order.payment_state, order.payment_source) == (PaymentState.PAID, "payos")
    event = WebhookEvent.objects.get()
    assert (event.provider, event.type, event.outcome) == ("payos", "payos.payment", "applied")
    again = client.get(page)
    assert 'value="pay"' not in again.content.decode()
    # A paid link takes no second payment, even if the form is posted again.
    client.post(page, {"outcome": "pay"})
    assert WebhookEvent.objects.count() == 1
    order.refresh_from_db()
    assert (order.payment_state, order.amount_received) == (PaymentState.PAID, 120_000)


def test_sandbox_cancel_changes_nothing(client, sandbox_order):
    group, order = sandbox_order
    payos_checkout_url(order=order, return_url="r", cancel_url="c")
    order.refresh_from_db()
    page = f"/vi/payments/sandbox/payos/{order.payos_order_code}/"
    assert client.post(page, {"outcome": "cancel"}).status_code == 302
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING
    assert WebhookEvent.objects.count() == 0


@pytest.mark.parametrize(
    "change",
    [
        {"PAYMENTS_SANDBOX_ENABLED": False},
        {"PAYOS_BASE_URL": "https://api-merchant.payos.vn"},
        {"PAYMENT_PROVIDER": "stripe"},
    ],
)
def test_sandbox_page_only_where_the_sandbox_payos_runs(client, sandbox_order, settings, change):
    _group, order = sandbox_order
    payos_checkout_url(order=order, return_url="r", cancel_url="c")
    order.refresh_from_db()
    for name, value in change.items():
        setattr(settings, name, value)
    page = f"/vi/payments/sandbox/payos/{order.payos_order_code}/"
    assert client.get(page).status_code == 404
    assert client.post(page, {"outcome": "pay"}).status_code == 404
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_sandbox_page_of_an_unknown_code_is_404(client, sandbox_site, db):
    assert client.get("/vi/payments/sandbox/payos/1000000000001/").status_code == 404
