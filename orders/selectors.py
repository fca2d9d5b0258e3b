"""Reads of the orders app, each in a fixed number of queries whatever the number of rows.

``cart_view`` prices the cart from the database and says, line by line, what stops it from being
bought (a product that went inactive, sold out or has fewer left than wanted). Shoppers see their
own order groups; vendors see only the orders of their own businesses.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Business, User
from accounts.selectors import businesses_for_user
from marketplace.models import Product, ProductStatus
from orders.models import Cart, CartLine, Order, OrderGroup, OrderLine

# Session keys: the anonymous cart's id, and the order groups this browser placed (guests).
SESSION_CART_KEY = "orders.cart_id"
SESSION_GROUPS_KEY = "orders.groups"


def is_buyable(product: Product) -> bool:
    """Active, of an active business that can take payments (stock is checked separately)."""
    business = product.business
    return (
        product.status == ProductStatus.ACTIVE and business.is_active and business.can_take_payments
    )


@dataclass
class CartLineView:
    line: CartLine
    product: Product
    quantity: int
    unit_price: int
    problem: str = ""

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity


@dataclass
class ShopView:
    business: Business
    lines: list[CartLineView] = field(default_factory=list)

    @property
    def subtotal(self) -> int:
        return sum(line.line_total for line in self.lines)


@dataclass
class CartView:
    cart: Cart | None
    shops: list[ShopView]
    currency: str = "VND"

    @property
    def lines(self) -> list[CartLineView]:
        return [line for shop in self.shops for line in shop.lines]

    @property
    def total(self) -> int:
        return sum(shop.subtotal for shop in self.shops)

    @property
    def count(self) -> int:
        return sum(line.quantity for line in self.lines)

    @property
    def has_problems(self) -> bool:
        return any(line.problem for line in self.lines)


def _problem(product: Product, quantity: int) -> str:
    if not is_buyable(product):
        return _("No longer available: remove it to check out.")
    if product.made_to_order:
        return ""
    if product.stock <= 0:
        return _("Sold out: remove it to check out.")
    if product.stock < quantity:
        return _("Only %(left)s left: lower the quantity.") % {"left": product.stock}
    return ""


def cart_view(*, cart: Cart | None) -> CartView:
    """The cart grouped by shop, priced now, with any problem per line (one query)."""
    if cart is None or cart.pk is None:
        return CartView(cart=cart, shops=[])
    lines = (
        CartLine.objects.filter(cart=cart)
        .select_related("product__business")
        .order_by("product__business__trading_name", "product__business_id", "added_at", "id")
    )
    shops: dict[int, ShopView] = {}
    for line in lines:
        product = line.product
        shop = shops.setdefault(product.business_id, ShopView(business=product.business))
        shop.lines.append(
            CartLineView(
                line=line,
                product=product,
                quantity=line.quantity,
                unit_price=product.price,
                problem=_problem(product, line.quantity),
            )
        )
    return CartView(cart=cart, shops=list(shops.values()))


def cart_for(*, user: User | None, session) -> Cart | None:
    """The cart of the signed-in user or of the session, without creating one."""
    if user is not None and user.is_authenticated:
        return Cart.objects.filter(user=user).first()
    cart_id = session.get(SESSION_CART_KEY)
    return Cart.objects.filter(pk=cart_id, user__isnull=True).first() if cart_id else None


def _orders_with_lines() -> Prefetch:
    return Prefetch(
        "orders",
        queryset=Order.objects.select_related("business").prefetch_related(
            Prefetch("lines", queryset=OrderLine.objects.order_by("id"))
        ),
    )


def order_groups_for_shopper(*, user: User) -> QuerySet[OrderGroup]:
    """A signed-in shopper's order groups, newest first, with orders and lines (3 queries)."""
    if not user.is_authenticated:
        return OrderGroup.objects.none()
    return (
        OrderGroup.objects.filter(user=user)
        .exclude(orders__isnull=True)
        .distinct()
        .prefetch_related(_orders_with_lines())
        .order_by("-created_at", "-id")
    )


def order_group_for_shopper(
    *, reference, user: User | None, session_references: Iterable[str]
) -> OrderGroup | None:
    """One group, for its signed-in owner or the browser session that placed it; else None."""
    group = (
        OrderGroup.objects.filter(reference=reference)
        .select_related("ward")
        .prefetch_related(_orders_with_lines())
        .first()
    )
    if group is None:
        return None
    if group.user_id is not None and user is not None and group.user_id == user.pk:
        return group
    if str(group.reference) in set(session_references):
        return group
    return None


def orders_for_vendor(*, user: User) -> QuerySet[Order]:
    """Orders of the user's businesses that were paid (pending and cancelled ones are noise)."""
    return (
        Order.objects.filter(business__in=businesses_for_user(user=user).values("pk"))
        .exclude(status__in=["pending_payment", "cancelled"])
        .select_related("business", "group__ward")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def order_for_vendor(*, user: User, order_id: int) -> Order | None:
    return orders_for_vendor(user=user).filter(pk=order_id).first()
