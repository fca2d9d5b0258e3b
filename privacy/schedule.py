"""Periodic jobs of the privacy app (``core.scheduling``, run by ``manage.py run_schedule``): the
retention job, daily."""

import datetime

from core.scheduling import Periodic
from privacy.tasks import run_retention

PERIODIC = [Periodic(task=run_retention, every=datetime.timedelta(days=1))]
