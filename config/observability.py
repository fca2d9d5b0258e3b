"""What an operator watches: a request id in every log line, JSON logs, Prometheus metrics.

- The request id comes from the proxy (nginx sets ``X-Request-ID`` to its ``$request_id``, so its
  access log and ours share it) or is made here; it is in every log line written while the request
  runs, in the response's ``X-Request-ID``, and goes with the tasks the request enqueues: the task
  worker logs them under the same id (``task_enqueued`` records it in the cache for the worker).
- ``JsonFormatter`` writes one JSON object per line. Log messages name rows by id, never a
  shopper's phone, address or email (tests/cluster/test_logs.py greps a cluster run's logs).
- ``/metrics`` (``metrics_view``) answers only to addresses in ``METRICS_ALLOWED_NETWORKS``:
  request latency by view, and, read from the database when scraped, the task queue's depth and
  oldest age, webhook outcomes and orders by payment state. With several worker processes
  (gunicorn), ``PROMETHEUS_MULTIPROC_DIR`` makes the latency histogram add up across them.
"""

import ipaddress
import logging
import os
import re
import time
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import DatabaseError
from django.db.models import Count, Min
from django.http import HttpResponse, HttpResponseForbidden
from django.utils import timezone
from django.views.decorators.http import require_safe
from django_tasks.signals import task_enqueued, task_finished, task_started
from django_tasks_db.models import DBTaskResult
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Histogram,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import GaugeMetricFamily

from config.logs import request_id
from orders.models import Order
from payments.models import WebhookEvent

logger = logging.getLogger(__name__)

REQUEST_ID_HEADER = "X-Request-ID"
_VALID_ID = re.compile(r"^[A-Za-z0-9._-]{8,64}$")
_TASK_KEY = "task-request-id:{}"
_TASK_KEY_SECONDS = 24 * 3600


REQUEST_LATENCY = Histogram(
    "choso_http_request_duration_seconds",
    "Time to answer a request, by view.",
    ["view", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)


class RequestIdMiddleware:
    """Carries the proxy's request id (or a new one) through the request and its response, and
    measures the request's latency by view."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        given = request.headers.get(REQUEST_ID_HEADER, "")
        token = request_id.set(given if _VALID_ID.match(given) else uuid.uuid4().hex)
        started = time.perf_counter()
        try:
            response = self.get_response(request)
            response[REQUEST_ID_HEADER] = request_id.get()
            match = getattr(request, "resolver_match", None)
            view = (match.view_name or match._func_path) if match else "unmatched"
            REQUEST_LATENCY.labels(
                view=view, method=request.method, status=f"{response.status_code // 100}xx"
            ).observe(time.perf_counter() - started)
            return response
        finally:
            request_id.reset(token)


def _remember_request_of_task(sender, task_result, **kwargs):
    current = request_id.get()
    if current != "-":
        try:
            cache.set(_TASK_KEY.format(task_result.id), current, _TASK_KEY_SECONDS)
        except Exception:  # a cache outage must not fail the enqueue
            logger.warning("could not record the request id of task %s", task_result.id)
    logger.info("task %s enqueued (%s)", task_result.id, task_result.task.name)


def _task_started(sender, task_result, **kwargs):
    try:
        given = cache.get(_TASK_KEY.format(task_result.id))
    except Exception:  # run the task without its request's id
        given = None
    request_id.set(given or f"task-{task_result.id}")


def _task_finished(sender, task_result, **kwargs):
    request_id.set("-")


def connect_task_signals() -> None:
    task_enqueued.connect(_remember_request_of_task, dispatch_uid="choso_request_id_enqueued")
    task_started.connect(_task_started, dispatch_uid="choso_request_id_started")
    task_finished.connect(_task_finished, dispatch_uid="choso_request_id_finished")


class DatabaseCollector:
    """Figures read from the database when Prometheus scrapes: the same from every process."""

    def collect(self):
        try:
            yield from self._collect()
        except DatabaseError as exc:
            logger.warning("metrics: the database did not answer: %s", exc)

    def _collect(self):
        ready = DBTaskResult.objects.filter(status="READY")
        queue = ready.aggregate(depth=Count("id"), oldest=Min("enqueued_at"))
        depth = GaugeMetricFamily("choso_task_queue_depth", "Tasks waiting for a worker.")
        depth.add_metric([], queue["depth"])
        yield depth
        age = GaugeMetricFamily(
            "choso_task_queue_oldest_age_seconds", "Age of the oldest task waiting (0 if none)."
        )
        oldest = queue["oldest"]
        age.add_metric([], (timezone.now() - oldest).total_seconds() if oldest else 0.0)
        yield age
        running = GaugeMetricFamily("choso_tasks", "Tasks by status.", labels=["status"])
        for row in DBTaskResult.objects.values("status").annotate(n=Count("id")):
            running.add_metric([row["status"]], row["n"])
        yield running
        webhooks = GaugeMetricFamily(
            "choso_webhook_events",
            "Stored webhook events by outcome.",
            labels=["provider", "outcome"],
        )
        for row in WebhookEvent.objects.values("provider", "outcome").annotate(n=Count("id")):
            webhooks.add_metric([row["provider"], row["outcome"] or "pending"], row["n"])
        yield webhooks
        payments = GaugeMetricFamily(
            "choso_orders_by_payment_state", "Orders by payment state.", labels=["state", "method"]
        )
        for row in Order.objects.values("payment_state", "payment_method").annotate(n=Count("id")):
            payments.add_metric([row["payment_state"], row["payment_method"]], row["n"])
        yield payments


def _allowed(address: str) -> bool:
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return False
    return any(ip in ipaddress.ip_network(net) for net in settings.METRICS_ALLOWED_NETWORKS)


@require_safe
def metrics_view(request):
    """Prometheus's text format, for the internal network only (403 to anyone else)."""
    if not _allowed(request.META.get("REMOTE_ADDR", "")):
        return HttpResponseForbidden(
            "metrics are for the internal network", content_type="text/plain"
        )
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)
    else:
        registry.register(REQUEST_LATENCY)
    registry.register(DatabaseCollector())
    return HttpResponse(generate_latest(registry), content_type=CONTENT_TYPE_LATEST)
