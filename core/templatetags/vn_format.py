"""Template filters that write amounts and phone numbers the way people in Vietnam read them.

``{% load vn_format %}``: ``{{ product.price|vnd }}`` gives "85.000 ₫" in Vietnamese and
"85,000 ₫" in English; ``{{ amount|vnd_number }}`` the same without the sign;
``{{ business.phone|phone }}`` gives "0903 555 123" for "+84903555123".
"""

from django import template

from core.money import format_vnd
from core.phones import format_phone

register = template.Library()


@register.filter
def vnd(amount) -> str:
    return format_vnd(amount)


@register.filter
def vnd_number(amount) -> str:
    return format_vnd(amount, symbol=False)


@register.filter
def phone(number) -> str:
    return format_phone(number)
