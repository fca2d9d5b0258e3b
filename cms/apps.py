from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")

    def ready(self):
        # Imported here: models are ready only now.
        from cms import handlers, signals  # noqa: PLC0415
        from cms.selectors import storefront_product_urls  # noqa: PLC0415
        from core.events import BusinessChanged, MembershipChanged, subscribe  # noqa: PLC0415
        from marketplace.links import register_product_urls  # noqa: PLC0415

        signals.connect()
        subscribe(BusinessChanged, handlers.business_changed)
        subscribe(MembershipChanged, handlers.membership_changed)
        register_product_urls(storefront_product_urls)
