"""Periodic jobs of the privacy app (run by ``manage.py run_schedule``): the retention job, daily.

``accounts.scheduling`` discovers this module's ``PERIODIC`` and reads each entry's ``task`` and
``every``; privacy sits below accounts, so the entry is a small frozen dataclass of the same shape
rather than ``accounts.scheduling.Periodic`` itself.
"""

import datetime
from dataclasses import dataclass

from django_tasks.base import Task

from privacy.tasks import run_retention


@dataclass(frozen=True)
class Periodic:
    task: Task
    every: datetime.timedelta

    @property
    def name(self) -> str:
        return self.task.module_path


PERIODIC = [Periodic(task=run_retention, every=datetime.timedelta(days=1))]
