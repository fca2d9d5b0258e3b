"""Rebuilds every business's facts and the cached figures and open data. ``run_schedule`` enqueues
the same job every hour (programme/schedule.py); run this once after a deploy that adds the facts
table, or to rebuild at once."""

from django.core.management.base import BaseCommand

from programme.tasks import programme_refresh


class Command(BaseCommand):
    help = "Recompute the programme's per-business facts, drop cached figures, rebuild open data."

    def handle(self, *args, **options):
        result = programme_refresh.call()
        self.stdout.write(
            f"programme: facts of {result['businesses']} businesses, "
            f"open data of {result['open_data_rows']} rows"
        )
