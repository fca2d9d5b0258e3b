"""The site-wide app: connects the task signals that carry a request's id to its tasks."""

from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "config"
    label = "operations"
    verbose_name = "Operations"

    def ready(self):
        from config.observability import connect_task_signals  # needs the apps loaded

        connect_task_signals()
