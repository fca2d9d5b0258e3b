from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _

from privacy.spreadsheets import protect_exports


class PrivacyConfig(AppConfig):
    name = "privacy"
    verbose_name = _("Privacy")

    def ready(self):
        # Wagtail's spreadsheet exports (reports, form submissions, listings) escape formulas too:
        # one wrap of the mixin they all share. Imported here: Wagtail's views need the app registry.
        from wagtail.admin.views.mixins import SpreadsheetExportMixin

        protect_exports(SpreadsheetExportMixin)
