"""Cart, order groups, orders (one per vendor), order lines, stock reservations and refunds.

A shopper's ``Cart`` (of a signed-in user, or of an anonymous session that merges into the user's
cart at login) spans shops. At checkout it becomes one ``OrderGroup``: the cart at payment time,
paid once, with the shopper's contact and delivery details (encrypted where they identify a
person) and the total computed on the server. The group holds one ``Order`` per vendor (business),
each with its own subtotal, platform fee, status, payout and refunds, and ``OrderLine`` rows that
snapshot the product's name and unit price. Stock is held by a ``StockReservation`` from the moment
payment starts until it is committed (paid) or released (expired, failed).

Amounts are integers in the currency's smallest unit (VND has none). Order statuses only move
forward (``Order.TRANSITIONS``); ``orders.services`` is the one place that moves them, one row at a
time (``save``), never with a bulk ``update(status=...)``.

Payment is per shop ("direct to each shop", docs/payments.md): each ``Order`` carries its own
payment method (VietQR, payOS, cash on delivery, or Stripe for the one-charge group flow), a unique
payment code used as the transfer memo, a payment state (``PaymentState``) and its own expiry. The
group is complete when each of its shops is paid (or placed as COD). ``OrderPaymentEvent`` is the
audit trail of every payment fact: money seen, who confirmed by hand and when, review decisions.

Delivery is per shop too: a shop's ``DeliveryOption`` rows say how it delivers (pickup at the shop,
or its own delivery within the city at one flat fee or a fee per ``DeliveryZone`` of wards, free
above an amount it chooses) and how long it takes. The order copies the option chosen at checkout
(its label, details, estimate and fee), so later edits of the option never change an order. The
delivery fee is part of what the shopper pays the shop (``Order.total``) and is refunded with it;
the platform's fee is taken on the goods only. When the shop sends the order it records the carrier
and the tracking number (``orders.delivery`` knows the carriers' public tracking pages).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from accounts.models import Business, Ward
from marketplace.models import Product
from privacy.fields import EncryptedTextField

MAX_LINE_QUANTITY = 50
# The longest delivery estimate a shop can state, in days.
MAX_ESTIMATE_DAYS = 30


class Cart(models.Model):
    """A shopper's cart: of a user, or of an anonymous session (``user`` empty)."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="cart",
        verbose_name=_("user"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("cart")
        verbose_name_plural = _("carts")

    def __str__(self):
        return f"cart {self.pk}"


class CartLine(models.Model):
    cart = models.ForeignKey(Cart, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product, on_delete=models.CASCADE, related_name="+", verbose_name=_("product")
    )
    quantity = models.PositiveIntegerField(_("quantity"))
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)

    class Meta:
        verbose_name = _("cart line")
        verbose_name_plural = _("cart lines")
        ordering = ["added_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["cart", "product"], name="cart_line_unique_product"),
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(quantity__lte=MAX_LINE_QUANTITY),
                name="cart_line_quantity_range",
            ),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_id}"


class DeliveryKind(models.TextChoices):
    PICKUP = "pickup", _("Pickup at the shop")
    SHOP = "shop", _("Delivery by the shop")


class DeliveryPricing(models.TextChoices):
    FLAT = "flat", _("One fee for every ward")
    ZONES = "zones", _("A fee per zone of wards")


class Carrier(models.TextChoices):
    GHN = "ghn", "GHN"
    GHTK = "ghtk", "GHTK"
    VIETTEL_POST = "viettel_post", "Viettel Post"
    JNT = "jnt", "J&T Express"
    AHAMOVE = "ahamove", "Ahamove"
    OWN = "own", _("The shop's own delivery")
    OTHER = "other", _("Other")


class DeliveryOption(models.Model):
    """One way a shop delivers: pickup at the shop, or its own delivery within the city.

    A delivery reaches every ward at a flat fee, or only the wards of its zones, each zone at its
    own fee. Either is free when the shop's part of the order comes to ``free_above`` or more.
    """

    business = models.ForeignKey(
        Business,
        on_delete=models.CASCADE,
        related_name="delivery_options",
        verbose_name=_("shop"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=DeliveryKind.choices)
    name = models.CharField(
        _("name shown to shoppers"),
        max_length=80,
        blank=True,
        help_text=_("Optional, e.g. “Giao trong ngày”. Left empty, the kind is shown."),
    )
    pickup_address = models.CharField(_("pickup address"), max_length=255, blank=True)
    pickup_hours = models.CharField(
        _("opening hours for pickup"),
        max_length=120,
        blank=True,
        help_text=_("e.g. 8:00–20:00, Monday to Saturday"),
    )
    pricing = models.CharField(
        _("fee"), max_length=8, choices=DeliveryPricing.choices, default=DeliveryPricing.FLAT
    )
    flat_fee = models.BigIntegerField(_("flat fee"), default=0)
    free_above = models.BigIntegerField(
        _("free from"),
        null=True,
        blank=True,
        help_text=_("Delivery is free when the order from your shop comes to this much or more."),
    )
    estimate_days_min = models.PositiveSmallIntegerField(
        _("arrives in at least (days)"), default=0, help_text=_("0 means the same day.")
    )
    estimate_days_max = models.PositiveSmallIntegerField(_("arrives in at most (days)"), default=1)
    is_active = models.BooleanField(_("offered"), default=True)
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("delivery option")
        verbose_name_plural = _("delivery options")
        ordering = ["business_id", "position", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(flat_fee__gte=0) & (Q(free_above__isnull=True) | Q(free_above__gte=0)),
                name="delivery_option_amounts",
            ),
            models.CheckConstraint(
                condition=Q(estimate_days_min__lte=F("estimate_days_max"))
                & Q(estimate_days_max__lte=MAX_ESTIMATE_DAYS),
                name="delivery_option_estimate",
            ),
        ]

    def __str__(self):
        return self.label

    @property
    def label(self) -> str:
        return self.name or str(self.get_kind_display())


class DeliveryZone(models.Model):
    """Wards a shop's delivery reaches at one fee: chosen one by one, or by former district."""

    option = models.ForeignKey(
        DeliveryOption, on_delete=models.CASCADE, related_name="zones", verbose_name=_("delivery")
    )
    name = models.CharField(_("zone name"), max_length=80)
    fee = models.BigIntegerField(_("fee"), default=0)
    # Names of former districts (``Ward.former_district``, e.g. "Quận 1"): every ward made from one
    # of them is in the zone.
    former_districts = models.JSONField(_("former districts"), default=list, blank=True)
    wards = models.ManyToManyField(
        Ward, blank=True, related_name="+", verbose_name=_("wards and communes")
    )

    class Meta:
        verbose_name = _("delivery zone")
        verbose_name_plural = _("delivery zones")
        ordering = ["option_id", "fee", "id"]
        constraints = [models.CheckConstraint(condition=Q(fee__gte=0), name="delivery_zone_fee")]

    def __str__(self):
        return self.name


# What a shopper reads for a payment that failed, was abandoned or expired (not "cancelled").
PAYMENT_NOT_COMPLETED = _("Payment not completed")


class GroupStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Waiting for payment")
    PAID = "paid", _("Paid")
    CANCELLED = "cancelled", _("Cancelled")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class OrderGroup(models.Model):
    """The cart at payment time: one payment for the orders of every shop in it."""

    reference = models.UUIDField(_("reference"), default=uuid.uuid4, unique=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="order_groups",
        verbose_name=_("shopper"),
    )
    # Shopper contact and delivery: personal data, encrypted at rest.
    email = EncryptedTextField(_("email"))
    contact_name = EncryptedTextField(_("name"))
    phone = EncryptedTextField(_("phone"))
    street_address = EncryptedTextField(_("address"))
    ward = models.ForeignKey(
        Ward, on_delete=models.PROTECT, related_name="+", verbose_name=_("ward")
    )
    note = models.CharField(_("delivery note"), max_length=300, blank=True)
    # The cart it came from: emptied of these products once the group is paid.
    cart = models.ForeignKey(
        Cart, on_delete=models.SET_NULL, null=True, blank=True, related_name="order_groups"
    )
    language = models.CharField(_("language"), max_length=8, default="vi")
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    total = models.BigIntegerField(_("total"))
    status = models.CharField(
        _("status"),
        max_length=16,
        choices=GroupStatus.choices,
        default=GroupStatus.PENDING_PAYMENT,
    )
    review_reason = models.TextField(_("review reason"), blank=True)
    # Where a shop sends money back (asked once, when a refund is due): encrypted at rest.
    refund_bank_code = models.CharField(_("refund bank"), max_length=32, blank=True)
    refund_account_number = EncryptedTextField(_("refund account number"), blank=True)
    refund_holder_name = EncryptedTextField(_("refund account holder"), blank=True)
    refund_account_given_at = models.DateTimeField(
        _("refund account given at"), null=True, blank=True
    )
    provider = models.CharField(_("payment provider"), max_length=32, blank=True)
    provider_session_id = models.CharField(_("provider session id"), max_length=255, blank=True)
    provider_payment_id = models.CharField(_("provider payment id"), max_length=255, blank=True)
    provider_charge_id = models.CharField(_("provider charge id"), max_length=255, blank=True)
    expires_at = models.DateTimeField(_("payment expires at"))
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order group")
        verbose_name_plural = _("order groups")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(total__gte=0), name="order_group_total_non_negative")
        ]
        indexes = [
            models.Index(fields=["status", "expires_at"], name="order_group_expiry_idx"),
            models.Index(fields=["user", "-created_at"], name="order_group_user_idx"),
        ]

    def __str__(self):
        return self.short_reference

    @property
    def short_reference(self) -> str:
        return str(self.reference).split("-")[0].upper()

    @property
    def status_for_shopper(self) -> str:
        """The status as the shopper reads it: a group cancelled because its payment failed, was
        abandoned or ran out of time says so plainly, not "cancelled"."""
        if self.status == GroupStatus.CANCELLED:
            return str(PAYMENT_NOT_COMPLETED)
        return str(self.get_status_display())


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Waiting for payment")
    # Cash on delivery: the order stands (stock committed), the money comes at the door.
    PLACED = "placed", _("Placed, cash on delivery")
    PAID = "paid", _("Paid")
    FULFILLED = "fulfilled", _("Sent to the shopper")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


# The statuses of an order whose money was received: a sale (refunded in part still counts, in full
# not). The one definition; onboarding and the programme import it.
PAID_STATUSES = (
    OrderStatus.PAID,
    OrderStatus.FULFILLED,
    OrderStatus.COMPLETED,
    OrderStatus.PARTIALLY_REFUNDED,
)


class PaymentMethod(models.TextChoices):
    VIETQR = "vietqr", _("Bank transfer (VietQR)")
    PAYOS = "payos", _("payOS")
    COD = "cod", _("Cash on delivery")
    STRIPE = "stripe", _("Card (one payment for the cart)")


class PaymentState(models.TextChoices):
    PENDING = "pending", _("Waiting for payment")
    PAID = "paid", _("Paid")
    EXPIRED = "expired", _("Expired")
    CANCELLED = "cancelled", _("Cancelled")
    NEEDS_REVIEW = "needs_review", _("Needs review")


class PaymentSource(models.TextChoices):
    MONITOR = "monitor", _("Bank monitor (SePay)")
    PAYOS = "payos", _("payOS")
    MANUAL = "manual", _("Confirmed by the shop")
    COD = "cod", _("Cash collected on delivery")
    STRIPE = "stripe", _("Card payment")
    SANDBOX = "sandbox", _("Sandbox (simulated)")


class ReviewReason(models.TextChoices):
    SHORT = "short", _("Less than the order total was received")
    OVER = "over", _("More than the order total was received")
    DUPLICATE = "duplicate", _("A second payment for an order already paid")
    LATE = "late", _("Paid after the payment window closed")
    CANCELLED = "cancelled", _("Paid for an order that was cancelled")


class Order(models.Model):
    """One vendor's part of an order group, paid to that vendor directly."""

    # Where each status may go next; everything else is refused (statuses only move forward).
    TRANSITIONS = {
        OrderStatus.PENDING_PAYMENT: {
            OrderStatus.PAID,
            OrderStatus.PLACED,
            OrderStatus.CANCELLED,
        },
        # Cash on delivery: delivered with the cash collected, or cancelled by the shop.
        OrderStatus.PLACED: {OrderStatus.COMPLETED, OrderStatus.CANCELLED},
        # A payment seen after the order was cancelled (late), accepted by the shop.
        OrderStatus.CANCELLED: {OrderStatus.PAID},
        OrderStatus.PAID: {
            OrderStatus.FULFILLED,
            OrderStatus.PARTIALLY_REFUNDED,
            OrderStatus.REFUNDED,
        },
        OrderStatus.PARTIALLY_REFUNDED: {
            OrderStatus.FULFILLED,
            OrderStatus.PARTIALLY_REFUNDED,
            OrderStatus.REFUNDED,
        },
        OrderStatus.FULFILLED: {
            OrderStatus.COMPLETED,
            OrderStatus.PARTIALLY_REFUNDED,
            OrderStatus.REFUNDED,
        },
        OrderStatus.COMPLETED: {OrderStatus.PARTIALLY_REFUNDED, OrderStatus.REFUNDED},
        OrderStatus.REFUNDED: set(),
    }

    group = models.ForeignKey(
        OrderGroup, on_delete=models.CASCADE, related_name="orders", verbose_name=_("order group")
    )
    business = models.ForeignKey(
        Business, on_delete=models.PROTECT, related_name="orders", verbose_name=_("shop")
    )
    currency = models.CharField(_("currency"), max_length=3, default="VND")
    subtotal = models.BigIntegerField(_("subtotal"))
    fee_bps = models.PositiveIntegerField(_("platform fee (basis points)"))
    platform_fee = models.BigIntegerField(_("platform fee"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=OrderStatus.choices,
        default=OrderStatus.PENDING_PAYMENT,
    )
    refunded_amount = models.BigIntegerField(_("refunded"), default=0)
    transfer_id = models.CharField(_("provider transfer id"), max_length=255, blank=True)
    transfer_amount = models.BigIntegerField(_("transferred"), default=0)
    reversed_amount = models.BigIntegerField(_("transfer reversed"), default=0)
    paid_at = models.DateTimeField(_("paid at"), null=True, blank=True)
    # Payment, per shop.
    payment_method = models.CharField(
        _("payment method"),
        max_length=16,
        choices=PaymentMethod.choices,
        default=PaymentMethod.STRIPE,
    )
    # The transfer memo: "CS" + 8 base32 characters, ASCII, unique; what monitors match on.
    payment_code = models.CharField(
        _("payment code"), max_length=25, unique=True, null=True, blank=True
    )
    payment_state = models.CharField(
        _("payment state"),
        max_length=16,
        choices=PaymentState.choices,
        default=PaymentState.PENDING,
    )
    payment_expires_at = models.DateTimeField(_("pay by"), null=True, blank=True)
    # The shopper pressed "I have transferred": shown to the shop, and "the shop is confirming".
    payment_claimed_at = models.DateTimeField(_("shopper says paid at"), null=True, blank=True)
    amount_received = models.BigIntegerField(_("amount received"), default=0)
    payment_review_reason = models.CharField(
        _("review reason"), max_length=16, choices=ReviewReason.choices, blank=True
    )
    payment_source = models.CharField(
        _("confirmed by"), max_length=16, choices=PaymentSource.choices, blank=True
    )
    payment_reference = models.CharField(_("payment reference"), max_length=255, blank=True)
    payment_confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("payment confirmed by"),
    )
    payment_confirmed_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True)
    payos_order_code = models.BigIntegerField(
        _("payOS order code"), unique=True, null=True, blank=True
    )
    payos_checkout_url = models.URLField(_("payOS checkout link"), max_length=500, blank=True)
    payos_payment_link_id = models.CharField(_("payOS link id"), max_length=64, blank=True)
    # Delivery, copied from the option chosen at checkout (empty kind: the shop had no options
    # then and arranges delivery with the shopper).
    delivery_option = models.ForeignKey(
        DeliveryOption,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delivery option"),
    )
    delivery_kind = models.CharField(
        _("delivery"), max_length=16, choices=DeliveryKind.choices, blank=True
    )
    delivery_label = models.CharField(_("delivery name"), max_length=200, blank=True)
    delivery_detail = models.CharField(_("delivery details"), max_length=400, blank=True)
    delivery_days_min = models.PositiveSmallIntegerField(_("arrives in at least"), null=True)
    delivery_days_max = models.PositiveSmallIntegerField(_("arrives in at most"), null=True)
    delivery_fee = models.BigIntegerField(_("delivery fee"), default=0)
    delivery_fee_refunded = models.BigIntegerField(_("delivery fee refunded"), default=0)
    carrier = models.CharField(_("carrier"), max_length=16, choices=Carrier.choices, blank=True)
    tracking_number = models.CharField(_("tracking number"), max_length=64, blank=True)
    fulfilled_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["group", "business"], name="order_unique_vendor"),
            models.CheckConstraint(
                condition=Q(refunded_amount__gte=0)
                & Q(refunded_amount__lte=F("subtotal") + F("delivery_fee")),
                name="order_refund_within_total",
            ),
            models.CheckConstraint(
                condition=Q(delivery_fee__gte=0)
                & Q(delivery_fee_refunded__gte=0)
                & Q(delivery_fee_refunded__lte=F("delivery_fee")),
                name="order_delivery_fee",
            ),
            models.CheckConstraint(
                condition=Q(platform_fee__gte=0) & Q(platform_fee__lte=F("subtotal")),
                name="order_fee_within_subtotal",
            ),
        ]
        indexes = [
            models.Index(fields=["business", "-created_at"], name="order_business_idx"),
            models.Index(
                fields=["payment_state", "payment_expires_at"], name="order_payment_expiry_idx"
            ),
        ]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"{self.group.short_reference}-{self.pk}"

    @property
    def total(self) -> int:
        """What the shopper pays this shop: the goods and the delivery fee."""
        return self.subtotal + self.delivery_fee

    @property
    def vendor_share(self) -> int:
        """What the vendor receives: the total minus the platform fee (taken on the goods only)."""
        return self.total - self.platform_fee

    @property
    def refundable_amount(self) -> int:
        return self.total - self.refunded_amount

    @property
    def refundable_delivery_fee(self) -> int:
        return self.delivery_fee - self.delivery_fee_refunded

    @property
    def net_total(self) -> int:
        """What the shopper paid this shop and keeps paid: the total less refunds."""
        return self.total - self.refunded_amount

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())

    @property
    def is_paid(self) -> bool:
        return self.status in PAID_STATUSES

    @property
    def status_for_shopper(self) -> str:
        """As ``OrderGroup.status_for_shopper``: an order cancelled because its payment never
        came reads "Payment not completed"; one cancelled after money came stays "Cancelled"."""
        if (
            self.status == OrderStatus.CANCELLED
            and self.payment_state in (PaymentState.CANCELLED, PaymentState.EXPIRED)
            and not self.amount_received
        ):
            return str(PAYMENT_NOT_COMPLETED)
        return str(self.get_status_display())

    @property
    def is_per_shop(self) -> bool:
        """Paid to the shop directly (not part of the group's one card payment)."""
        return self.payment_method != PaymentMethod.STRIPE


class OrderLine(models.Model):
    """A product as it was bought: name and unit price are copied, never read back."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="lines")
    product = models.ForeignKey(
        Product,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("product"),
    )
    name = models.CharField(_("name"), max_length=200)
    unit_price = models.BigIntegerField(_("unit price"))
    quantity = models.PositiveIntegerField(_("quantity"))
    refunded_quantity = models.PositiveIntegerField(_("refunded quantity"), default=0)

    class Meta:
        verbose_name = _("order line")
        verbose_name_plural = _("order lines")
        ordering = ["id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(quantity__gte=1) & Q(refunded_quantity__lte=F("quantity")),
                name="order_line_quantities",
            ),
            models.CheckConstraint(condition=Q(unit_price__gte=0), name="order_line_price"),
        ]

    def __str__(self):
        return f"{self.quantity} × {self.name}"

    @property
    def line_total(self) -> int:
        return self.unit_price * self.quantity

    @property
    def refundable_quantity(self) -> int:
        return self.quantity - self.refunded_quantity


class ReservationStatus(models.TextChoices):
    HELD = "held", _("Held")
    COMMITTED = "committed", _("Committed")
    RELEASED = "released", _("Released")


class StockReservation(models.Model):
    """Units taken off a product's stock while the group's payment is open."""

    group = models.ForeignKey(OrderGroup, on_delete=models.CASCADE, related_name="reservations")
    # The shop's order the units are for: each shop's payment expires (and releases) on its own.
    order = models.ForeignKey(
        "Order", on_delete=models.CASCADE, null=True, blank=True, related_name="reservations"
    )
    product = models.ForeignKey(Product, on_delete=models.CASCADE, related_name="+")
    quantity = models.PositiveIntegerField()
    status = models.CharField(
        max_length=12, choices=ReservationStatus.choices, default=ReservationStatus.HELD
    )
    expires_at = models.DateTimeField()
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("stock reservation")
        verbose_name_plural = _("stock reservations")
        constraints = [
            models.UniqueConstraint(fields=["group", "product"], name="reservation_unique_product")
        ]

    def __str__(self):
        return f"{self.quantity} × {self.product_id} ({self.status})"


class Refund(models.Model):
    """A vendor's refund of their order, whole or some lines; ``key`` makes a repeat a no-op."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Pending")
        SUCCEEDED = "succeeded", _("Succeeded")

    class Channel(models.TextChoices):
        # Through the provider that took the payment (Stripe, the sandbox).
        PROVIDER = "provider", _("Through the payment provider")
        # The shop sent the money back itself, to the shopper's refund account; recorded here.
        SHOP_TRANSFER = "shop_transfer", _("Bank transfer by the shop")

    key = models.UUIDField(unique=True)
    channel = models.CharField(
        _("how"), max_length=16, choices=Channel.choices, default=Channel.PROVIDER
    )
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = models.BigIntegerField(_("amount"))
    reverse_amount = models.BigIntegerField(_("transfer reversed"), default=0)
    # {order line id: quantity refunded by this refund}
    quantities = models.JSONField(default=dict)
    # The part of ``amount`` that gives back the delivery fee.
    delivery_fee = models.BigIntegerField(_("delivery fee refunded"), default=0)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PENDING)
    provider_refund_id = models.CharField(max_length=255, blank=True)
    provider_reversal_id = models.CharField(max_length=255, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("refund")
        verbose_name_plural = _("refunds")
        ordering = ["created_at", "id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="refund_positive")]

    def __str__(self):
        return f"refund {self.key}"


class OrderPaymentEvent(models.Model):
    """One payment fact of a shop's order, kept for audit: what, how much, from where, who, when.

    A received payment is stored once per (order, source, reference): a monitor delivering the same
    transfer twice is applied once.
    """

    class Kind(models.TextChoices):
        RECEIVED = "received", _("Payment received")
        CONFIRMED_MANUALLY = "confirmed_manually", _("Confirmed by the shop (“Received”)")
        REVIEW_ACCEPTED = "review_accepted", _("Review: accepted")
        REVIEW_REFUNDED = "review_refunded", _("Review: to be refunded")
        COD_COLLECTED = "cod_collected", _("Delivered, cash collected")
        EXPIRED = "expired", _("Payment window closed")
        REFUNDED = "refunded", _("Refund recorded")

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="payment_events")
    kind = models.CharField(_("what"), max_length=24, choices=Kind.choices)
    amount = models.BigIntegerField(_("amount"), default=0)
    source = models.CharField(_("source"), max_length=16, choices=PaymentSource.choices, blank=True)
    reference = models.CharField(_("reference"), max_length=255, blank=True)
    outcome = models.CharField(_("outcome"), max_length=16, blank=True)
    reason = models.CharField(_("reason"), max_length=16, blank=True)
    received_at = models.DateTimeField(_("received at"), null=True, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    created_at = models.DateTimeField(_("when"), auto_now_add=True)

    class Meta:
        verbose_name = _("order payment event")
        verbose_name_plural = _("order payment events")
        ordering = ["created_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["order", "source", "reference"],
                condition=Q(kind="received") & ~Q(reference=""),
                name="order_payment_received_once",
            )
        ]

    def __str__(self):
        return f"{self.order_id} {self.kind} {self.amount}"
