"""Finding an order again without an account: the email and the order number it was placed with.

``order_lookup_send`` mails the signed link (``orders.links``) to the order's own email when both
match, and does nothing otherwise; the page says the same thing either way, so nobody learns
whether an email placed an order. Attempts are limited per client address and per email.
"""

import hashlib

from django.conf import settings
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext as _

from accounts.ratelimit import Limit, consume
from orders.links import group_link_path
from orders.models import Order, OrderGroup

LOOKUPS_PER_ADDRESS = Limit("order-lookup-ip", 10, 3600)
LOOKUPS_PER_EMAIL = Limit("order-lookup-email", 3, 3600)
MAX_NUMBER_LENGTH = 40


def group_by_email_and_number(*, email: str, order_number: str) -> OrderGroup | None:
    """The group holding order ``SHORTREF-<id>`` placed with ``email`` (any case), or None."""
    email = (email or "").strip().lower()
    reference, _sep, pk = (order_number or "").strip().upper()[:MAX_NUMBER_LENGTH].rpartition("-")
    if not email or not reference or not pk.isdigit() or len(pk) > 12:
        return None
    order = Order.objects.select_related("group").filter(pk=int(pk)).first()
    if order is None or order.group.short_reference != reference:
        return None
    group = order.group
    return group if (group.email or "").strip().lower() == email else None


def lookup_allowed(*, email: str, client_address: str) -> bool:
    """Counts one attempt; False once the address or the email went over its hourly limit."""
    email_key = hashlib.sha256((email or "").strip().lower().encode()).hexdigest()
    return consume((LOOKUPS_PER_ADDRESS, client_address), (LOOKUPS_PER_EMAIL, email_key))


def order_lookup_send(*, email: str, order_number: str) -> bool:
    """Mails the group's signed link to its email when the pair matches; True if mailed."""
    group = group_by_email_and_number(email=email, order_number=order_number)
    if group is None:
        return False
    with translation.override(group.language):
        site_url = settings.SITE_URL.rstrip("/")
        body = render_to_string(
            "orders/email/order_link.txt",
            {"group": group, "order_link": site_url + group_link_path(group)},
        )
        subject = _("Chợ Số: the link to your order %(reference)s") % {
            "reference": group.short_reference
        }
    send_mail(subject, body, None, [group.email])
    return True
