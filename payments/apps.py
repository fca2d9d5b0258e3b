from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self):
        # The checkout's webhook handlers, the refund gateway and the shops' payment methods.
        from payments import checkout  # noqa: PLC0415
        from payments.payos import services as payos_services  # noqa: PLC0415

        checkout.register()
        payos_services.register()
