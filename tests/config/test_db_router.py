"""The database router (config/db_router.py), without a replica: which reads may go to it.

The replica's connection is replaced by a stand-in where a query must fail; the health check's
measurement is replaced by a given lag. The live cluster's test (tests/cluster/) checks the
same rules against a real streaming replica.
"""

import contextlib
import time

import pytest
from django.contrib.sessions.models import Session
from django.db import OperationalError, transaction
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import resolve

from config import db_router
from config.db_router import (
    PRIMARY,
    REPLICA,
    STICKY_COOKIE,
    ReplicaHealth,
    ReplicaMiddleware,
    ReplicaRouter,
    route_allows_replica,
)
from marketplace.models import Product

rf = RequestFactory()


def _request(method: str, path: str, **extra):
    request = getattr(rf, method.lower())(path, **extra)
    request.resolver_match = resolve(path)
    return request


@pytest.fixture
def replica_settings(settings):
    settings.REPLICA_MAX_LAG_SECONDS = 5.0
    settings.REPLICA_STICKY_SECONDS = 5
    settings.REPLICA_CHECK_SECONDS = 2.0
    return settings


@pytest.fixture
def lag(monkeypatch):
    """The replica's measured lag (seconds), or an exception to raise when it is measured."""
    holder = {"value": 0.0, "calls": 0}

    def measure():
        holder["calls"] += 1
        if isinstance(holder["value"], Exception):
            raise holder["value"]
        return holder["value"]

    monkeypatch.setattr(db_router, "replica_lag_seconds", measure)
    monkeypatch.setattr(db_router, "health", ReplicaHealth())
    monkeypatch.setattr(db_router, "_close_quietly", lambda alias: None)
    return holder


class _FakeReplicaConnection:
    """Only what the middleware asks of the replica's connection: its query wrapper."""

    def __init__(self):
        self.wrappers = []

    @contextlib.contextmanager
    def execute_wrapper(self, wrapper):
        self.wrappers.append(wrapper)
        try:
            yield
        finally:
            self.wrappers.pop()

    def query(self):
        def failing(sql, params, many, context):
            raise OperationalError("server closed the connection unexpectedly")

        return self.wrappers[-1](failing, "SELECT 1", None, False, {})


@pytest.fixture
def replica_conn(monkeypatch, replica_settings):
    fake = _FakeReplicaConnection()
    real = db_router.connections

    class Connections:
        def __getitem__(self, alias):
            return fake if alias == REPLICA else real[alias]

    monkeypatch.setattr(db_router, "connections", Connections())
    monkeypatch.setattr(db_router, "replica_configured", lambda: True)
    return fake


@pytest.mark.parametrize(
    "method,path,allowed",
    [
        ("GET", "/vi/tim-kiem/", True),  # catalogue search
        ("GET", "/api/v1/products/", True),
        ("GET", "/api/v1/categories/", True),
        ("GET", "/open-data/adoption.csv", True),
        ("GET", "/admin/programme/", True),  # the dashboard
        ("GET", "/vi/some-storefront/", True),  # Wagtail pages: storefronts and guides
        ("HEAD", "/vi/tim-kiem/", True),
        ("POST", "/vi/tim-kiem/", False),  # never an unsafe method
        ("GET", "/vi/cart/", False),  # the cart reads what the shopper just wrote
        ("GET", "/vi/cart/checkout/", False),
        ("GET", "/api/v1/vendor/products/", False),  # a vendor's own products
        ("GET", "/healthz", False),
    ],
)
def test_only_catalogue_storefront_dashboard_and_open_data_may_read_the_replica(
    method, path, allowed
):
    assert route_allows_replica(_request(method, path)) is allowed


def test_reads_go_to_the_replica_only_while_allowed_and_nothing_was_written(replica_settings, lag):
    router = ReplicaRouter()
    assert router.db_for_read(Product) == PRIMARY  # outside a request: the primary

    state = db_router._RequestState(replica_allowed=True)
    token = db_router._state.set(state)
    try:
        assert router.db_for_read(Product) == REPLICA
        assert router.db_for_read(Session) == PRIMARY  # who is signed in: always the primary
        assert router.db_for_write(Product) == PRIMARY
        assert state.wrote
        assert router.db_for_read(Product) == PRIMARY  # read your own write
    finally:
        db_router._state.reset(token)


def test_a_lagging_or_unreachable_replica_sends_reads_to_the_primary(replica_settings, lag):
    router = ReplicaRouter()
    token = db_router._state.set(db_router._RequestState(replica_allowed=True))
    try:
        lag["value"] = 30.0  # beyond REPLICA_MAX_LAG_SECONDS
        assert router.db_for_read(Product) == PRIMARY
        db_router.health._checked_at = float("-inf")  # the next check is due
        lag["value"] = OperationalError("connection refused")
        assert router.db_for_read(Product) == PRIMARY
        db_router.health._checked_at = float("-inf")
        lag["value"] = 1.0
        assert router.db_for_read(Product) == REPLICA
    finally:
        db_router._state.reset(token)


def test_health_is_measured_at_most_once_per_interval(replica_settings, lag):
    health = db_router.health
    assert health.healthy(now=100.0)
    assert health.healthy(now=101.0)
    assert lag["calls"] == 1
    lag["value"] = 10.0
    assert not health.healthy(now=102.5)
    assert lag["calls"] == 2
    assert health.lag_seconds == 10.0


@pytest.mark.django_db
def test_inside_a_transaction_reads_stay_on_the_primary(replica_settings, lag):
    token = db_router._state.set(db_router._RequestState(replica_allowed=True))
    try:
        with transaction.atomic():
            assert ReplicaRouter().db_for_read(Product) == PRIMARY
    finally:
        db_router._state.reset(token)


def test_only_the_primary_is_migrated():
    router = ReplicaRouter()
    assert router.allow_migrate(PRIMARY, "marketplace")
    assert not router.allow_migrate(REPLICA, "marketplace")


def test_a_write_makes_the_next_seconds_of_this_browser_read_the_primary(replica_conn, lag):
    def view(request):
        ReplicaRouter().db_for_write(Product)  # what every save, update and delete asks
        return HttpResponse("ok")

    middleware = ReplicaMiddleware(view)
    response = middleware(_request("GET", "/vi/tim-kiem/"))
    cookie = response.cookies[STICKY_COOKIE]
    assert cookie["max-age"] == 5
    assert float(cookie.value) == pytest.approx(time.time() + 5, abs=2)

    follow = _request("GET", "/vi/tim-kiem/", HTTP_COOKIE=f"{STICKY_COOKIE}={cookie.value}")

    seen = {}

    def reading_view(request):
        seen["alias"] = ReplicaRouter().db_for_read(Product)
        return HttpResponse("ok")

    def run(request):
        mw = ReplicaMiddleware(reading_view)

        def get_response(req):
            mw.process_view(req, reading_view, (), {})
            return reading_view(req)

        mw.get_response = get_response
        return mw(request)

    run(follow)
    assert seen["alias"] == PRIMARY
    run(_request("GET", "/vi/tim-kiem/"))
    assert seen["alias"] == REPLICA
    response = run(_request("GET", "/vi/tim-kiem/"))
    assert STICKY_COOKIE not in response.cookies  # a read sets no cookie
    assert response["X-DB-Route"] == REPLICA


def test_a_replica_failing_mid_request_is_answered_again_from_the_primary(replica_conn, lag):
    aliases = []

    def view(request):
        alias = ReplicaRouter().db_for_read(Product)
        aliases.append(alias)
        if alias == REPLICA:
            with contextlib.suppress(OperationalError):
                replica_conn.query()  # the replica stops under this request
            return HttpResponse("error", status=500)
        return HttpResponse("ok")

    middleware = ReplicaMiddleware(view)

    def get_response(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware.get_response = get_response
    response = middleware(_request("GET", "/vi/tim-kiem/"))
    assert aliases == [REPLICA, PRIMARY]
    assert response.status_code == 200
    assert response["X-DB-Route"] == PRIMARY
    assert not db_router.health.healthy()  # marked down until the next check


def test_a_replica_refusing_the_connection_is_answered_again_from_the_primary(replica_conn, lag):
    aliases = []
    middleware = ReplicaMiddleware(None)

    def view(request):
        alias = ReplicaRouter().db_for_read(Product)
        aliases.append(alias)
        if alias == REPLICA:  # connecting fails before any query: no wrapper sees it
            error = OperationalError("the database system is shutting down")
            assert middleware.process_exception(request, error) is None
            return HttpResponse("error", status=500)
        return HttpResponse("ok")

    def get_response(request):
        middleware.process_view(request, view, (), {})
        return view(request)

    middleware.get_response = get_response
    response = middleware(_request("GET", "/vi/tim-kiem/"))
    assert aliases == [REPLICA, PRIMARY]
    assert response.status_code == 200
