"""The running cluster: replica routing, the body cap, /metrics, request ids and clean logs."""

import json
import re
import socket
import time

import httpx
import pytest

from orders.demo import GUEST

CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
# The demo shoppers' details (orders/demo.py) and those the load run types at checkout
# (benchmarks/cluster.py): none may reach a log.
PERSONAL = [
    GUEST[0],  # email
    GUEST[2],  # +84912000111
    "0912000111",
    "912000111",
    GUEST[3],  # 88 Pasteur
    "+84903111222",
    "0903111222",
    "45 Lý Tự Trọng",
    "Khách Thử Tải",
    "Đường Thử Tải",
    "@example.vn",
]


def _logs(cluster) -> dict[str, str]:
    return {
        path.name: path.read_text(errors="replace")
        for path in sorted((cluster["root"] / "log").glob("*.log"))
    }


def test_no_personal_data_in_any_log(cluster):
    logs = _logs(cluster)
    assert {"nginx-access.log", "app1.log", "app2.log", "worker1.log"} <= set(logs)
    found = [(name, value) for name, text in logs.items() for value in PERSONAL if value in text]
    assert found == []


def test_a_request_id_is_carried_from_nginx_to_the_app_and_the_task_worker(cluster):
    logs = _logs(cluster)
    nginx_ids = {
        json.loads(line)["request_id"]
        for line in logs["nginx-access.log"].splitlines()
        if line.startswith("{")
    }

    def ids(names):
        found = set()
        for name in names:
            for line in logs.get(name, "").splitlines():
                if line.startswith("{"):
                    found.add(json.loads(line).get("request_id"))
        return found

    app_ids = ids(["app1.log", "app2.log"]) & nginx_ids
    worker_ids = ids(["worker1.log", "worker2.log"]) & nginx_ids
    assert app_ids, "no app log line carries an id nginx logged"
    assert worker_ids, "no task worker log line carries an id nginx logged"


def test_catalogue_reads_use_the_replica_until_this_browser_writes(cluster):
    with httpx.Client(base_url=cluster["url"], timeout=30) as client:
        deadline = time.monotonic() + 20  # the replica may have just been restarted
        while True:
            route = client.get("/vi/tim-kiem/?q=tra").headers["X-DB-Route"]
            if route == "replica" or time.monotonic() > deadline:
                break
            time.sleep(1)
        assert route == "replica"
        page = client.get("/vi/cart/")
        token = CSRF_RE.search(page.text).group(1)
        client.post(
            "/vi/cart/add/",
            data={"csrfmiddlewaretoken": token, "product": "1", "quantity": "1"},
            headers={"Referer": cluster["url"] + "/vi/cart/"},
        )
        assert "choso_primary" in client.cookies
        assert client.get("/vi/tim-kiem/?q=tra").headers["X-DB-Route"] == "default"


def test_nginx_refuses_a_body_over_the_cap_before_receiving_it(cluster):
    port = cluster["ports"]["nginx"]
    with socket.create_connection(("127.0.0.1", port), timeout=10) as sock:
        # Only the headers are sent: nginx must answer from the Content-Length alone.
        sock.sendall(
            b"POST /api/v1/vendor/products/1/images/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            b"Content-Type: application/octet-stream\r\n"
            + f"Content-Length: {11 * 1024 * 1024}\r\n\r\n".encode()
        )
        answer = sock.recv(4096).decode(errors="replace")
    assert answer.startswith("HTTP/1.1 413")


@pytest.mark.parametrize("forwarded,status", [(None, 200), ("203.0.113.9", 403)])
def test_metrics_answer_the_internal_network_only(cluster, forwarded, status):
    app = f"http://127.0.0.1:{cluster['ports']['app1']}"
    headers = {"Host": "127.0.0.1"}
    if forwarded:  # as nginx would forward a visitor from outside
        headers["X-Forwarded-For"] = forwarded
    response = httpx.get(f"{app}/metrics", headers=headers, timeout=30)
    assert response.status_code == status
    if status == 200:
        for name in (
            "choso_http_request_duration_seconds_bucket",
            "choso_task_queue_depth",
            "choso_task_queue_oldest_age_seconds",
            "choso_webhook_events",
            "choso_orders_by_payment_state",
        ):
            assert name in response.text
