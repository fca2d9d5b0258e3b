from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        # Imported here: the widget module loads Wagtail's admin forms, which need the app registry.
        from core.widgets import use_vietnamese_slug_input

        use_vietnamese_slug_input()
