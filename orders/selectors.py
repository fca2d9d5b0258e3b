"""Reads of the orders app, each in a fixed number of queries whatever the number of rows.

``cart_view`` prices the cart from the database and says, line by line, what stops it from being
bought (a product that went inactive, sold out or has fewer left than wanted). Shoppers see their
own order groups; vendors see only the orders of their own businesses.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.db.models import Prefetch, Q, QuerySet
from django.utils.translation import gettext as _

from accounts.models import Business, User, Ward
from accounts.selectors import businesses_for_user
from marketplace.links import product_urls
from marketplace.models import Product, ProductStatus
from marketplace.selectors import card_images
from orders import delivery
from orders.models import (
    MAX_LINE_QUANTITY,
    PAID_STATUSES,
    Cart,
    CartLine,
    DeliveryOption,
    DeliveryZone,
    Order,
    OrderGroup,
    OrderLine,
    OrderStatus,
    PaymentMethod,
    PaymentState,
)

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
    # The cover picture as the product cards show it (``cart_page`` only).
    image: dict | None = None
    url: str = ""

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def limited_by_stock(self) -> bool:
        return not self.product.made_to_order and self.product.stock < MAX_LINE_QUANTITY

    @property
    def max_quantity(self) -> int:
        """The most of this product the cart takes, the same limit checkout applies."""
        if self.product.made_to_order:
            return MAX_LINE_QUANTITY
        return max(min(MAX_LINE_QUANTITY, self.product.stock), 1)


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


def cart_page(*, cart: Cart | None) -> CartView:
    """The cart as its page shows it: ``cart_view``, each product's cover picture and the link to
    its page (a fixed number of queries whatever the number of lines)."""
    view = cart_view(cart=cart)
    images = card_images(product_ids=[line.product.pk for line in view.lines])
    urls = product_urls((line.product.business_id, line.product.slug) for line in view.lines)
    for line in view.lines:
        line.image = images.get(line.product.pk)
        line.url = urls.get((line.product.business_id, line.product.slug), "")
    return view


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
    *, reference, user: User | None, session_references: Iterable[str], orders=None
) -> OrderGroup | None:
    """One group, for its signed-in owner or the browser session that placed it; else None.

    ``orders`` replaces the prefetch of its orders (with shops and lines by default)."""
    group = (
        OrderGroup.objects.filter(reference=reference)
        .select_related("ward")
        .prefetch_related(orders or _orders_with_lines())
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
    """Orders of the user's businesses that stand (paid, or cash on delivery), and those that need
    the shop: a bank transfer waiting for "Đã nhận tiền", a payment to review. Card orders still
    waiting for payment and cancelled ones that took no money are noise."""
    return (
        Order.objects.filter(business__in=businesses_for_user(user=user).values("pk"))
        .filter(
            ~Q(status__in=[OrderStatus.PENDING_PAYMENT, OrderStatus.CANCELLED])
            | Q(payment_state=PaymentState.NEEDS_REVIEW)
            # Cancelled after money came in: the shop owes the shopper a refund.
            | Q(status=OrderStatus.CANCELLED, amount_received__gt=0)
            # A transfer straight to the shop: the owner may have to confirm it by hand.
            | Q(
                status=OrderStatus.PENDING_PAYMENT,
                payment_method=PaymentMethod.VIETQR,
                payment_state=PaymentState.PENDING,
            )
        )
        .select_related("business", "group__ward")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


def order_for_vendor(*, user: User, order_id: int) -> Order | None:
    return orders_for_vendor(user=user).filter(pk=order_id).first()


# Payment (per shop) ------------------------------------------------------------------------------

_PAYMENT_CODE = re.compile(r"^CS[A-Z0-9]{8}$")


def order_by_payment_code(code: str) -> Order | None:
    """The order whose transfer memo is ``code`` (case and surrounding spaces ignored), or None."""
    code = (code or "").strip().upper()
    if not _PAYMENT_CODE.match(code):
        return None
    return Order.objects.select_related("group", "business").filter(payment_code=code).first()


MethodSource = Callable[[list[Business]], dict[int, list[str]]]
_method_source: list[MethodSource] = []


def register_payment_methods(source: MethodSource) -> None:
    """The payments app (above) says which methods each shop accepts; from its ``ready()``."""
    _method_source[:] = [source]


def payment_methods_for(*, businesses: list[Business]) -> dict[int, list[str]]:
    """Per business id, the methods a shopper may choose (``PaymentMethod`` values, in order).

    Without the payments app's answer every shop is paid by the group's one card payment.
    """
    if not _method_source:
        return {business.pk: [PaymentMethod.STRIPE] for business in businesses}
    return _method_source[0](businesses)


def orders_waiting_for_shop(*, user: User) -> QuerySet[Order]:
    """Orders of the user's businesses paid to the shop directly that need the shop: a transfer to
    confirm ("Đã nhận tiền"), a payment to review, or a cash-on-delivery order to deliver."""
    return (
        Order.objects.filter(business__in=businesses_for_user(user=user).values("pk"))
        .exclude(payment_method=PaymentMethod.STRIPE)
        .filter(
            Q(status=OrderStatus.PENDING_PAYMENT, payment_state=PaymentState.PENDING)
            | Q(payment_state=PaymentState.NEEDS_REVIEW)
            | Q(status=OrderStatus.PLACED)
        )
        .select_related("business", "group__ward")
        .prefetch_related(Prefetch("lines", queryset=OrderLine.objects.order_by("id")))
        .order_by("-created_at", "-id")
    )


# Delivery -----------------------------------------------------------------------------------------


def delivery_options_for(
    *, businesses: Iterable[Business], active_only: bool = True
) -> dict[int, list[DeliveryOption]]:
    """Per business id, its delivery options with their zones and the zones' ward codes, in the
    shop's order (3 queries whatever the number of shops, options and zones)."""
    ids = [business.pk for business in businesses]
    options = DeliveryOption.objects.filter(business_id__in=ids).prefetch_related(
        Prefetch(
            "zones",
            queryset=DeliveryZone.objects.prefetch_related(
                Prefetch("wards", queryset=Ward.objects.only("code"))
            ),
        )
    )
    if active_only:
        options = options.filter(is_active=True)
    found: dict[int, list[DeliveryOption]] = {business_id: [] for business_id in ids}
    for option in options.order_by("business_id", "position", "id"):
        found[option.business_id].append(option)
    return found


@dataclass
class ShopDelivery:
    """A shop's delivery at checkout: the options reaching the shopper's ward, with their fees."""

    shop: ShopView
    quotes: list[delivery.Quote]
    # The shop has options at all (without any it arranges delivery with the shopper).
    offered: bool
    chosen: delivery.Quote | None = None

    @property
    def reaches(self) -> bool:
        return bool(self.quotes) or not self.offered

    @property
    def fee(self) -> int | None:
        """The fee of the chosen option; 0 for a shop without options; None until chosen."""
        if not self.offered:
            return 0
        return self.chosen.fee if self.chosen is not None else None

    @property
    def total(self) -> int | None:
        return None if self.fee is None else self.shop.subtotal + self.fee


def checkout_deliveries(
    *, view: CartView, ward: Ward | None, chosen: dict[int, str] | None = None
) -> list[ShopDelivery]:
    """Per shop of the cart, its options that reach ``ward`` (none listed without a ward) and the
    one chosen (``chosen``: business id → option id; a shop with one reaching option has it
    chosen); 3 queries whatever the number of shops."""
    options = delivery_options_for(businesses=[shop.business for shop in view.shops])
    found = []
    for shop in view.shops:
        offered = options.get(shop.business.pk, [])
        quotes = (
            delivery.quotes(offered, ward=ward, subtotal=shop.subtotal) if ward is not None else []
        )
        wanted = str((chosen or {}).get(shop.business.pk) or "")
        pick = next((q for q in quotes if str(q.option.pk) == wanted), None)
        if pick is None and len(quotes) == 1:
            pick = quotes[0]
        found.append(ShopDelivery(shop=shop, quotes=quotes, offered=bool(offered), chosen=pick))
    return found


def former_district_names() -> list[str]:
    """Every former district the wards were made from (what a delivery zone may list), sorted."""
    names: set[str] = set()
    for value in Ward.objects.values_list("former_district", flat=True):
        names |= {
            part.strip() for part in value.split(delivery.FORMER_DISTRICT_SEPARATOR) if part.strip()
        }
    return sorted(names)


def wards_for_zones() -> QuerySet[Ward]:
    """The wards a zone may list, by name (Vietnamese order is the database's)."""
    return Ward.objects.order_by("name", "code")


def last_group_of_cart(*, cart: Cart | None) -> OrderGroup | None:
    """The latest order group placed from ``cart`` (the shopper's, as the cart is), with its
    orders' payment and delivery choices: what a retried checkout starts from (2 queries)."""
    if cart is None or cart.pk is None:
        return None
    return (
        OrderGroup.objects.filter(cart=cart)
        .select_related("ward")
        .prefetch_related(
            Prefetch(
                "orders",
                queryset=Order.objects.only(
                    "id", "group_id", "business_id", "payment_method", "delivery_option_id"
                ),
            )
        )
        .order_by("-created_at", "-id")
        .first()
    )


def is_sale(order: Order) -> bool:
    return order.status in PAID_STATUSES
