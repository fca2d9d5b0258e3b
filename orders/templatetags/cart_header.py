"""``{% cart_count %}``: how many items the visitor's cart holds, for the site header.

One query at most, none for a visitor without a session (a first visit, a search engine): the
header is on every page, so it reads the lines' sum directly rather than the priced cart.
"""

from django import template
from django.db.models import Sum

from orders.models import CartLine
from orders.selectors import SESSION_CART_KEY

register = template.Library()


@register.simple_tag(takes_context=True)
def cart_count(context) -> int:
    request = context.get("request")
    if request is None:
        return 0
    user = getattr(request, "user", None)
    if user is not None and user.is_authenticated:
        lines = CartLine.objects.filter(cart__user=user)
    else:
        session = getattr(request, "session", None)
        if session is None or not session.session_key:
            return 0
        cart_id = session.get(SESSION_CART_KEY)
        if not cart_id:
            return 0
        lines = CartLine.objects.filter(cart_id=cart_id, cart__user__isnull=True)
    return lines.aggregate(total=Sum("quantity"))["total"] or 0
