"""``manage.py run_schedule`` enqueues the orders and programme jobs; tasks run at once in tests
(config/settings_test.py), so each test checks what the jobs did: stock released, facts rebuilt."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import DatabaseError
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks.signals import task_finished
from django_tasks_db.models import DBTaskResult

from accounts.models import Business
from core.scheduling import Scheduler
from orders import services
from orders.models import GroupStatus, OrderGroup
from programme.models import BusinessFacts
from tests.orders.factories import placed_group

pytestmark = pytest.mark.django_db

RELEASE = "orders.tasks.release_expired_order_groups"
REFRESH = "programme.tasks.programme_refresh"
RETENTION = "privacy.tasks.run_retention"  # daily; discovered first (privacy is the lowest app)


@pytest.fixture
def expired(coffee):
    group = placed_group((coffee, 4))
    OrderGroup.objects.filter(pk=group.pk).update(
        expires_at=timezone.now() - services.EXPIRY_GRACE - datetime.timedelta(minutes=1)
    )
    coffee.refresh_from_db()
    assert coffee.stock == 6
    return group


@pytest.fixture
def stale_facts(shop_a, shop_b):
    # Facts are refreshed after a write commits; a test transaction never commits, and a bulk
    # delete sends no signal: only the full refresh brings these rows back.
    BusinessFacts.objects.all().delete()


def test_once_enqueues_both_jobs_and_they_run(expired, stale_facts, coffee):
    out, err = io.StringIO(), io.StringIO()
    call_command("run_schedule", "--once", stdout=out, stderr=err)

    lines = out.getvalue().splitlines()
    assert [line.split(" enqueued ")[1] for line in lines] == [RETENTION, RELEASE, REFRESH]
    assert err.getvalue() == ""
    coffee.refresh_from_db()
    assert coffee.stock == 10
    expired.refresh_from_db()
    assert expired.status == GroupStatus.CANCELLED
    assert sorted(BusinessFacts.objects.values_list("business_id", flat=True)) == sorted(
        Business.objects.values_list("pk", flat=True)
    )
    assert BusinessFacts.objects.count() == 2


def test_once_with_the_database_queue_enqueues_for_the_worker(
    settings, monkeypatch, expired, coffee
):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The worker drops "old" connections between jobs: inside the test's transaction that would
    # drop the test's own connection (PostgreSQL), so it keeps it here.
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    call_command("run_schedule", "--once", stdout=io.StringIO())
    assert sorted(DBTaskResult.objects.values_list("task_path", flat=True)) == [
        RELEASE,
        RETENTION,
        REFRESH,
    ]
    coffee.refresh_from_db()
    assert coffee.stock == 6  # nothing ran yet: the worker will

    call_command("db_worker", "--batch", "--interval", "0", stdout=io.StringIO())
    coffee.refresh_from_db()
    assert coffee.stock == 10

    # Run again from cron in the same minute: nothing is due.
    out = io.StringIO()
    call_command("run_schedule", "--once", stdout=out)
    assert out.getvalue() == ""
    assert DBTaskResult.objects.count() == 3


class _Clock:
    """The time the command reads, moved on by its sleeps (the loop never really sleeps)."""

    def __init__(self, start, stop_after):
        self.now, self.sleeps, self.stop_after = start, [], stop_after

    def read(self):
        return self.now

    def sleep(self, seconds):
        self.sleeps.append(seconds)
        if len(self.sleeps) == self.stop_after:
            raise KeyboardInterrupt
        self.now += datetime.timedelta(seconds=seconds)


def _loop_fakes(monkeypatch, clock) -> list[int]:
    """The clock and sleep the loop reads, and its connection check (which, inside the test's
    transaction, would close the test's own connection): returns how often it was called."""
    monkeypatch.setattr(timezone, "now", clock.read)
    monkeypatch.setattr("core.management.commands.run_schedule.time.sleep", clock.sleep)
    checks = []
    monkeypatch.setattr(
        "core.management.commands.run_schedule.close_old_connections",
        lambda: checks.append(1),
    )
    return checks


def test_the_loop_sleeps_until_each_job_is_due(monkeypatch):
    clock = _Clock(datetime.datetime(2026, 3, 10, 9, 59, 30, tzinfo=datetime.UTC), stop_after=3)
    checks = _loop_fakes(monkeypatch, clock)
    finished = []

    def record(sender, task_result, **kwargs):
        finished.append((task_result.task.module_path, task_result.status))

    task_finished.connect(record)
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("run_schedule", stdout=out, stderr=err)
    finally:
        task_finished.disconnect(record)

    lines = out.getvalue().splitlines()
    assert lines[0] == (
        f"Scheduling 3 periodic jobs: {RETENTION} every 1 day, 0:00:00, "
        f"{RELEASE} every 0:01:00, {REFRESH} every 1:00:00"
    )
    assert lines[1:] == [
        f"2026-03-10 16:59:30 enqueued {RETENTION}",  # at start: all three
        f"2026-03-10 16:59:30 enqueued {RELEASE}",
        f"2026-03-10 16:59:30 enqueued {REFRESH}",
        f"2026-03-10 17:00:00 enqueued {RELEASE}",  # on the minute, and the hour
        f"2026-03-10 17:00:00 enqueued {REFRESH}",
        f"2026-03-10 17:01:00 enqueued {RELEASE}",
        "Scheduler stopped.",
    ]
    assert clock.sleeps == [30.0, 60.0, 60.0]
    assert len(checks) == 3  # the connection is checked before each tick
    assert err.getvalue() == ""
    # The jobs ran (the immediate backend records a failure instead of raising it).
    ok = TaskResultStatus.SUCCESSFUL
    assert finished == [
        (RETENTION, ok),
        (RELEASE, ok),
        (REFRESH, ok),
        (RELEASE, ok),
        (REFRESH, ok),
        (RELEASE, ok),
    ]


def test_a_database_error_does_not_stop_the_loop(monkeypatch):
    clock = _Clock(datetime.datetime(2026, 3, 10, 9, 0, 0, tzinfo=datetime.UTC), stop_after=2)
    _loop_fakes(monkeypatch, clock)
    calls = []

    def failing_once(self, now):
        calls.append(now)
        if len(calls) == 1:
            raise DatabaseError("server closed the connection")
        return [], []

    monkeypatch.setattr(Scheduler, "run_due", failing_once)
    monkeypatch.setattr(
        Scheduler, "wake_at", lambda self: clock.now + datetime.timedelta(seconds=60)
    )
    err = io.StringIO()
    call_command("run_schedule", stdout=io.StringIO(), stderr=err)
    assert "Database error, trying again in 30 s: server closed the connection" in err.getvalue()
    assert clock.sleeps[0] == 30
    assert len(calls) == 2
