"""Rebuilds every business's facts and the cached figures and open data (run on a schedule, e.g.
hourly from cron, and once after a deploy that adds the facts table)."""

from django.core.management.base import BaseCommand

from programme import open_data
from programme.cache import invalidate
from programme.services import business_facts_refresh


class Command(BaseCommand):
    help = "Recompute the programme's per-business facts, drop cached figures, rebuild open data."

    def handle(self, *args, **options):
        count = business_facts_refresh()
        invalidate()
        rows = len(open_data.dataset()["rows"])
        self.stdout.write(f"programme: facts of {count} businesses, open data of {rows} rows")
