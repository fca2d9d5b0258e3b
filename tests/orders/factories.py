"""Factories and helpers for the orders tests."""

from orders import services
from orders.models import Cart, OrderGroup
from orders.services import Contact
from tests.factories import ward


def contact(**changes) -> Contact:
    data = {
        "email": "an.dang@example.vn",
        "contact_name": "Đặng Văn An",
        "phone": "+84903555111",
        "street_address": "45 Lê Thánh Tôn",
        "ward": ward(),
        "note": "",
    }
    data.update(changes)
    return Contact(**data)


def cart_with(*items, user=None) -> Cart:
    """A cart holding ``(product, quantity)`` pairs."""
    cart = Cart.objects.create(user=user)
    for product, quantity in items:
        services.cart_add(cart=cart, product_id=product.pk, quantity=quantity)
    return cart


def placed_group(*items, user=None, **contact_changes) -> OrderGroup:
    cart = cart_with(*items, user=user)
    return services.order_group_place(cart=cart, user=user, contact=contact(**contact_changes))
