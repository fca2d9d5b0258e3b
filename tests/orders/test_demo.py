"""The orders demo: paid, sent and completed orders, made once."""

import io

import pytest
from django.core.management import call_command

from orders.models import GroupStatus, Order, OrderGroup, OrderStatus

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_paid_and_fulfilled_orders_once(settings):
    settings.DEBUG = True
    call_command("seed_demo", stdout=io.StringIO())

    assert OrderGroup.objects.count() == 3
    assert set(OrderGroup.objects.values_list("status", flat=True)) == {GroupStatus.PAID}
    statuses = sorted(Order.objects.values_list("status", flat=True))
    assert statuses == sorted(
        [OrderStatus.COMPLETED, OrderStatus.FULFILLED, OrderStatus.PAID, OrderStatus.PAID]
    )
    assert OrderGroup.objects.filter(user__email="shopper@choso.local").count() == 2

    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert "orders: 0 demo order groups created" in out.getvalue()
    assert OrderGroup.objects.count() == 3
