"""Signed links to an order group: what a guest's emails carry, so the order opens on any device.

The token is the group's reference signed with ``SECRET_KEY`` (``django.core.signing``, its own
salt) and a timestamp; it opens the group for ``ORDER_LINK_MAX_AGE``. A token that was changed,
made for something else or is too old opens nothing (the pages answer 404), and the reference
alone (in the URL of the session-bound page) is never enough. Nothing is stored: a link cannot
be revoked before it expires, which is why it shows the order only (no contact change, no
payment account).
"""

from datetime import timedelta

from django.core import signing
from django.urls import reverse

from orders.models import OrderGroup

ORDER_LINK_SALT = "orders.group-link"
ORDER_LINK_MAX_AGE = timedelta(days=180)


def group_link_token(group: OrderGroup) -> str:
    return signing.dumps(str(group.reference), salt=ORDER_LINK_SALT, compress=False)


def group_reference_from_token(token: str) -> str | None:
    """The group reference a valid, unexpired token was made for; None for any other string."""
    try:
        reference = signing.loads(
            token, salt=ORDER_LINK_SALT, max_age=ORDER_LINK_MAX_AGE.total_seconds()
        )
    except signing.BadSignature:  # SignatureExpired included
        return None
    return reference if isinstance(reference, str) else None


def group_link_path(group: OrderGroup) -> str:
    """The path (in the active language) of the group's signed page."""
    return reverse("order_lookup:link", kwargs={"token": group_link_token(group)})
