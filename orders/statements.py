"""A shop's monthly sales statement: what it sold, month by month, for its own revenue declaration.

A household business declares its revenue itself; this statement adds up, per calendar month in
Vietnam's time, the orders of one shop whose money was received (``PAID_STATUSES``, and those
refunded in full since: they were sold, then refunded), by payment method, by the month the money
came in (``Order.paid_at``), and the refunds made (``Refund`` succeeded) by the month they were
made. Net is sales minus refunds. Amounts are the goods' subtotals the shopper paid; the platform
fee is the shop's cost, not a reduction of its revenue. It is a statement, not an invoice.

Two queries whatever the number of orders (sums grouped by month in the database).
"""

import zoneinfo
from dataclasses import dataclass, field
from datetime import date, datetime

from django.conf import settings
from django.db.models import Count, Sum
from django.db.models.functions import TruncMonth

from accounts.models import Business
from orders.models import PAID_STATUSES, Order, OrderStatus, PaymentMethod, Refund

# Sold, then refunded in full: still a sale of its month, the refund counted in its own month.
SOLD_STATUSES = (*PAID_STATUSES, OrderStatus.REFUNDED)
METHODS = (PaymentMethod.VIETQR, PaymentMethod.PAYOS, PaymentMethod.COD, PaymentMethod.STRIPE)
MAX_MONTHS = 36


def month_after(month: date) -> date:
    return date(month.year + month.month // 12, month.month % 12 + 1, 1)


def months_between(start: date, end: date) -> int:
    """How many months from ``start`` to ``end``, both included."""
    return (end.year - start.year) * 12 + end.month - start.month + 1


@dataclass
class MonthRow:
    month: date
    by_method: dict[str, int] = field(default_factory=dict)
    orders: int = 0
    refunds: int = 0

    @property
    def sales(self) -> int:
        return sum(self.by_method.values())

    @property
    def net(self) -> int:
        return self.sales - self.refunds

    @property
    def method_amounts(self) -> list[int]:
        return [self.by_method.get(method, 0) for method in METHODS]


@dataclass
class Statement:
    business: Business
    start: date
    end: date  # the first day of the last month included
    rows: list[MonthRow]

    @property
    def total(self) -> MonthRow:
        total = MonthRow(month=self.start)
        for row in self.rows:
            for method, amount in row.by_method.items():
                total.by_method[method] = total.by_method.get(method, 0) + amount
            total.orders += row.orders
            total.refunds += row.refunds
        return total

    @property
    def methods(self) -> list[tuple[str, str]]:
        return [(method.value, str(method.label)) for method in METHODS]


def _local(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, tzinfo=zoneinfo.ZoneInfo(settings.TIME_ZONE))


def _month_of(value) -> date:
    return date(value.year, value.month, 1)


def sales_statement(*, business: Business, start: date, end: date) -> Statement:
    """The statement of ``business`` from the month of ``start`` to the month of ``end``, included;
    every month has a row, empty months too. Two queries."""
    start, end = _month_of(start), _month_of(end)
    since, until = _local(start), _local(month_after(end))
    tz = zoneinfo.ZoneInfo(settings.TIME_ZONE)
    rows: dict[date, MonthRow] = {}
    month = start
    while month <= end:
        rows[month] = MonthRow(month=month)
        month = month_after(month)

    sales = (
        Order.objects.filter(
            business=business,
            status__in=SOLD_STATUSES,
            paid_at__gte=since,
            paid_at__lt=until,
        )
        .annotate(month=TruncMonth("paid_at", tzinfo=tz))
        .values("month", "payment_method")
        .annotate(amount=Sum("subtotal"), orders=Count("id"))
        .order_by()
    )
    for entry in sales:
        row = rows[_month_of(entry["month"])]
        row.by_method[entry["payment_method"]] = (
            row.by_method.get(entry["payment_method"], 0) + entry["amount"]
        )
        row.orders += entry["orders"]

    refunds = (
        Refund.objects.filter(
            order__business=business,
            status=Refund.Status.SUCCEEDED,
            created_at__gte=since,
            created_at__lt=until,
        )
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month")
        .annotate(amount=Sum("amount"))
        .order_by()
    )
    for entry in refunds:
        rows[_month_of(entry["month"])].refunds += entry["amount"]

    return Statement(business=business, start=start, end=end, rows=list(rows.values()))
