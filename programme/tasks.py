"""Background tasks of the programme, run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from programme import open_data
from programme.cache import invalidate
from programme.services import business_facts_refresh


@task()
def programme_refresh() -> dict[str, int]:
    """Recomputes every business's facts, drops the cached figures and rebuilds the open data;
    ``manage.py programme_refresh`` runs the same function in the foreground."""
    businesses = business_facts_refresh()
    invalidate()
    return {"businesses": businesses, "open_data_rows": len(open_data.dataset()["rows"])}
