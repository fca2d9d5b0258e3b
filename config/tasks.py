"""Operations' own task: a canary that proves the task workers run jobs end to end."""

import time

from django_tasks import task


@task()
def canary(*, seconds: float = 0.0, token: str = "") -> str:
    """Waits ``seconds`` (a job long enough to be interrupted) and returns ``token``.

    Safe to run twice, like every task here: a worker that dies mid-job has it requeued
    (``manage.py tasks_requeue``) and another run finishes it.
    """
    time.sleep(max(0.0, min(seconds, 60.0)))
    return token
