"""Signal receivers of the orders app, connected explicitly by ``OrdersConfig.ready()``: an
anonymous cart joins the account's at login."""

from orders.services import cart_merge_on_login


def merge_cart_on_login(sender, request, user, **kwargs):
    if request is not None and hasattr(request, "session"):
        cart_merge_on_login(user=user, session=request.session)
