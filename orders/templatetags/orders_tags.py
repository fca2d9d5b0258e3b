"""Template filters of the orders app."""

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def vnd(amount) -> str:
    """150000 -> "150.000 ₫" in Vietnamese, "150,000 ₫" in English (VND has no minor unit)."""
    try:
        grouped = f"{int(amount):,}"
    except (TypeError, ValueError):
        return ""
    if (translation.get_language() or "vi")[:2] == "vi":
        grouped = grouped.replace(",", ".")
    return f"{grouped} ₫"
