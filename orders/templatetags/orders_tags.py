"""Template filters of the orders app."""

from django import template

from core.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """150000 -> "150.000 ₫" in Vietnamese, "150,000 ₫" in English (``core.money``)."""
    return format_vnd(amount)
