"""Template filters of the orders app."""

from django import template

from core.money import format_vnd
from orders import delivery

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """150000 -> "150.000 ₫" in Vietnamese, "150,000 ₫" in English (``core.money``)."""
    return format_vnd(amount)


@register.filter
def delivery_estimate(option) -> str:
    """A delivery option's estimate in words: "Same day", "1–2 days"."""
    return delivery.estimate_text(option.estimate_days_min, option.estimate_days_max)


@register.filter
def order_estimate(order) -> str:
    """The estimate copied onto an order at checkout, in words."""
    return delivery.estimate_text(order.delivery_days_min, order.delivery_days_max)


@register.filter
def tracking_url(order) -> str:
    """The carrier's public tracking page for the order's parcel, or ""."""
    return delivery.tracking_url(order.carrier, order.tracking_number)
