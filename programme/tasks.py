"""Background tasks of the programme, run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from programme import open_data
from programme.cache import invalidate
from programme.services import facts_catch_up, open_data_snapshot


@task()
def programme_refresh() -> dict[str, int]:
    """The hourly job: builds the facts of businesses that have none (a bulk import), rebuilds the
    city's tallies from the facts (``programme.tallies``), drops the cached figures, keeps last
    month's open-data snapshot once a month begins and rebuilds the open data. Each change to a business already refreshed its own row when it committed;
    the full rebuild of every row is the repair command ``manage.py programme_refresh``."""
    businesses = facts_catch_up()
    invalidate()
    snapshot = open_data_snapshot()
    if snapshot:
        invalidate()  # the data set lists its snapshots
    return {"businesses": businesses, "open_data_rows": len(open_data.dataset()["rows"])}
