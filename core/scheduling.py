"""Periodic jobs: each app declares its own, ``manage.py run_schedule`` enqueues them when due.

An app lists its jobs in ``<app>/schedule.py`` as ``PERIODIC = [Periodic(task=..., every=...)]``,
each wrapping a django-tasks ``@task`` that takes no arguments; the task worker (``db_worker``)
runs what is enqueued. This module sits in ``core``, the lowest app, so that every app can declare
jobs; Django's ``autodiscover_modules`` imports the modules and their lists are read in
``INSTALLED_APPS`` order, as ``core.demo`` reads ``<app>/demo.py``.

When a job is due is a pure function of its period, its last run and the time (``next_due``):
periods are counted from the Unix epoch, so an hourly job is due on the hour and a job every minute
on the minute; a job that has not run in the current period (or never ran: the first run is at
start) is due at once; periods missed while no scheduler ran collapse into that one run. The last
run is read from the task queue's own table when the job's backend is the database queue, so
restarts, several ``--once`` runs from cron and a long-running loop all agree; a job whose previous
run still waits in the queue (no worker is taking jobs) is not enqueued again.
"""

import datetime
import sys
from dataclasses import dataclass, field

from django.apps import apps
from django.db.models import Count, Max, Q
from django.utils.module_loading import autodiscover_modules
from django_tasks import TaskResultStatus
from django_tasks.base import Task
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

EPOCH = datetime.datetime(1970, 1, 1, tzinfo=datetime.UTC)
MODULE = "schedule"


@dataclass(frozen=True)
class Periodic:
    """A task to enqueue once every ``every`` (at least a second)."""

    task: Task
    every: datetime.timedelta

    def __post_init__(self):
        if self.every < datetime.timedelta(seconds=1):
            raise ValueError(f"{self.name}: a period under one second is not a schedule")

    @property
    def name(self) -> str:
        return self.task.module_path


def period_start(now: datetime.datetime, every: datetime.timedelta) -> datetime.datetime:
    """The start of the period of length ``every`` that holds ``now`` (an aware datetime)."""
    return now - (now - EPOCH) % every


def next_due(
    *, last_run: datetime.datetime | None, every: datetime.timedelta, now: datetime.datetime
) -> datetime.datetime:
    """When a job that last ran at ``last_run`` (None: never) is next due: ``now`` if it has not
    run in the current period, else the start of the next period."""
    current = period_start(now, every)
    if last_run is None or last_run < current:
        return now
    return current + every


def discover() -> list[Periodic]:
    """Every ``PERIODIC`` entry of the ``<app>/schedule.py`` modules, in INSTALLED_APPS order."""
    autodiscover_modules(MODULE)
    jobs = []
    for config in apps.get_app_configs():
        module = sys.modules.get(f"{config.name}.{MODULE}")
        jobs.extend(getattr(module, "PERIODIC", ()))
    return jobs


@dataclass
class Scheduler:
    """Enqueues ``jobs`` when due. Remembers the periods it handled, and reads the database
    queue's own record of earlier runs (from other processes, or before a restart)."""

    jobs: list[Periodic]
    handled: dict[str, datetime.datetime] = field(default_factory=dict)
    due: dict[str, datetime.datetime] = field(default_factory=dict)

    def _queue_state(self, job: Periodic) -> tuple[datetime.datetime | None, bool]:
        backend = job.task.get_backend()
        if not isinstance(backend, DatabaseBackend):
            return None, False
        state = DBTaskResult.objects.filter(
            task_path=job.name, backend_name=backend.alias
        ).aggregate(
            last=Max("enqueued_at"),
            waiting=Count("pk", filter=Q(status=TaskResultStatus.READY)),
        )
        return state["last"], state["waiting"] > 0

    def _last_run(self, job: Periodic) -> tuple[datetime.datetime | None, bool]:
        queued, waiting = self._queue_state(job)
        runs = [when for when in (queued, self.handled.get(job.name)) if when is not None]
        return (max(runs) if runs else None), waiting

    def run_due(self, now: datetime.datetime) -> tuple[list[Periodic], list[Periodic]]:
        """Enqueues every job due at ``now``; returns those enqueued and those held back because
        their previous run still waits for a worker (tried again next period)."""
        enqueued, held = [], []
        for job in self.jobs:
            last_run, waiting = self._last_run(job)
            due = next_due(last_run=last_run, every=job.every, now=now)
            if due <= now:
                if waiting:
                    held.append(job)
                else:
                    job.task.enqueue()
                    enqueued.append(job)
                self.handled[job.name] = now
                due = next_due(last_run=now, every=job.every, now=now)
            self.due[job.name] = due
        return enqueued, held

    def wake_at(self) -> datetime.datetime:
        """When the next job falls due (after ``run_due`` has looked at every job)."""
        return min(self.due.values())
