"""Loads demo data for a local run: users for every role, businesses, and whatever each app adds.

Idempotent: running it twice changes nothing the second time. Each installed app may add its own demo
data in a module ``<app>/demo.py`` with a function ``seed(*, stdout, style)``; they run in
INSTALLED_APPS order (lowest layer first), so an app can rely on the data of the apps below it.
Refuses to run with DEBUG off unless ``--force`` is given.
"""

import os
from importlib import import_module
from importlib.util import find_spec

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEFAULT_DEMO_PASSWORD = "demo-Cho-So-2026"


class Command(BaseCommand):
    help = "Load idempotent demo data (demo users for each role, businesses, app data)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--force", action="store_true", help="Run even with DEBUG off (never in production)."
        )

    def handle(self, *args, force, **options):
        if not settings.DEBUG and not force:
            raise CommandError("seed_demo refuses to run with DEBUG off; pass --force to insist.")
        password = os.environ.get("DEMO_PASSWORD") or DEFAULT_DEMO_PASSWORD
        for config in apps.get_app_configs():
            module_name = f"{config.name}.demo"
            if config.name.startswith(("django", "wagtail", "allauth")) or not find_spec(
                module_name
            ):
                continue
            module = import_module(module_name)
            with transaction.atomic():
                module.seed(stdout=self.stdout, style=self.style, password=password)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
