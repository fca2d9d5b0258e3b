"""Cart, checkout, sandbox payment, confirmation and history pages; bad input on each."""

import re

import pytest
from django.core import mail
from django.urls import reverse

from marketplace.models import ProductStatus
from orders.models import CartLine, GroupStatus, Order, OrderGroup, OrderStatus
from tests.factories import UserFactory, ward

pytestmark = pytest.mark.django_db

CART = "/vi/cart/"


def checkout_data(**changes):
    data = {
        "email": "khach@example.vn",
        "contact_name": "Trần Thị Bích",
        "phone": "0903 555 111",
        "street_address": "12 Nguyễn Huệ",
        "ward": ward().pk,
        "note": "Giao giờ hành chính",
    }
    data.update(changes)
    return data


def add(client, product, quantity=1):
    return client.post(reverse("orders:cart_add"), {"product": product.pk, "quantity": quantity})


def test_cart_add_url_name_is_the_storefront_contract():
    assert reverse("orders:cart_add") == "/vi/cart/add/"


def test_cart_page_groups_by_shop_with_totals(client, coffee, bowl):
    assert add(client, coffee, 2).status_code == 302
    assert add(client, bowl, 1).status_code == 302

    response = client.get(CART)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Cà Phê Sáng" in html and "Gốm Sứ Minh Long" in html
    assert "90.000 ₫" in html
    assert "120.000 ₫" in html
    assert 'data-testid="cart-total">210.000 ₫<' in html


def test_cart_page_in_english_groups_digits_with_commas(client, coffee):
    add(client, coffee, 2)
    html = client.get("/en/cart/").content.decode()
    assert 'data-testid="cart-total">90,000 ₫<' in html


@pytest.mark.parametrize(
    ("quantity", "status", "message"),
    [
        (0, 400, "Enter a quantity of at least 1."),
        (-3, 400, "Enter a quantity of at least 1."),
        ("nhiều", 400, "Enter a quantity of at least 1."),
        (11, 409, "Only 10 of “Cà phê phin” left: lower the quantity."),
        (51, 400, "You can buy at most 50 of one product in one order."),
    ],
)
def test_add_bad_quantities(client, coffee, quantity, status, message):
    response = client.post("/en/cart/add/", {"product": coffee.pk, "quantity": quantity})
    assert response.status_code == status
    assert message in response.content.decode()
    assert not CartLine.objects.exists()


def test_add_bad_quantity_is_translated(client, coffee):
    response = client.post("/vi/cart/add/", {"product": coffee.pk, "quantity": 0})
    assert response.status_code == 400
    assert "Hãy nhập số lượng ít nhất là 1." in response.content.decode()


def test_add_unknown_or_inactive_product_is_404(client, coffee):
    coffee.status = ProductStatus.ARCHIVED
    coffee.save()
    assert client.post("/en/cart/add/", {"product": coffee.pk, "quantity": 1}).status_code == 404
    assert client.post("/en/cart/add/", {"product": "abc", "quantity": 1}).status_code == 404
    assert client.get("/en/cart/add/").status_code == 405


def test_update_and_remove_lines(client, coffee):
    add(client, coffee, 1)
    line = CartLine.objects.get()
    response = client.post(f"/en/cart/line/{line.pk}/", {"quantity": 4})
    assert response.status_code == 302
    line.refresh_from_db()
    assert line.quantity == 4
    response = client.post(f"/en/cart/line/{line.pk}/", {"quantity": 0})
    assert response.status_code == 400
    line.refresh_from_db()
    assert line.quantity == 4
    assert client.post(f"/en/cart/line/{line.pk}/remove/").status_code == 302
    assert not CartLine.objects.exists()


def test_someone_elses_line_is_404(client, coffee):
    other = UserFactory()
    from tests.orders.factories import cart_with

    line = cart_with((coffee, 1), user=other).lines.get()
    assert client.post(f"/en/cart/line/{line.pk}/", {"quantity": 2}).status_code == 404
    assert client.post(f"/en/cart/line/{line.pk}/remove/").status_code == 404
    assert CartLine.objects.get().quantity == 1


def test_inactive_product_in_cart_is_flagged_and_blocks_checkout(client, coffee, bowl):
    add(client, coffee, 1)
    add(client, bowl, 1)
    bowl.status = ProductStatus.ARCHIVED
    bowl.save()

    html = client.get("/en/cart/").content.decode()
    assert "No longer available: remove it to check out." in html
    assert 'href="/en/cart/checkout/"' not in html

    response = client.post("/en/cart/checkout/", checkout_data())
    assert response.status_code == 400
    assert "cannot be bought as they are" in response.content.decode()
    assert not OrderGroup.objects.exists()


def test_checkout_bad_details_are_form_errors(client, coffee):
    add(client, coffee, 1)
    response = client.post(
        "/en/cart/checkout/", checkout_data(phone="12345", email="not-an-email", ward="99999")
    )
    assert response.status_code == 400
    html = response.content.decode()
    assert "Enter a Vietnamese phone number" in html
    assert "Enter a valid email address." in html
    assert not OrderGroup.objects.exists()


def test_tampered_prices_and_totals_are_ignored(client, coffee, django_capture_on_commit_callbacks):
    add(client, coffee, 2)
    response = client.post(
        "/en/cart/checkout/",
        checkout_data(total="1000", price="1", amount="1", unit_price="1", subtotal="1"),
    )
    assert response.status_code == 307
    group = OrderGroup.objects.get()
    assert group.total == 90_000
    assert Order.objects.get().subtotal == 90_000


def test_below_minimum_is_refused_with_a_message(client, tea, settings):
    settings.MIN_PAYABLE_VND = 50_000
    add(client, tea, 1)
    html = client.get("/en/cart/").content.decode()
    assert "The minimum order is 50,000 ₫." in html
    response = client.post("/en/cart/checkout/", checkout_data())
    assert response.status_code == 400
    assert (
        "The minimum order is 50.000 ₫; your cart comes to 30.000 ₫." in response.content.decode()
    )
    assert not OrderGroup.objects.exists()


def test_empty_cart_checkout_redirects_to_the_cart(client, db):
    assert client.get("/en/cart/checkout/").status_code == 302


def _sandbox_session_url(response) -> str:
    assert response.status_code == 303, response.content
    return response["Location"]


def test_guest_checkout_with_sandbox_pay(client, coffee, bowl, django_capture_on_commit_callbacks):
    add(client, coffee, 2)
    add(client, bowl, 1)
    response = client.post("/en/cart/checkout/", checkout_data(), follow=False)
    assert response.status_code == 307
    group = OrderGroup.objects.get()
    assert response["Location"] == f"/en/payments/checkout/{group.reference}/"

    pay = client.post(response["Location"], checkout_data())
    sandbox_url = _sandbox_session_url(pay)
    assert sandbox_url.startswith("/en/payments/sandbox/checkout/?session=")
    page = client.get(sandbox_url)
    assert "210" in page.content.decode()

    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(sandbox_url, {"outcome": "pay"})
    assert done.status_code == 302
    assert done["Location"].endswith(f"/en/cart/orders/{group.reference}/?paid=1")

    group.refresh_from_db()
    assert group.status == GroupStatus.PAID
    assert group.provider == "sandbox"
    orders = list(group.orders.order_by("business__trading_name"))
    assert [o.status for o in orders] == [OrderStatus.PAID, OrderStatus.PAID]
    assert [o.transfer_amount for o in orders] == [90_000 - 4_500, 120_000 - 6_000]
    assert all(o.transfer_id.startswith("sbx_tr_") for o in orders)
    coffee.refresh_from_db()
    bowl.refresh_from_db()
    assert (coffee.stock, bowl.stock) == (8, 4)
    assert len(mail.outbox) == 3

    confirmation = client.get(done["Location"])
    html = confirmation.content.decode()
    assert "Thank you! Your payment was received" in html
    assert "Cà phê phin" in html and "Bát gốm men lam" in html
    # The cart is empty now.
    assert "Your cart is empty." in client.get("/en/cart/").content.decode()

    # A second payment attempt for the paid group is refused.
    again = client.post(f"/en/payments/checkout/{group.reference}/")
    assert again.status_code == 409
    assert "already been paid" in again.content.decode()


def test_sandbox_fail_releases_stock_and_keeps_the_cart(
    client, coffee, django_capture_on_commit_callbacks
):
    add(client, coffee, 3)
    client.post("/en/cart/checkout/", checkout_data())
    group = OrderGroup.objects.get()
    sandbox_url = _sandbox_session_url(client.post(f"/en/payments/checkout/{group.reference}/"))
    coffee.refresh_from_db()
    assert coffee.stock == 7

    done = client.post(sandbox_url, {"outcome": "fail"})

    assert done["Location"].endswith("?cancelled=1")
    group.refresh_from_db()
    coffee.refresh_from_db()
    assert group.status == GroupStatus.CANCELLED
    assert coffee.stock == 10
    assert CartLine.objects.get().quantity == 3
    html = client.get(done["Location"]).content.decode()
    assert "Payment not completed" in html and "Nothing was charged" in html


def test_another_browser_cannot_see_or_pay_a_group(client, coffee):
    add(client, coffee, 1)
    client.post("/en/cart/checkout/", checkout_data())
    group = OrderGroup.objects.get()
    from django.test import Client

    stranger = Client()
    assert stranger.get(f"/en/cart/orders/{group.reference}/").status_code == 404
    assert stranger.post(f"/en/payments/checkout/{group.reference}/").status_code == 404


def test_cart_survives_login_and_history_lists_orders(
    client, coffee, tea, django_assert_num_queries
):
    user = UserFactory(email="an@example.vn")
    add(client, coffee, 2)
    client.force_login(user)
    html = client.get("/en/cart/").content.decode()
    assert "Cà phê phin" in html

    client.post("/en/cart/checkout/", checkout_data(email="an@example.vn"))
    group = OrderGroup.objects.get()
    assert group.user == user
    from orders import services

    services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=group.total, currency="VND"
    )
    add(client, tea, 1)
    client.post("/en/cart/checkout/", checkout_data())
    second = OrderGroup.objects.exclude(pk=group.pk).get()
    services.order_group_mark_paid(
        reference=second.reference, provider="sandbox", amount=second.total, currency="VND"
    )

    # session, user, groups, orders, lines: the same whatever the number of orders; the header's
    # section links and cart count
    with django_assert_num_queries(7):
        response = client.get("/en/cart/orders/")
    html = response.content.decode()
    assert html.count('class="card order-group"') == 2
    assert group.short_reference in html and second.short_reference in html
    assert client.get(f"/en/cart/orders/{group.reference}/").status_code == 200


def test_history_needs_login(client, db):
    response = client.get("/en/cart/orders/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_cart_page_query_count_is_fixed(client, coffee, tea, bowl, django_assert_num_queries):
    add(client, coffee, 1)
    # + the header's section links and cart count, the lines' pictures and product links
    with django_assert_num_queries(7):
        client.get("/en/cart/")
    add(client, tea, 1)
    add(client, bowl, 1)
    with django_assert_num_queries(7):
        response = client.get("/en/cart/")
    assert len(re.findall(r'data-testid="cart-line"', response.content.decode())) == 3
