"""The shopper's account for a refund the shop owes: asked once, only of the shopper who placed
the order, only while a refund is due; encrypted; the shop sees it on its order page."""

import pytest
from django.test import Client

from orders import services
from orders.models import OrderGroup, PaymentSource, PaymentState
from tests.factories import UserFactory
from tests.orders.rails import rails  # noqa: F401
from tests.orders.test_payment_page import placed  # noqa: F401

VALID = {"bank_code": "VCB", "account_number": "0011 0019 32418", "holder_name": "Đặng Văn An"}


def _url(group) -> str:
    return f"/en/payments/checkout/{group.reference}/refund-account/"


@pytest.fixture
def refund_due(placed, shop_a, owner_a):  # noqa: F811
    """The shopper paid shop A twice the amount; the shop sends the extra back."""
    order = placed.orders.get(business=shop_a)
    services.order_payment_received(
        order=order, amount=order.subtotal * 2, source=PaymentSource.MANUAL, reference="t-1"
    )
    order.refresh_from_db()
    assert order.payment_state == PaymentState.NEEDS_REVIEW
    services.order_payment_review_decide(order=order, actor=owner_a, accept=False)
    return placed


def test_not_asked_while_no_refund_is_due(client, placed):  # noqa: F811
    assert client.get(_url(placed)).status_code == 404
    assert client.post(_url(placed), VALID).status_code == 404
    placed.refresh_from_db()
    assert placed.refund_account_given_at is None
    page = client.get(f"/en/cart/orders/{placed.reference}/").content.decode()
    assert "refund-account/" not in page


def test_the_shopper_gives_it_once_and_the_shop_sees_it(client, refund_due, shop_a, owner_a):
    page = client.get(f"/en/cart/orders/{refund_due.reference}/").content.decode()
    assert _url(refund_due) in page
    assert client.get(_url(refund_due)).status_code == 200

    response = client.post(_url(refund_due), VALID)
    assert response.status_code == 302
    group = OrderGroup.objects.get(pk=refund_due.pk)
    assert (group.refund_bank_code, group.refund_account_number, group.refund_holder_name) == (
        "VCB",
        "0011001932418",
        "DANG VAN AN",
    )
    shown = client.get(_url(group)).content.decode()
    assert "*********2418" in shown and "0011001932418" not in shown
    # Asked once: a second answer changes nothing.
    client.post(_url(group), {**VALID, "account_number": "123456789"})
    group.refresh_from_db()
    assert group.refund_account_number == "0011001932418"
    # The shop that owes the refund reads it on its order page.
    owner = Client()
    owner.force_login(owner_a)
    order = group.orders.get(business=shop_a)
    detail = owner.get(f"/admin/orders/{order.pk}/").content.decode()
    assert "0011001932418" in detail and "DANG VAN AN" in detail


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({**VALID, "bank_code": "NOPE"}, "bank_code"),
        ({**VALID, "account_number": "12ab"}, "account_number"),
        ({**VALID, "holder_name": ""}, "holder_name"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(client, refund_due, data, field):
    response = client.post(_url(refund_due), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    refund_due.refresh_from_db()
    assert refund_due.refund_account_given_at is None


def test_another_shopper_or_anonymous_cannot_give_or_read_it(refund_due):
    signed_in = Client()
    signed_in.force_login(UserFactory())
    for other in (Client(), signed_in):
        assert other.get(_url(refund_due)).status_code == 404
        assert other.post(_url(refund_due), VALID).status_code == 404
    refund_due.refresh_from_db()
    assert refund_due.refund_account_given_at is None
