"""Periodic jobs of the orders app (``core.scheduling``, run by ``manage.py run_schedule``).

Every minute, unpaid order groups past their payment window give their stock back: the sandbox
sends no expiry event and a Stripe one can be missed, and a minute keeps stock held by an abandoned
payment to the window plus a minute. The sweep is cheap (one indexed query when nothing expired).
"""

import datetime

from core.scheduling import Periodic
from orders.tasks import release_expired_order_groups

PERIODIC = [Periodic(task=release_expired_order_groups, every=datetime.timedelta(minutes=1))]
