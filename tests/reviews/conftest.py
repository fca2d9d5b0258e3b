"""Fixtures of the reviews tests: a shop with two products and a completed order of both."""

from datetime import timedelta

import pytest
from django.core.cache import cache
from django.utils import timezone

from cms import services as cms_services
from orders.models import Order, OrderGroup, OrderLine, OrderStatus, PaymentMethod
from tests.factories import BusinessFactory, UserFactory, vendor, ward
from tests.marketplace.factories import ProductFactory


def completed_order(*products, user=None, email="an.dang@example.vn", status=OrderStatus.COMPLETED):
    """One shop's order of ``products`` (one each), completed by the shop; its group placed by
    ``user`` (or a guest with ``email``)."""
    business = products[0].business
    total = sum(product.price for product in products)
    group = OrderGroup.objects.create(
        user=user,
        email=email,
        contact_name="Đặng Văn An",
        phone="+84903555111",
        street_address="45 Lê Thánh Tôn",
        ward=ward(),
        total=total,
        status="paid",
        expires_at=timezone.now() + timedelta(minutes=30),
        paid_at=timezone.now(),
    )
    order = Order.objects.create(
        group=group,
        business=business,
        subtotal=total,
        fee_bps=500,
        platform_fee=total * 5 // 100,
        status=status,
        payment_method=PaymentMethod.COD,
        completed_at=timezone.now() if status == OrderStatus.COMPLETED else None,
    )
    for product in products:
        OrderLine.objects.create(
            order=order, product=product, name=product.name, unit_price=product.price, quantity=1
        )
    return order


@pytest.fixture(autouse=True)
def _fresh_limits():
    """Rate-limit counters live in the cache: each test starts with none."""
    cache.clear()


@pytest.fixture
def shop(db):
    return BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True)


@pytest.fixture
def coffee(shop):
    return ProductFactory(business=shop, name="Cà phê phin", slug="ca-phe-phin", price=45_000)


@pytest.fixture
def tea(shop):
    return ProductFactory(business=shop, name="Trà sen", slug="tra-sen", price=30_000)


@pytest.fixture
def buyer(db):
    return UserFactory(email="an.dang@example.vn", first_name="An", last_name="Đặng")


@pytest.fixture
def order(coffee, tea, buyer):
    return completed_order(coffee, tea, user=buyer)


@pytest.fixture
def owner(shop):
    return vendor(business=shop)


@pytest.fixture
def storefront(shop):
    cms_services.site_sections_ensure()
    return cms_services.storefront_ensure(business=shop)
