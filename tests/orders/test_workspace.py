"""Vendors' orders in the seller workspace: own shops only, mark sent/completed, refunds."""

import uuid

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from orders import services
from orders.models import Order, OrderStatus, Refund
from tests.orders.factories import placed_group

pytestmark = pytest.mark.django_db

LIST = "/admin/orders/"


def paid(*items, **contact):
    group = placed_group(*items, **contact)
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id="sbx_pi_x",
    )
    return group


@pytest.fixture
def group(coffee, tea, bowl):
    return paid((coffee, 2), (tea, 1), (bowl, 1), email="secret.shopper@example.vn")


def test_vendor_sees_only_their_orders_and_what_delivery_needs(client, owner_a, group, bowl):
    client.force_login(owner_a)
    response = client.get(LIST)
    html = response.content.decode()
    assert response.status_code == 200
    assert html.count('class="vendor-order"') == 1
    assert "Cà phê phin" in html and "Bát gốm men lam" not in html

    mine = group.orders.get(business=owner_a.memberships.get().business)
    detail = client.get(reverse("orders_workspace:detail", args=[mine.pk])).content.decode()
    assert "Đặng Văn An" in detail and "0903 555 111" in detail and "45 Lê Thánh Tôn" in detail
    assert "secret.shopper@example.vn" not in detail
    assert "Bát gốm men lam" not in detail

    theirs = group.orders.get(business=bowl.business)
    assert client.get(reverse("orders_workspace:detail", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("orders_workspace:fulfil", args=[theirs.pk])).status_code == 404
    assert client.post(reverse("orders_workspace:refund", args=[theirs.pk])).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == OrderStatus.PAID


def test_unpaid_orders_are_not_listed(client, owner_a, coffee):
    placed_group((coffee, 1))
    client.force_login(owner_a)
    assert 'class="vendor-order"' not in client.get(LIST).content.decode()


def test_list_query_count_is_fixed(client, owner_a, coffee, django_assert_num_queries):
    paid((coffee, 1))
    client.force_login(owner_a)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for _ in range(3):
        paid((coffee, 1))
    # The admin's own queries (menus, session, user) plus count, orders and lines: no per-row ones.
    with django_assert_num_queries(len(one.captured_queries)):
        response = client.get(LIST)
    assert response.content.decode().count('class="vendor-order"') == 4


def test_mark_sent_then_completed(
    client, owner_a, group, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(owner_a)
    order = Order.objects.get(group=group, business__memberships__user=owner_a)
    url = reverse("orders_workspace:fulfil", args=[order.pk])
    # Without a carrier, or with GHN but no tracking number: a form error, nothing sent.
    assert client.post(url).status_code == 400
    refused = client.post(url, {"carrier": "ghn", "tracking_number": ""})
    assert refused.status_code == 400
    assert (
        "Nhập mã vận đơn" in refused.content.decode()
        or "tracking number" in refused.content.decode()
    )
    order.refresh_from_db()
    assert order.status == OrderStatus.PAID and order.fulfilled_at is None
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"carrier": "ghn", "tracking_number": "GHN 123 ABC"})
    assert response.status_code == 302
    order.refresh_from_db()
    assert order.status == OrderStatus.FULFILLED
    assert (order.carrier, order.tracking_number) == ("ghn", "GHN123ABC")
    assert mailoutbox[-1].to == ["secret.shopper@example.vn"]
    sent = len(mailoutbox)
    # Sent again: the carrier details are corrected, the shopper is not emailed twice.
    with django_capture_on_commit_callbacks(execute=True):
        again = client.post(url, {"carrier": "ghtk", "tracking_number": "S1.A2"})
    assert again.status_code == 302
    order.refresh_from_db()
    assert (order.status, order.carrier, order.tracking_number) == (
        OrderStatus.FULFILLED,
        "ghtk",
        "S1.A2",
    )
    assert len(mailoutbox) == sent
    client.post(reverse("orders_workspace:complete", args=[order.pk]))
    order.refresh_from_db()
    assert order.status == OrderStatus.COMPLETED


def test_refund_some_lines_from_the_workspace(client, owner_a, group):
    client.force_login(owner_a)
    order = Order.objects.get(group=group, business__memberships__user=owner_a)
    coffee_line = order.lines.get(name="Cà phê phin")
    url = reverse("orders_workspace:refund", args=[order.pk])
    key = str(uuid.uuid4())
    data = {"key": key, f"line_{coffee_line.pk}": "1"}

    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # a double submit: the same refund

    refund = Refund.objects.get()
    assert refund.amount == 45_000
    order.refresh_from_db()
    assert order.status == OrderStatus.PARTIALLY_REFUNDED
    assert order.refunded_amount == 45_000


@pytest.mark.parametrize("quantity", ["3", "-1", "x"])
def test_refund_bad_quantities_are_form_errors(client, owner_a, group, quantity):
    client.force_login(owner_a)
    order = Order.objects.get(group=group, business__memberships__user=owner_a)
    line = order.lines.get(name="Cà phê phin")
    response = client.post(
        reverse("orders_workspace:refund", args=[order.pk]),
        {"key": str(uuid.uuid4()), f"line_{line.pk}": quantity},
    )
    assert response.status_code == 400
    assert not Refund.objects.exists()


def test_refund_of_nothing_is_refused(client, owner_a, group):
    client.force_login(owner_a)
    order = Order.objects.get(group=group, business__memberships__user=owner_a)
    response = client.post(
        reverse("orders_workspace:refund", args=[order.pk]), {"key": str(uuid.uuid4())}
    )
    assert response.status_code == 400
    assert "Hãy chọn ít nhất một sản phẩm để hoàn tiền." in response.content.decode()


def test_shopper_without_business_gets_no_orders(client, user, group):
    client.force_login(user)
    response = client.get(LIST)
    # Wagtail sends them to the admin's login door, which sends the signed-in to their account.
    assert response.status_code == 302
    assert response.url == f"/admin/login/?next={LIST}"
    assert client.get(response.url).url == reverse("accounts:dashboard")


def _direct(*items, method):
    from tests.orders.factories import cart_with, contact

    shops = {product.business for product, _q in items}
    return services.order_group_place(
        cart=cart_with(*items),
        user=None,
        contact=contact(),
        methods={shop.pk: method for shop in shops},
        allowed={shop.pk: ["vietqr", "cod"] for shop in shops},
    )


def test_owner_confirms_a_transfer_received_audited(client, owner_a, owner_b, coffee):
    from orders.models import OrderPaymentEvent, PaymentState

    order = _direct((coffee, 1), method="vietqr").orders.get()
    client.force_login(owner_b)
    assert client.post(f"{LIST}{order.pk}/received/").status_code == 404
    client.force_login(owner_a)
    assert f"{LIST}{order.pk}/" in client.get(LIST).content.decode()
    page = client.get(f"{LIST}{order.pk}/").content.decode()
    assert f"{LIST}{order.pk}/received/" in page
    assert client.post(f"{LIST}{order.pk}/received/").status_code == 302
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID
    assert order.payment_confirmed_by == owner_a
    event = order.payment_events.get(kind=OrderPaymentEvent.Kind.CONFIRMED_MANUALLY)
    assert event.actor == owner_a
    # A second press is refused with a message, nothing changes.
    assert client.post(f"{LIST}{order.pk}/received/").status_code == 409


def test_owner_marks_cod_delivered_and_decides_a_review(client, owner_a, coffee, tea):
    from orders.models import PaymentSource, PaymentState

    client.force_login(owner_a)
    cod = _direct((coffee, 1), method="cod").orders.get()
    assert client.post(f"{LIST}{cod.pk}/cod-delivered/").status_code == 302
    cod.refresh_from_db()
    assert cod.status == OrderStatus.COMPLETED and cod.payment_source == PaymentSource.COD

    order = _direct((tea, 1), method="vietqr").orders.get()
    services.order_payment_received(
        order=order, amount=1_000, source=PaymentSource.MONITOR, reference="t1"
    )
    assert client.post(f"{LIST}{order.pk}/review/", {"decision": "x"}).status_code == 400
    assert client.post(f"{LIST}{order.pk}/review/", {"decision": "refund"}).status_code == 302
    order.refresh_from_db()
    assert order.payment_state == PaymentState.CANCELLED
    assert order.status == OrderStatus.CANCELLED
