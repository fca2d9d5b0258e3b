from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PaymentsConfig(AppConfig):
    name = "payments"
    verbose_name = _("Payments")

    def ready(self):
        # The webhook handlers (accounts, checkout), the refund gateway and the shops' payment
        # methods: every registry filled here, by explicit calls.
        from payments import checkout, services  # noqa: PLC0415
        from payments.payos import services as payos_services  # noqa: PLC0415

        services.register()
        checkout.register()
        payos_services.register()
