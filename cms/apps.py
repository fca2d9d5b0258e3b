from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Content")

    def ready(self):
        from cms import signals  # noqa: F401 - connects the receivers
        from cms.selectors import storefront_product_urls
        from marketplace.links import register_product_urls

        register_product_urls(storefront_product_urls)
