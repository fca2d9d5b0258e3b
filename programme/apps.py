from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme dashboard")

    def ready(self):
        from core import events  # noqa: PLC0415
        from programme import handlers  # noqa: PLC0415 - models are ready only now

        for event_type in (
            events.BusinessChanged,
            events.AssessmentChanged,
            events.PaymentAccountChanged,
            events.StorefrontChanged,
            events.ProductChanged,
            events.OrderChanged,
        ):
            events.subscribe(event_type, handlers.business_record_changed)
        events.subscribe(events.MembershipChanged, handlers.figures_changed)
        events.subscribe(events.AccountChanged, handlers.figures_changed)
