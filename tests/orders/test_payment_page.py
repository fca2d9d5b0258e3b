"""The shopper's side of paying each shop directly: method choice, the payment page, polling,
the sandbox transfer, and who may see or pay an order."""

import json

import pytest
from django.test import Client

from orders.models import GroupStatus, Order, OrderGroup, OrderStatus, PaymentState
from payments.vietqr import payload as vietqr
from tests.orders.rails import FakeAccount, FakeRails, rails  # noqa: F401
from tests.orders.test_views import add, checkout_data

CHECKOUT = "/en/cart/checkout/"


def _place(client, shop_methods: dict, **data):
    methods = {f"method_{business.pk}": method for business, method in shop_methods.items()}
    return client.post(CHECKOUT, {**checkout_data(**data), **methods})


@pytest.fixture
def placed(client, rails, coffee, bowl, shop_a, shop_b):  # noqa: F811
    add(client, coffee, 2)
    add(client, bowl, 1)
    response = _place(client, {shop_a: "vietqr", shop_b: "cod"})
    assert response.status_code == 307, response.content
    group = OrderGroup.objects.get()
    page = client.post(response["Location"])
    assert page.status_code == 302
    assert page["Location"] == f"/en/payments/checkout/{group.reference}/"
    return group


def test_checkout_offers_each_shop_its_methods(client, rails, coffee, bowl, shop_a, shop_b):  # noqa: F811
    rails[shop_b.pk] = FakeRails(cod=True)
    add(client, coffee, 1)
    add(client, bowl, 1)
    html = client.get(CHECKOUT).content.decode()
    assert f'name="method_{shop_a.pk}" id="method_{shop_a.pk}-vietqr"' in html
    assert f'id="method_{shop_a.pk}-cod"' in html
    assert f'id="method_{shop_b.pk}-vietqr"' not in html
    assert f'id="method_{shop_b.pk}-cod"' in html


@pytest.mark.parametrize("method", ["", "payos", "bitcoin"])
def test_a_method_the_shop_does_not_take_is_a_form_error(client, rails, coffee, shop_a, method):  # noqa: F811
    add(client, coffee, 1)
    response = _place(client, {shop_a: method})
    assert response.status_code == 400
    assert f"Choose how to pay {shop_a.trading_name}." in response.content.decode()
    assert not Order.objects.exists()
    coffee.refresh_from_db()
    assert coffee.stock == 10


def test_payment_page_has_one_block_per_shop_with_the_vietqr_details(
    client, placed, shop_a, django_assert_max_num_queries
):
    qr = placed.orders.get(business=shop_a)
    with django_assert_max_num_queries(12):
        response = client.get(f"/en/payments/checkout/{placed.reference}/")
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('data-testid="shop-payment"') == 2
    assert "<svg" in html and "https://" not in html.split("<svg", 1)[1].split("</svg>", 1)[0]
    assert qr.payment_code in html
    assert "0011001932418" in html and "NGUYEN VAN A" in html and "90,000 ₫" in html
    assert "Pay the shop in cash when your order is delivered." in html
    from django.utils import timezone

    local = timezone.localtime(qr.payment_expires_at).isoformat()
    assert f'data-countdown="{local}"' in html
    assert "dl.vietqr.io/pay?app=" in html  # bank-app deep links (shown on phones)
    # The QR code carries this shop's account, the exact amount and the memo.
    assert "Simulate the transfer (sandbox)" in html
    from payments.checkout import payment_blocks

    block = next(b for b in payment_blocks(group=placed) if b.order.pk == qr.pk)
    data = vietqr.parse(block.payload)
    assert (data.bin, data.account, data.amount, data.memo) == (
        "970436",
        "0011001932418",
        90_000,
        qr.payment_code,
    )


def test_payment_page_query_count_is_fixed(
    client,
    rails,  # noqa: F811
    coffee,
    bowl,
    tea,
    shop_a,
    shop_b,
    django_assert_num_queries,  # noqa: F811
):
    add(client, coffee, 1)
    add(client, tea, 1)
    add(client, bowl, 1)
    _place(client, {shop_a: "vietqr", shop_b: "vietqr"})
    group = OrderGroup.objects.get()
    url = f"/en/payments/checkout/{group.reference}/"
    client.get(url)
    # session, group with ward, orders with shops, lines; the header's section links and cart count
    with django_assert_num_queries(6):
        client.get(url)


def test_simulated_transfer_pays_the_shop_and_polling_shows_it(client, placed, shop_a, shop_b):
    qr = placed.orders.get(business=shop_a)
    status_url = f"/en/payments/checkout/{placed.reference}/status/"
    before = json.loads(client.get(status_url).content)
    assert {o["id"]: o["payment_state"] for o in before["orders"]}[qr.pk] == "pending"
    assert before["group"]["complete"] is False

    response = client.post(f"/en/payments/checkout/{placed.reference}/{qr.pk}/simulate/")
    assert response.status_code == 302

    after = json.loads(client.get(status_url).content)
    states = {o["id"]: o for o in after["orders"]}
    assert states[qr.pk]["payment_state"] == "paid" and states[qr.pk]["done"]
    assert after["group"]["complete"] is True  # the other shop is cash on delivery
    qr.refresh_from_db()
    assert qr.status == OrderStatus.PAID
    assert qr.payment_events.get().source in {"sandbox", "monitor"}
    placed.refresh_from_db()
    assert placed.status == GroupStatus.PAID


def test_polling_endpoint_query_count(client, placed, django_assert_num_queries):
    with django_assert_num_queries(3):  # session, group, orders
        client.get(f"/en/payments/checkout/{placed.reference}/status/")


def test_shopper_says_transferred_and_is_told_the_shop_is_confirming(client, placed, shop_a):
    qr = placed.orders.get(business=shop_a)
    client.post(f"/en/payments/checkout/{placed.reference}/{qr.pk}/transferred/")
    qr.refresh_from_db()
    assert qr.payment_claimed_at is not None
    html = client.get(f"/en/payments/checkout/{placed.reference}/").content.decode()
    assert "The shop is confirming your transfer" in html


def test_another_shopper_or_anonymous_cannot_see_or_pay(client, placed, shop_a):
    from tests.factories import UserFactory

    qr = placed.orders.get(business=shop_a)
    base = f"/en/payments/checkout/{placed.reference}/"
    anonymous = Client()
    signed_in = Client()
    signed_in.force_login(UserFactory())
    for other in (anonymous, signed_in):
        assert other.get(base).status_code == 404
        assert other.get(f"{base}status/").status_code == 404
        assert other.post(f"{base}{qr.pk}/simulate/").status_code == 404
        assert other.post(f"{base}{qr.pk}/transferred/").status_code == 404
        assert other.post(f"{base}{qr.pk}/payos/").status_code == 404
    qr.refresh_from_db()
    assert qr.payment_state == PaymentState.PENDING
    # An order id of another group is a 404 even to this group's shopper.
    assert client.post(f"{base}999999/simulate/").status_code == 404


def test_simulate_is_sandbox_only(client, placed, shop_a, settings):
    settings.PAYMENT_PROVIDER = "stripe"
    qr = placed.orders.get(business=shop_a)
    assert (
        client.post(f"/en/payments/checkout/{placed.reference}/{qr.pk}/simulate/").status_code
        == 404
    )


def test_vietqr_unavailable_shop_says_so(client, rails, coffee, shop_a):  # noqa: F811
    add(client, coffee, 1)
    _place(client, {shop_a: "vietqr"})
    group = OrderGroup.objects.get()
    rails[shop_a.pk] = FakeRails(vietqr=None, cod=True)
    html = client.get(f"/en/payments/checkout/{group.reference}/").content.decode()
    assert "cannot receive payments right now" in html
    assert FakeAccount().account_number not in html
