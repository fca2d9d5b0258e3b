"""Background tasks of the privacy app, run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from privacy import services


@task()
def build_data_export(export_id: int) -> int:
    """Builds one person's data export (JSON and HTML), saving its progress; returns its id."""
    services.export_build(export_id=export_id)
    return export_id


@task()
def run_retention() -> dict:
    """Purges personal data no purpose still needs (``services.retention_run``); returns the counts."""
    return services.retention_run().removed
