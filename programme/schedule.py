"""Periodic jobs of the programme (``core.scheduling``, run by ``manage.py run_schedule``).

The full facts refresh runs every hour, on the hour. Domain events (``programme.handlers``) already
refresh a business's facts after each committed write, so this is the safety net for what they
miss: bulk writes that publish no event (queryset updates, ``seed_scale``) and a refresh that
failed after its write committed. Hourly bounds
that staleness to an hour at the cost of one batched pass over the businesses (seconds at the
benchmark's scale, see benchmarks/dashboard.py); nightly would leave a bulk import out of the
dashboard and the open data for up to a day.
"""

import datetime

from core.scheduling import Periodic
from programme.tasks import programme_refresh

PERIODIC = [Periodic(task=programme_refresh, every=datetime.timedelta(hours=1))]
