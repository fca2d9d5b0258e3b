from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Cart and orders")

    def ready(self):
        from django.contrib.auth.signals import user_logged_in  # noqa: PLC0415

        from orders.signals import merge_cart_on_login  # noqa: PLC0415

        user_logged_in.connect(merge_cart_on_login, dispatch_uid="orders-merge-cart-on-login")
