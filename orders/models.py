"""Cart, order groups, orders (one per vendor), order lines, stock reservations and refunds.

A shopper's ``Cart`` (of a signed-in user, or of an anonymous session that merges into the user's
cart at login) spans shops. At checkout it becomes one ``OrderGroup``: the cart at payment time,
paid once, with the shopper's contact and delivery details (encrypted where they identify a
person) and the total computed on the server. The group holds one ``Order`` per vendor (business),
each with its own subtotal, platform fee, status, payout and refunds, and ``OrderLine`` rows that
snapshot the product's name and unit price. Stock is held by a ``StockReservation`` from the moment
payment starts until it is committed (paid) or released (expired, failed).

Amounts are integers in the currency's smallest unit (VND has none). Order statuses only move
forward (``Order.TRANSITIONS``); ``orders.services`` is the one place that moves them.
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


class OrderStatus(models.TextChoices):
    PENDING_PAYMENT = "pending_payment", _("Waiting for payment")
    PAID = "paid", _("Paid")
    FULFILLED = "fulfilled", _("Sent to the shopper")
    COMPLETED = "completed", _("Completed")
    CANCELLED = "cancelled", _("Cancelled")
    PARTIALLY_REFUNDED = "partially_refunded", _("Partially refunded")
    REFUNDED = "refunded", _("Refunded")


class Order(models.Model):
    """One vendor's part of an order group."""

    # Where each status may go next; everything else is refused (statuses only move forward).
    TRANSITIONS = {
        OrderStatus.PENDING_PAYMENT: {OrderStatus.PAID, OrderStatus.CANCELLED},
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
        OrderStatus.CANCELLED: set(),
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
                condition=Q(refunded_amount__gte=0) & Q(refunded_amount__lte=F("subtotal")),
                name="order_refund_within_subtotal",
            ),
            models.CheckConstraint(
                condition=Q(platform_fee__gte=0) & Q(platform_fee__lte=F("subtotal")),
                name="order_fee_within_subtotal",
            ),
        ]
        indexes = [models.Index(fields=["business", "-created_at"], name="order_business_idx")]

    def __str__(self):
        return self.number

    @property
    def number(self) -> str:
        return f"{self.group.short_reference}-{self.pk}"

    @property
    def vendor_share(self) -> int:
        """What the vendor receives: the subtotal minus the platform fee."""
        return self.subtotal - self.platform_fee

    @property
    def refundable_amount(self) -> int:
        return self.subtotal - self.refunded_amount

    def can_move_to(self, status: str) -> bool:
        return status in self.TRANSITIONS.get(self.status, set())


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

    key = models.UUIDField(unique=True)
    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="refunds")
    amount = models.BigIntegerField(_("amount"))
    reverse_amount = models.BigIntegerField(_("transfer reversed"), default=0)
    # {order line id: quantity refunded by this refund}
    quantities = models.JSONField(default=dict)
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
