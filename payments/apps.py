from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self):
        # Registers the checkout's webhook handlers and the refund gateway of the orders app.
        from payments import checkout  # noqa: F401, PLC0415
