"""A shop's orders and sales at a glance, for the workspace home ("Cửa hàng của tôi").

For many shops at once and in a fixed number of queries (sums grouped in the database by shop):
the orders that wait for the shop (payment, the shop's confirmation, shipping) and today's and
this month's sales (count and value, by payment method). A sale is counted as the monthly
statement counts it (``orders.statements.SOLD_STATUSES``, by the day the money came, in Vietnam's
time), so the home and the statement agree.
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import datetime

from django.conf import settings
from django.db.models import Count, Q, Sum
from django.utils import timezone

from orders.models import Order, OrderStatus, PaymentMethod, PaymentState
from orders.statements import METHODS, SOLD_STATUSES

# A transfer or payOS link the shopper has not paid yet (a card still waiting is the checkout's
# business, not the shop's).
WAITING_PAYMENT_Q = (
    Q(status=OrderStatus.PENDING_PAYMENT, payment_state=PaymentState.PENDING)
    & ~Q(payment_method=PaymentMethod.STRIPE)
    & Q(payment_claimed_at__isnull=True)
)
# The shop must look: the shopper says they paid by transfer, or a payment needs review.
WAITING_CONFIRMATION_Q = Q(payment_state=PaymentState.NEEDS_REVIEW) | Q(
    status=OrderStatus.PENDING_PAYMENT,
    payment_state=PaymentState.PENDING,
    payment_claimed_at__isnull=False,
)
# Paid and not sent yet, or cash on delivery still to deliver.
WAITING_SHIPPING_Q = Q(status__in=[OrderStatus.PAID, OrderStatus.PLACED])


@dataclass
class Sales:
    count: int = 0
    amount: int = 0
    by_method: dict[str, int] = field(default_factory=dict)

    def add(self, other: "Sales") -> None:
        self.count += other.count
        self.amount += other.amount
        for method, amount in other.by_method.items():
            self.by_method[method] = self.by_method.get(method, 0) + amount

    @property
    def methods(self) -> list[tuple[str, int]]:
        """(label, amount) of each payment method that took money, in the statement's order."""
        return [
            (str(method.label), self.by_method[method])
            for method in METHODS
            if self.by_method.get(method)
        ]


@dataclass
class ShopFigures:
    waiting_payment: int = 0
    waiting_confirmation: int = 0
    waiting_shipping: int = 0
    today: Sales = field(default_factory=Sales)
    month: Sales = field(default_factory=Sales)

    def add(self, other: "ShopFigures") -> None:
        self.waiting_payment += other.waiting_payment
        self.waiting_confirmation += other.waiting_confirmation
        self.waiting_shipping += other.waiting_shipping
        self.today.add(other.today)
        self.month.add(other.month)


def _local_midnight(now: datetime) -> datetime:
    local = timezone.localtime(now, zoneinfo.ZoneInfo(settings.TIME_ZONE))
    return local.replace(hour=0, minute=0, second=0, microsecond=0)


def shop_figures(*, business_ids: list[int], now: datetime | None = None) -> dict[int, ShopFigures]:
    """Per business id, its waiting orders and its sales today and this month. Two queries."""
    figures = {pk: ShopFigures() for pk in business_ids}
    if not business_ids:
        return figures
    today = _local_midnight(now or timezone.now())
    month = today.replace(day=1)

    waiting = (
        Order.objects.filter(business_id__in=business_ids)
        .filter(WAITING_PAYMENT_Q | WAITING_CONFIRMATION_Q | WAITING_SHIPPING_Q)
        .values("business_id")
        .annotate(
            payment=Count("pk", filter=WAITING_PAYMENT_Q),
            confirmation=Count("pk", filter=WAITING_CONFIRMATION_Q),
            shipping=Count("pk", filter=WAITING_SHIPPING_Q),
        )
        .order_by()
    )
    for row in waiting:
        shop = figures[row["business_id"]]
        shop.waiting_payment = row["payment"]
        shop.waiting_confirmation = row["confirmation"]
        shop.waiting_shipping = row["shipping"]

    is_today = Q(paid_at__gte=today)
    sales = (
        Order.objects.filter(
            business_id__in=business_ids, status__in=SOLD_STATUSES, paid_at__gte=month
        )
        .values("business_id", "payment_method")
        .annotate(
            month_count=Count("pk"),
            month_amount=Sum("subtotal"),
            today_count=Count("pk", filter=is_today),
            today_amount=Sum("subtotal", filter=is_today),
        )
        .order_by()
    )
    for row in sales:
        shop = figures[row["business_id"]]
        method = row["payment_method"]
        shop.month.add(
            Sales(row["month_count"], row["month_amount"], {method: row["month_amount"]})
        )
        if row["today_count"]:
            shop.today.add(
                Sales(row["today_count"], row["today_amount"], {method: row["today_amount"]})
            )
    return figures
