from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OrdersConfig(AppConfig):
    name = "orders"
    verbose_name = _("Cart and orders")

    def ready(self):
        from orders import signals  # noqa: F401, PLC0415 - connects the receivers
