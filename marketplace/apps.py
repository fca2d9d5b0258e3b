from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = _("Marketplace")

    def ready(self):
        from core.events import BusinessChanged, StorefrontChanged, subscribe  # noqa: PLC0415
        from marketplace import handlers  # noqa: PLC0415 - models are ready only now

        subscribe(BusinessChanged, handlers.business_changed)
        subscribe(StorefrontChanged, handlers.storefront_changed)
