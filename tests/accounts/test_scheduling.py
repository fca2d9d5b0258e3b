"""The periodic-job scheduler: due times (a pure function), discovery of ``<app>/schedule.py``, and
the scheduler's memory of runs, its own and the database queue's."""

import datetime

import pytest
from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from core.scheduling import Periodic, Scheduler, discover, next_due, period_start

UTC = datetime.UTC
MINUTE = datetime.timedelta(minutes=1)
HOUR = datetime.timedelta(hours=1)
RUNS: list[str] = []


def at(hour: int, minute: int, second: int = 0, day: int = 10) -> datetime.datetime:
    return datetime.datetime(2026, 3, day, hour, minute, second, tzinfo=UTC)


@task()
def often() -> None:
    RUNS.append("often")


@task()
def hourly() -> None:
    RUNS.append("hourly")


@pytest.fixture(autouse=True)
def _no_runs():
    RUNS.clear()


@pytest.mark.parametrize(
    ("now", "every", "start"),
    [
        (at(9, 30, 15), MINUTE, at(9, 30)),
        (at(9, 30), MINUTE, at(9, 30)),
        (at(9, 30, 15), HOUR, at(9, 0)),
        (at(9, 59, 59), HOUR, at(9, 0)),
        (at(9, 37), datetime.timedelta(minutes=15), at(9, 30)),
        (at(9, 30), datetime.timedelta(days=1), at(0, 0)),
    ],
)
def test_periods_start_on_the_clock(now, every, start):
    assert period_start(now, every) == start


def test_an_hourly_period_starts_on_the_hour_in_the_city_too():
    saigon = datetime.timezone(datetime.timedelta(hours=7))
    now = datetime.datetime(2026, 3, 10, 16, 42, tzinfo=saigon)
    assert period_start(now, HOUR) == datetime.datetime(2026, 3, 10, 16, 0, tzinfo=saigon)


@pytest.mark.parametrize(
    ("last_run", "every", "now", "due"),
    [
        (None, HOUR, at(9, 30, 15), at(9, 30, 15)),  # never ran: at once (first run at start)
        (at(9, 5), HOUR, at(9, 30), at(10, 0)),  # ran this hour: on the next hour
        (at(9, 0), HOUR, at(9, 59, 59), at(10, 0)),  # ran at the very start of this hour
        (at(8, 59, 59), HOUR, at(9, 0), at(9, 0)),  # ran last hour: now
        (at(3, 10), HOUR, at(9, 30), at(9, 30)),  # six hours missed: one run, now
        (at(9, 30, 1), MINUTE, at(9, 30, 59), at(9, 31)),
        (at(9, 30, 59), MINUTE, at(9, 31, 0), at(9, 31, 0)),  # a second later, a new minute
        (at(9, 31, 2), MINUTE, at(9, 31, 1), at(9, 32)),  # clocks a little apart: not twice
    ],
)
def test_next_due(last_run, every, now, due):
    assert next_due(last_run=last_run, every=every, now=now) == due


def test_a_period_under_a_second_is_refused():
    with pytest.raises(ValueError, match="under one second"):
        Periodic(task=often, every=datetime.timedelta(milliseconds=500))


def test_discovers_each_apps_schedule_in_layer_order():
    assert [(job.name, job.every) for job in discover()] == [
        ("privacy.tasks.run_retention", datetime.timedelta(days=1)),
        ("orders.tasks.release_expired_order_groups", MINUTE),
        ("programme.tasks.programme_refresh", HOUR),
    ]


@pytest.mark.django_db
def test_immediate_backend_the_scheduler_remembers_its_own_runs():
    scheduler = Scheduler([Periodic(task=often, every=MINUTE), Periodic(task=hourly, every=HOUR)])
    enqueued, held = scheduler.run_due(at(9, 30, 15))
    assert [job.name for job in enqueued] == [often.module_path, hourly.module_path]
    assert held == []
    assert RUNS == ["often", "hourly"]
    assert scheduler.wake_at() == at(9, 31)

    assert scheduler.run_due(at(9, 30, 50)) == ([], [])
    scheduler.run_due(at(9, 31))
    scheduler.run_due(at(10, 0, 1))
    assert RUNS == ["often", "hourly", "often", "often", "hourly"]
    assert scheduler.wake_at() == at(10, 1)


@pytest.fixture
def database_queue(settings):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def _queued() -> list[tuple[str, str]]:
    return sorted(DBTaskResult.objects.values_list("task_path", "status"))


@pytest.mark.django_db
def test_database_queue_is_the_memory_across_restarts_and_cron_runs(database_queue):
    jobs = [Periodic(task=often, every=MINUTE), Periodic(task=hourly, every=HOUR)]
    Scheduler(jobs).run_due(at(9, 30, 15))
    DBTaskResult.objects.update(enqueued_at=at(9, 30, 15))
    assert _queued() == [
        (hourly.module_path, TaskResultStatus.READY),
        (often.module_path, TaskResultStatus.READY),
    ]
    assert RUNS == []  # queued for the worker, not run here

    # A new process later in the same minute (a restart, the next cron run) enqueues nothing.
    again = Scheduler(jobs)
    assert again.run_due(at(9, 30, 45)) == ([], [])
    assert again.wake_at() == at(9, 31)

    # The next minute is due, but no worker took the first run: held back, not piled up.
    enqueued, held = Scheduler(jobs).run_due(at(9, 31, 5))
    assert enqueued == [] and [job.name for job in held] == [often.module_path]
    assert DBTaskResult.objects.count() == 2

    # Once the worker has run them, the minute job is enqueued again; the hourly one waits.
    DBTaskResult.objects.update(status=TaskResultStatus.SUCCESSFUL)
    enqueued, held = Scheduler(jobs).run_due(at(9, 32, 5))
    assert [job.name for job in enqueued] == [often.module_path] and held == []
    assert DBTaskResult.objects.filter(task_path=hourly.module_path).count() == 1
    assert DBTaskResult.objects.filter(task_path=often.module_path).count() == 2


@pytest.mark.django_db
def test_a_held_job_does_not_make_the_loop_spin(database_queue):
    scheduler = Scheduler([Periodic(task=often, every=MINUTE)])
    scheduler.run_due(at(9, 30, 15))
    DBTaskResult.objects.update(enqueued_at=at(9, 30, 15))
    enqueued, held = scheduler.run_due(at(9, 31, 5))
    assert enqueued == [] and len(held) == 1
    assert scheduler.wake_at() == at(9, 32)
