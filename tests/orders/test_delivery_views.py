"""Delivery in the pages: checkout per shop (only options reaching the ward, a choice required,
totals), the JSON the page refreshes from, the retry after a failed payment, the order page and
history with tracking, the cart on a phone, and the shop's settings in the workspace."""

import re

import pytest
from django.urls import reverse

from orders import services
from orders.models import Carrier, CartLine, DeliveryOption, GroupStatus, OrderGroup
from tests.factories import UserFactory, vendor
from tests.orders.test_delivery import BAN_CO, THU_DAU_MOT, flat, pickup, zoned
from tests.orders.test_views import add, checkout_data

pytestmark = pytest.mark.django_db

CHECKOUT = "/vi/cart/checkout/"


@pytest.fixture
def two_shops(shop_a, shop_b, coffee, bowl):
    """Cà Phê Sáng: pickup and a zoned delivery; Gốm Sứ: a flat 25.000 delivery only."""
    return {"pickup": pickup(shop_a, position=1), "zoned": zoned(shop_a), "flat": flat(shop_b)}


def test_checkout_lists_only_the_options_reaching_the_ward_with_fees(
    client, two_shops, coffee, bowl
):
    add(client, coffee, 2)
    add(client, bowl, 1)
    response = client.post(CHECKOUT, {**checkout_data(ward=THU_DAU_MOT), "refresh": "1"})
    html = response.content.decode()
    assert response.status_code == 200
    assert OrderGroup.objects.count() == 0
    # Thủ Dầu Một: the zoned delivery does not reach it; pickup and the flat fee do.
    assert f'value="{two_shops["zoned"].pk}"' not in html
    assert f'value="{two_shops["pickup"].pk}"' in html
    assert f'value="{two_shops["flat"].pk}"' in html
    assert "25.000 ₫" in html
    # The flat delivery is the pottery's only option: chosen, and in the total.
    assert 'data-testid="checkout-total" data-grand-total>' in html
    # Bến Thành (Quận 1): the zone's fee is offered.
    html = client.post(CHECKOUT, {**checkout_data(), "refresh": "1"}).content.decode()
    assert f'value="{two_shops["zoned"].pk}"' in html
    assert "Giao nội thành · Trung tâm" in html and "15.000 ₫" in html


def test_checkout_without_a_choice_is_a_form_error_and_places_nothing(
    client, two_shops, coffee, bowl
):
    add(client, coffee, 2)
    add(client, bowl, 1)
    response = client.post(CHECKOUT, checkout_data())
    assert response.status_code == 400
    assert "Hãy chọn cách Cà Phê Sáng giao hàng cho bạn." in response.content.decode()
    assert OrderGroup.objects.count() == 0
    # Everything typed is still there.
    assert 'value="Trần Thị Bích"' in response.content.decode()


def test_a_tampered_choice_is_refused(client, two_shops, shop_a, coffee, bowl):
    add(client, coffee, 1)
    add(client, bowl, 1)
    for bad in (str(two_shops["flat"].pk), "'; DROP TABLE", "-1"):
        response = client.post(CHECKOUT, {**checkout_data(), f"delivery_{shop_a.pk}": bad})
        assert response.status_code == 400
    assert OrderGroup.objects.count() == 0


def test_checkout_with_choices_charges_goods_and_fees(client, two_shops, shop_a, coffee, bowl):
    add(client, coffee, 2)
    add(client, bowl, 1)
    response = client.post(
        CHECKOUT, {**checkout_data(), f"delivery_{shop_a.pk}": str(two_shops["zoned"].pk)}
    )
    assert response.status_code == 307
    group = OrderGroup.objects.get()
    assert group.total == 90_000 + 15_000 + 120_000 + 25_000
    pay = client.post(response["Location"], checkout_data())
    session = client.get(pay["Location"])
    assert session.status_code == 200, pay["Location"]
    html = session.content.decode()
    # The sandbox's hosted page: one line per shop's delivery fee, adding up to the amount.
    assert "<td>Cà Phê Sáng: Giao hàng</td><td>× 1</td><td>15000 VND</td>" in html
    assert "<td>Gốm Sứ Minh Long: Giao hàng</td><td>× 1</td><td>25000 VND</td>" in html
    assert "<td>250000 VND</td>" in html


def test_checkout_page_query_count_is_fixed(
    client, shop_a, shop_b, coffee, tea, bowl, two_shops, django_assert_num_queries
):
    add(client, coffee, 1)
    # The same number for one shop as for two with more options and zones (no query per row).
    with django_assert_num_queries(13):
        client.post(CHECKOUT, {**checkout_data(), "refresh": "1"})
    add(client, tea, 1)
    add(client, bowl, 1)
    pickup(shop_b, position=2)
    zoned(shop_b)
    with django_assert_num_queries(13):
        response = client.post(CHECKOUT, {**checkout_data(), "refresh": "1"})
    assert response.status_code == 200


def test_delivery_json_for_a_ward(
    client, two_shops, shop_a, shop_b, coffee, bowl, django_assert_num_queries
):
    add(client, coffee, 2)
    add(client, bowl, 1)
    url = reverse("orders:checkout_delivery")
    with django_assert_num_queries(7):
        data = client.get(
            url, {"ward": BAN_CO, f"delivery_{shop_a.pk}": two_shops["zoned"].pk}
        ).json()
    shops = {shop["business"]: shop for shop in data["shops"]}
    assert "Bàn Cờ" in shops[shop_a.pk]["html"] and "20.000 ₫" in shops[shop_a.pk]["html"]
    assert shops[shop_a.pk]["total"] == "110.000 ₫"
    assert shops[shop_b.pk]["total"] == "145.000 ₫"
    assert data["grand_total"] == "255.000 ₫"
    # Unknown ward, or none: no options listed, no total, never an error.
    for ward_code in ("", "99999", "<script>", "1" * 500):
        answer = client.get(url, {"ward": ward_code})
        assert answer.status_code == 200
        assert answer.json()["grand_total"] == ""


def _failed_payment(client, two_shops, shop_a, coffee, bowl):
    add(client, coffee, 2)
    add(client, bowl, 1)
    typed = {
        **checkout_data(ward=BAN_CO, note="Gọi trước khi giao"),
        f"delivery_{shop_a.pk}": str(two_shops["pickup"].pk),
    }
    placed = client.post(CHECKOUT, typed)
    group = OrderGroup.objects.get()
    sandbox_url = client.post(placed["Location"], typed)["Location"]
    done = client.post(sandbox_url, {"outcome": "fail"})
    group.refresh_from_db()
    assert group.status == GroupStatus.CANCELLED
    return group, done["Location"]


def test_a_failed_payment_says_so_plainly_and_the_retry_keeps_what_was_typed(
    client, two_shops, shop_a, coffee, bowl
):
    group, back = _failed_payment(client, two_shops, shop_a, coffee, bowl)
    page = client.get(back).content.decode()
    assert "Thanh toán chưa thành công" in page
    assert "Đã hủy" not in page
    assert f'href="{CHECKOUT}"' in page

    retry = client.get(CHECKOUT).content.decode()
    for typed in ("khach@example.vn", "Trần Thị Bích", "0903 555 111", "12 Nguyễn Huệ"):
        assert f'value="{typed}"' in retry
    assert "Gọi trước khi giao" in retry
    assert re.search(rf'<option value="{BAN_CO}"[^>]*selected', retry)
    assert re.search(rf'value="{two_shops["pickup"].pk}"[^>]*checked', retry)
    # The retry places a new order with the same choices.
    again = client.post(
        CHECKOUT,
        {**checkout_data(ward=BAN_CO), f"delivery_{shop_a.pk}": str(two_shops["pickup"].pk)},
    )
    assert again.status_code == 307
    assert (
        OrderGroup.objects.exclude(pk=group.pk).get().orders.get(business=shop_a).delivery_kind
        == "pickup"
    )


def test_the_payment_page_says_not_completed_for_a_failed_payment(
    client, two_shops, shop_a, coffee, bowl
):
    group, _back = _failed_payment(client, two_shops, shop_a, coffee, bowl)
    page = client.get(reverse("payments:checkout_pay", args=[group.reference])).content.decode()
    assert "Thanh toán chưa thành công" in page
    status = client.get(reverse("payments:checkout_status", args=[group.reference])).json()
    assert {o["label"] for o in status["orders"]} == {"Thanh toán chưa thành công"}


@pytest.fixture
def shipped(client, two_shops, shop_a, shop_b, coffee, bowl):
    shopper = UserFactory(email="an@example.vn")
    client.force_login(shopper)
    add(client, coffee, 2)
    add(client, bowl, 1)
    client.post(
        CHECKOUT,
        {**checkout_data(), f"delivery_{shop_a.pk}": str(two_shops["zoned"].pk)},
    )
    group = OrderGroup.objects.get()
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id="sbx_pi_x",
    )
    cafe = group.orders.get(business=shop_a)
    services.ship_order(order=cafe, carrier=Carrier.GHN, tracking_number="GHN5F8A2")
    pottery = group.orders.get(business=shop_b)
    services.ship_order(order=pottery, carrier=Carrier.OWN)
    services.order_refund(
        order=pottery, quantities={}, key="7b8c7a2e-0000-4000-8000-000000000001", delivery_fee=True
    )
    return group


def test_the_order_page_shows_delivery_tracking_and_refunds(client, shipped, shop_a, shop_b):
    html = client.get(reverse("orders:group_detail", args=[shipped.reference])).content.decode()
    cafe = shipped.orders.get(business=shop_a)
    pottery = shipped.orders.get(business=shop_b)
    assert "Giao nội thành · Trung tâm — 15.000 ₫" in html
    assert "GHN · mã vận đơn <strong>GHN5F8A2</strong>" in html
    assert 'href="https://donhang.ghn.vn/?order_code=GHN5F8A2"' in html
    assert "Cửa hàng tự giao" in html
    assert f'data-testid="net-{pottery.pk}">120.000 ₫<' in html
    assert f'data-testid="net-{cafe.pk}"' not in html


def test_history_shows_each_shops_part_with_tracking_and_net(
    client, shipped, shop_b, django_assert_num_queries
):
    with django_assert_num_queries(7):
        html = client.get(reverse("orders:history")).content.decode()
    pottery = shipped.orders.get(business=shop_b)
    assert "GHN5F8A2" in html and "donhang.ghn.vn" in html
    assert "gồm phí giao hàng 25.000 ₫" in html
    assert f'data-testid="net-{pottery.pk}">120.000 ₫<' in html


# The cart on a phone -----------------------------------------------------------------------------


def test_cart_lines_are_cards_with_a_stepper_bounded_like_checkout(client, coffee, tea):
    add(client, coffee, 1)
    add(client, tea, 3)  # tea has 3 in stock
    html = client.get("/vi/cart/").content.decode()
    assert html.count('data-testid="cart-line"') == 2
    assert 'max="3"' in html and 'max="10"' in html
    assert "Tiếp tục mua sắm" in html
    line = CartLine.objects.get(product=tea)
    # The "+" of a line at its limit is disabled, and a forged step past it is refused.
    refused = client.post(
        reverse("orders:cart_line_update", args=[line.pk]), {"quantity": "3", "step": "1"}
    )
    assert refused.status_code == 409
    line.refresh_from_db()
    assert line.quantity == 3
    fewer = client.post(
        reverse("orders:cart_line_update", args=[line.pk]), {"quantity": "3", "step": "-1"}
    )
    assert fewer.status_code == 302
    line.refresh_from_db()
    assert line.quantity == 2


# The shop's settings -----------------------------------------------------------------------------


def test_a_vendor_sets_a_zoned_delivery_typing_amounts_the_vietnamese_way(client, shop_a, shop_b):
    client.force_login(vendor(business=shop_a))
    url = reverse("orders_delivery:add", args=[shop_a.pk])
    assert client.get(url + "?kind=shop").status_code == 200
    data = {
        "kind": "shop",
        "name": "Giao nhanh",
        "pricing": "zones",
        "flat_fee": "",
        "free_above": "500.000",
        "estimate_days_min": "0",
        "estimate_days_max": "1",
        "is_active": "on",
        "position": "0",
        "zones-TOTAL_FORMS": "2",
        "zones-INITIAL_FORMS": "0",
        "zones-MIN_NUM_FORMS": "0",
        "zones-MAX_NUM_FORMS": "10",
        "zones-0-name": "Trung tâm",
        "zones-0-fee": "15.000 ₫",
        "zones-0-former_districts": ["Quận 1", "Quận 3"],
        "zones-1-name": "",
        "zones-1-fee": "",
    }
    response = client.post(url, data)
    assert response.status_code == 302
    option = DeliveryOption.objects.get(business=shop_a)
    assert (option.free_above, option.zones.get().fee) == (500_000, 15_000)
    assert option.zones.get().former_districts == ["Quận 1", "Quận 3"]
    listing = client.get(reverse("orders_delivery:list", args=[shop_a.pk])).content.decode()
    assert "Trung tâm: 15.000 ₫" in listing
    # An ambiguous amount is a form error, nothing changes.
    bad = client.post(
        reverse("orders_delivery:edit", args=[shop_a.pk, option.pk]),
        {**data, "zones-0-fee": "15,5"},
    )
    assert bad.status_code == 400
    assert option.zones.get().fee == 15_000


def test_another_shops_delivery_settings_are_404(client, shop_a, shop_b):
    theirs = flat(shop_b)
    client.force_login(vendor(business=shop_a))
    assert client.get(reverse("orders_delivery:list", args=[shop_b.pk])).status_code == 404
    assert (
        client.get(reverse("orders_delivery:edit", args=[shop_b.pk, theirs.pk])).status_code == 404
    )
    assert (
        client.get(reverse("orders_delivery:edit", args=[shop_a.pk, theirs.pk])).status_code == 404
    )
    assert (
        client.post(reverse("orders_delivery:delete", args=[shop_a.pk, theirs.pk])).status_code
        == 404
    )
    assert DeliveryOption.objects.filter(pk=theirs.pk).exists()
