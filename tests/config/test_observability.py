"""Request ids in responses and log lines, JSON logs, and /metrics for the internal network only."""

import json
import logging

import pytest
from django.test import Client

from config.logs import JsonFormatter, RequestIdFilter, request_id

pytestmark = pytest.mark.django_db


def test_the_proxys_request_id_is_answered_back_and_a_bad_one_replaced():
    client = Client()
    given = client.get("/healthz", HTTP_X_REQUEST_ID="0123456789abcdef0123456789abcdef")
    assert given["X-Request-ID"] == "0123456789abcdef0123456789abcdef"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="bad id\nwith a newline")
    assert len(made["X-Request-ID"]) == 32
    assert made["X-Request-ID"] != client.get("/healthz")["X-Request-ID"]


def test_a_log_line_is_one_json_object_with_the_request_id():
    record = logging.LogRecord(
        "choso.test", logging.WARNING, __file__, 1, "order %s paid", (7,), None
    )
    token = request_id.set("abc12345")
    try:
        RequestIdFilter().filter(record)
    finally:
        request_id.reset(token)
    entry = json.loads(JsonFormatter().format(record))
    assert entry["request_id"] == "abc12345"
    assert entry["message"] == "order 7 paid"
    assert entry["level"] == "WARNING"
    assert entry["logger"] == "choso.test"


def test_metrics_answer_the_internal_network_only(settings):
    settings.METRICS_ALLOWED_NETWORKS = ["10.0.0.0/8"]
    inside = Client(REMOTE_ADDR="10.1.2.3").get("/metrics")
    assert inside.status_code == 200
    for name in (
        "choso_http_request_duration_seconds_bucket",
        "choso_task_queue_depth 0.0",
        "choso_task_queue_oldest_age_seconds 0.0",
    ):
        assert name in inside.content.decode()
    assert Client(REMOTE_ADDR="203.0.113.9").get("/metrics").status_code == 403
    assert Client(REMOTE_ADDR="10.1.2.3").post("/metrics").status_code == 405
