"""Rebuilds every business's facts, the city's tallies, the cached figures and the open data: the
repair for what the per-change refresh cannot see (bulk updates that sent no event, a refresh that
failed). In batches of ``programme.services.BATCH`` businesses, each committed on its own and
reported as it ends; an interrupted run resumes with ``--after <the last id reported>``."""

from django.core.management.base import BaseCommand

from programme import open_data
from programme.cache import invalidate
from programme.services import business_facts_refresh


class Command(BaseCommand):
    help = "Recompute the programme's per-business facts and tallies, drop cached figures."

    def add_arguments(self, parser):
        parser.add_argument(
            "--after",
            type=int,
            default=0,
            help="Resume after this business id (the last one an interrupted run reported).",
        )

    def handle(self, *args, after, **options):
        def progress(last_id):
            if options["verbosity"] > 0:
                self.stdout.write(f"programme: facts up to business {last_id}")

        businesses = business_facts_refresh(after=after, progress=progress)
        invalidate()
        rows = len(open_data.dataset()["rows"])
        self.stdout.write(f"programme: facts of {businesses} businesses, open data of {rows} rows")
