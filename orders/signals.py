"""Signal receivers of the orders app: an anonymous cart joins the account's at login."""

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from orders.services import cart_merge_on_login


@receiver(user_logged_in, dispatch_uid="orders-merge-cart-on-login")
def merge_cart_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        cart_merge_on_login(user=user, session=request.session)
