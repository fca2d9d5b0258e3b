"""The printable packing slip of an order: what delivery needs, a QR drawn here, own orders only."""

import uuid

import pytest
import segno
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders import services
from orders.models import PaymentMethod, PaymentState
from tests.orders.factories import placed_group

pytestmark = pytest.mark.django_db


def paid(*items, **contact):
    group = placed_group(*items, **contact)
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id=f"sbx_{uuid.uuid4().hex[:8]}",
    )
    return group


@pytest.fixture
def group(coffee, tea, bowl):
    return paid(
        (coffee, 2),
        (tea, 1),
        (bowl, 1),
        email="secret.shopper@example.vn",
        note="Gọi trước 15 phút",
    )


def slip(order):
    return reverse("orders_workspace:packing_slip", args=[order.pk])


def test_slip_has_shop_recipient_lines_amounts_payment_and_qr(client, owner_a, shop_a, group):
    client.force_login(owner_a)
    order = group.orders.get(business=shop_a)
    response = client.get(slip(order))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Cà Phê Sáng" in html
    assert "Đặng Văn An" in html and "0903 555 111" in html and "45 Lê Thánh Tôn" in html
    assert "Gọi trước 15 phút" in html
    assert "secret.shopper@example.vn" not in html
    assert html.count('class="slip-line"') == 2
    assert "Cà phê phin" in html and "90.000 ₫" in html and "Trà sen" in html
    assert "Bát gốm men lam" not in html
    assert 'data-testid="subtotal">120.000 ₫<' in html
    assert "Đã thanh toán" in html
    assert "@media print" in html
    # The QR is inline SVG made here from the order number, not an image from elsewhere.
    expected = segno.make(order.number, error="m", micro=False).svg_inline(
        scale=4, title=order.number
    )
    assert expected in html
    assert "<img" not in html


def test_cash_on_delivery_slip_says_what_to_collect(client, owner_a, shop_a, group):
    order = group.orders.get(business=shop_a)
    type(order).objects.filter(pk=order.pk).update(
        payment_method=PaymentMethod.COD, payment_state=PaymentState.PENDING
    )
    client.force_login(owner_a)
    assert "Thu 120.000 ₫ khi giao hàng" in client.get(slip(order)).content.decode()


def test_another_shops_order_is_404(client, owner_a, shop_b, group):
    client.force_login(owner_a)
    assert client.get(slip(group.orders.get(business=shop_b))).status_code == 404


def test_unpaid_order_of_a_card_payment_is_404(client, owner_a, coffee):
    order = placed_group((coffee, 1)).orders.get()
    client.force_login(owner_a)
    assert client.get(slip(order)).status_code == 404


def test_slip_queries_are_fixed_and_nothing_is_written(
    client, owner_a, shop_a, coffee, tea, django_assert_num_queries
):
    small = paid((coffee, 1)).orders.get()
    big = paid((coffee, 3), (tea, 3)).orders.get()
    client.force_login(owner_a)
    client.get(slip(small))
    with CaptureQueriesContext(connection) as one:
        client.get(slip(small))
    writes = [
        q["sql"]
        for q in one.captured_queries
        if q["sql"].lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE"))
    ]
    assert writes == []
    with django_assert_num_queries(len(one.captured_queries)):
        assert client.get(slip(big)).status_code == 200


# The orders list: filters, and several orders marked sent at once --------------------------------

LIST = "/admin/orders/"


def test_list_filters_by_shop_status_and_payment_state(client, owner_a, shop_a, coffee, tea):
    first = paid((coffee, 1)).orders.get()
    second = paid((tea, 1)).orders.get()
    services.order_mark_fulfilled(order=second)
    client.force_login(owner_a)
    html = client.get(LIST, {"status": "fulfilled"}).content.decode()
    assert html.count('class="vendor-order"') == 1 and second.number in html
    html = client.get(LIST, {"shop": shop_a.pk, "payment_state": "paid"}).content.decode()
    assert html.count('class="vendor-order"') == 2 and first.number in html
    html = client.get(LIST, {"payment_state": "pending"}).content.decode()
    assert 'class="vendor-order"' not in html


@pytest.mark.parametrize("query", [{"shop": "999999"}, {"status": "bogus"}, {"shop": "x"}])
def test_bad_filter_is_a_form_error(client, owner_a, shop_b, coffee, query):
    paid((coffee, 1))
    client.force_login(owner_a)
    response = client.get(LIST, query)
    assert response.status_code == 400
    assert 'class="help-block help-critical"' in response.content.decode()


def test_another_shop_is_not_a_filter_choice(client, owner_a, shop_b, bowl):
    paid((bowl, 1))
    client.force_login(owner_a)
    assert client.get(LIST, {"shop": shop_b.pk}).status_code == 400


def test_several_orders_marked_sent_at_once(
    client, owner_a, coffee, tea, bowl, mailoutbox, django_capture_on_commit_callbacks
):
    one = paid((coffee, 1)).orders.get()
    two = paid((tea, 1)).orders.get()
    theirs = paid((bowl, 1)).orders.get()
    client.force_login(owner_a)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("orders_workspace:ship"),
            {
                "order": [one.pk, two.pk, theirs.pk],
                "carrier": "ghn",
                f"tracking-{one.pk}": "GHN 123 456",
                f"tracking-{two.pk}": "GHN789",
                f"tracking-{theirs.pk}": "GHN000",
                "next_query": "status=paid",
            },
        )
    assert response.status_code == 302
    assert response["Location"] == "/admin/orders/?status=paid"
    for order in (one, two, theirs):
        order.refresh_from_db()
    assert one.status == two.status == "fulfilled"
    assert (one.carrier, one.tracking_number, two.tracking_number) == ("ghn", "GHN123456", "GHN789")
    assert theirs.status == "paid"  # another shop's order is not touched
    assert len([m for m in mailoutbox if "an.dang@example.vn" in m.to]) >= 2


def test_sending_without_a_carrier_or_a_tracking_number_is_refused(client, owner_a, coffee, tea):
    one = paid((coffee, 1)).orders.get()
    two = paid((tea, 1)).orders.get()
    client.force_login(owner_a)
    response = client.post(reverse("orders_workspace:ship"), {"order": [one.pk]}, follow=True)
    assert "Chọn đơn vị vận chuyển cho các đơn này." in response.content.decode()
    response = client.post(
        reverse("orders_workspace:ship"),
        {"order": [one.pk, two.pk], "carrier": "ghtk", f"tracking-{two.pk}": "S1234"},
        follow=True,
    )
    one.refresh_from_db()
    two.refresh_from_db()
    assert (one.status, two.status) == ("paid", "fulfilled")
    assert one.number in response.content.decode()  # named with its reason


def test_shipping_nothing_is_an_error_and_changes_nothing(client, owner_a, coffee):
    order = paid((coffee, 1)).orders.get()
    client.force_login(owner_a)
    response = client.post(reverse("orders_workspace:ship"), {"order": ["x"]}, follow=True)
    assert "Chọn các đơn cần đánh dấu đã gửi." in response.content.decode()
    order.refresh_from_db()
    assert order.status == "paid"
