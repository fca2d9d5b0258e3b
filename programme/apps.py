from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ProgrammeConfig(AppConfig):
    name = "programme"
    verbose_name = _("Programme dashboard")

    def ready(self):
        from programme import signals  # noqa: PLC0415 - models are ready only now

        signals.connect()
