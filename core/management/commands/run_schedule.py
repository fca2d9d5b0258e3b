"""Enqueues the periodic jobs that apps declare in ``<app>/schedule.py`` (``core.scheduling``).

Without options it runs until stopped: it enqueues every job that is due (all of them at start,
unless the queue shows a run in the current period), sleeps until the next one falls due, and so
on. ``--once`` enqueues what is due now and exits, for cron. Either way the task worker
(``manage.py db_worker``) runs the jobs; run one scheduler, not one per web process.
"""

import time

from django.core.management.base import BaseCommand
from django.db import DatabaseError, close_old_connections
from django.utils import timezone

from core.scheduling import Scheduler, discover

# After a database error the loop tries again this soon (the jobs are safe to repeat).
RETRY_SECONDS = 30


class Command(BaseCommand):
    help = "Enqueue each app's periodic jobs when due; --once enqueues what is due now and exits."

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="Enqueue what is due now and exit (for cron)."
        )

    def handle(self, *args, once, **options):
        jobs = discover()
        if not jobs:
            self.stdout.write("No app declares a periodic job: nothing to schedule.")
            return
        scheduler = Scheduler(jobs)
        if once:
            self._tick(scheduler)
            return
        names = ", ".join(f"{job.name} every {job.every}" for job in jobs)
        self.stdout.write(f"Scheduling {len(jobs)} periodic jobs: {names}")
        try:
            while True:
                close_old_connections()  # a long sleep may outlive the database connection
                try:
                    self._tick(scheduler)
                    wait = (scheduler.wake_at() - timezone.now()).total_seconds()
                except DatabaseError as error:
                    self.stderr.write(f"Database error, trying again in {RETRY_SECONDS} s: {error}")
                    wait = RETRY_SECONDS
                time.sleep(max(wait, 0))
        except KeyboardInterrupt:
            self.stdout.write("Scheduler stopped.")

    def _tick(self, scheduler: Scheduler) -> None:
        now = timezone.now()
        enqueued, held = scheduler.run_due(now)
        stamp = timezone.localtime(now).strftime("%Y-%m-%d %H:%M:%S")
        for job in enqueued:
            self.stdout.write(f"{stamp} enqueued {job.name}")
        for job in held:
            self.stderr.write(
                f"{stamp} held back {job.name}: its previous run still waits in the queue "
                "(is a db_worker running?)"
            )
