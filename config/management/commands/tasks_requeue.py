"""Puts back on the queue the tasks a dead worker was running (django-tasks-db leaves them RUNNING).

``--worker-id ID``: the tasks last taken by that worker (run it before restarting that worker, when
the previous process with this id is known to be gone). ``--older-than SECONDS``: tasks running for
longer than any job here takes. The tasks of this project are safe to run again (at least once).
"""

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult


class Command(BaseCommand):
    help = "Requeue tasks left RUNNING by a worker that died (by worker id or age)."

    def add_arguments(self, parser):
        parser.add_argument("--worker-id", default="", help="The dead worker's id.")
        parser.add_argument(
            "--older-than", type=float, default=None, help="Seconds a task has been running."
        )

    def handle(self, *args, worker_id, older_than, **options):
        if not worker_id and older_than is None:
            raise CommandError("Say which tasks: --worker-id ID or --older-than SECONDS.")
        with transaction.atomic():
            running = DBTaskResult.objects.select_for_update(skip_locked=True).filter(
                status=TaskResultStatus.RUNNING
            )
            if older_than is not None:
                running = running.filter(
                    started_at__lt=timezone.now() - timedelta(seconds=older_than)
                )
            stuck = [
                result
                for result in running
                if not worker_id or (result.worker_ids and result.worker_ids[-1] == worker_id)
            ]
            for result in stuck:
                result.status = TaskResultStatus.READY
                result.started_at = None
                result.save(update_fields=["status", "started_at"])
        self.stdout.write(f"Requeued {len(stuck)} task(s).")
