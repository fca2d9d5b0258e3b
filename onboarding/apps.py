from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OnboardingConfig(AppConfig):
    name = "onboarding"
    verbose_name = _("Onboarding")

    def ready(self):
        from onboarding import questionnaire

        # A malformed questionnaire stops every manage.py command, the server and the tests.
        questionnaire.install(questionnaire.load_all())
