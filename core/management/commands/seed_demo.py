"""Loads demo data for a local run: users for every role, businesses, and whatever each app adds.

Idempotent: running it twice changes nothing the second time. Each installed app may add its own
demo data in a module ``<app>/demo.py`` with a function ``seed(*, stdout, style, password)``,
found and ordered by ``core.demo.seeders`` (lowest layer first), each run in its own transaction.
Refuses to run with DEBUG off unless ``--force`` is given.
"""

import os

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core.demo import seeders

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
        for _label, seed in seeders():
            with transaction.atomic():
                seed(stdout=self.stdout, style=self.style, password=password)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
