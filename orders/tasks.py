"""Background tasks of the orders app, run by the task worker (``manage.py db_worker``)."""

from django_tasks import task

from orders.services import order_groups_release_expired


@task()
def release_expired_order_groups() -> int:
    """Cancels unpaid order groups past their payment window and releases their stock (the same
    service as ``manage.py orders_release_expired``); returns how many."""
    return order_groups_release_expired()
