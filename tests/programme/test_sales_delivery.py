"""Sales figures count the goods: a delivery fee, and the refund of a delivery fee, are not sales
(``Order.refunded_amount`` includes a refunded fee, so the facts subtract it back out)."""

import pytest

from programme.models import BusinessFacts
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory
from tests.programme.factories import at, order

pytestmark = pytest.mark.django_db


def test_a_refunded_delivery_fee_does_not_lower_the_sales_value():
    business = BusinessFactory()
    sale = order(business, paid_at=at("2026-06"), subtotal=300_000)
    sale.delivery_fee = 30_000
    sale.refunded_amount = 30_000  # the fee alone given back
    sale.delivery_fee_refunded = 30_000
    sale.save(update_fields=["delivery_fee", "refunded_amount", "delivery_fee_refunded"])
    business_facts_refresh(business_ids=[business.pk])
    assert BusinessFacts.objects.get(business=business).sales_value == 300_000


def test_a_refund_of_goods_lowers_the_sales_value():
    business = BusinessFactory()
    sale = order(business, paid_at=at("2026-06"), subtotal=300_000)
    sale.delivery_fee = 30_000
    sale.refunded_amount = 130_000  # 100.000 ₫ of goods and the fee
    sale.delivery_fee_refunded = 30_000
    sale.save(update_fields=["delivery_fee", "refunded_amount", "delivery_fee_refunded"])
    business_facts_refresh(business_ids=[business.pk])
    assert BusinessFacts.objects.get(business=business).sales_value == 200_000
