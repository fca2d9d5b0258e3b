"""No overselling: 20 checkouts racing for 5 units on PostgreSQL, each in its own thread."""

import threading

import pytest
from django.db import connection
from django.utils import translation

from core.errors import Conflict
from marketplace.models import Product
from orders import services
from orders.models import GroupStatus, OrderGroup, StockReservation
from tests.cms.factories import ensure_site_tree
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import cart_with, contact

RACERS = 20


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_checkouts_race_for_five_units():
    # Wards, categories and groups, in case an earlier live-server test flushed them.
    ensure_site_tree()
    shop_a = BusinessFactory(trading_name="Bánh Mì Huỳnh Hoa", can_take_payments=True)
    product = ProductFactory(business=shop_a, name="Bánh mì đặc biệt", price=25_000, stock=20)
    carts = [cart_with((product, 1)) for _ in range(RACERS)]
    Product.objects.filter(pk=product.pk).update(stock=5)
    barrier = threading.Barrier(RACERS)
    placed, refused, errors = [], [], []

    def checkout(cart):
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                group = services.order_group_place(cart=cart, user=None, contact=contact())
            placed.append(group.pk)
        except Conflict as exc:
            refused.append(exc.message)
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(cart,)) for cart in carts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(placed) == 5
    assert len(refused) == 15
    assert set(refused) <= {
        "Sorry, “Bánh mì đặc biệt” is sold out.",
        *(f"Only {n} of “Bánh mì đặc biệt” left: lower the quantity." for n in range(1, 5)),
    }
    product.refresh_from_db()
    assert product.stock == 0
    assert OrderGroup.objects.filter(status=GroupStatus.PENDING_PAYMENT).count() == 5
    assert sum(StockReservation.objects.values_list("quantity", flat=True)) == 5


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_twenty_shoppers_race_for_the_last_five_units_across_two_shops():
    """Per-shop payment: each cart holds a VietQR shop's last units and a COD shop's product."""
    ensure_site_tree()
    shop_a = BusinessFactory(trading_name="Bánh Mì Huỳnh Hoa", can_take_payments=True)
    shop_b = BusinessFactory(trading_name="Trà Sữa Bông", can_take_payments=True)
    bread = ProductFactory(business=shop_a, name="Bánh mì đặc biệt", price=25_000, stock=20)
    tea = ProductFactory(business=shop_b, name="Trà sữa", price=30_000, stock=100)
    carts = [cart_with((bread, 1), (tea, 1)) for _ in range(RACERS)]
    Product.objects.filter(pk=bread.pk).update(stock=5)
    allowed = {shop_a.pk: ["vietqr"], shop_b.pk: ["cod", "vietqr"]}
    methods = {shop_a.pk: "vietqr", shop_b.pk: "cod"}
    barrier = threading.Barrier(RACERS)
    placed, refused, errors = [], [], []

    def checkout(cart):
        try:
            barrier.wait(timeout=30)
            with translation.override("en"):
                group = services.order_group_place(
                    cart=cart, user=None, contact=contact(), methods=methods, allowed=allowed
                )
            placed.append(group.pk)
        except Conflict as exc:
            refused.append(exc.message)
        except Exception as exc:  # noqa: BLE001 - any other failure fails the test below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=checkout, args=(cart,)) for cart in carts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)

    assert errors == []
    assert len(placed) == 5
    assert len(refused) == 15
    bread.refresh_from_db()
    tea.refresh_from_db()
    assert bread.stock == 0
    # A refused checkout took nothing from the other shop either (one transaction).
    assert tea.stock == 95
    assert (
        sum(StockReservation.objects.filter(product=bread).values_list("quantity", flat=True)) == 5
    )
