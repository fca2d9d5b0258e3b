"""Reads that may go to the PostgreSQL replica, and everything else to the primary.

Only some pages read from the replica: the catalogue (search, categories, the product API), the
storefront and guide pages Wagtail serves, the programme's dashboard and the open data, and only
on a safe method (GET, HEAD). Everything else reads and writes the primary, and so does:

- any read in a request that has written (``db_for_write`` was asked, or a transaction is open);
- every request for a few seconds after one that wrote (``REPLICA_STICKY_SECONDS``): the response
  to a write sets a short cookie, so the shopper who just added to the cart, or the vendor who just
  saved a product, sees their own write on the next page even if the replica is behind;
- every request while the replica is down or lags by more than ``REPLICA_MAX_LAG_SECONDS``. Each
  process checks at most every ``REPLICA_CHECK_SECONDS`` (lag 0 when the replica has replayed all
  the primary's WAL, else the age of its last replayed transaction).

``ReplicaMiddleware`` decides per request (a context variable, so threads and tasks are apart);
``ReplicaRouter`` reads that decision. Code outside a request (task workers, the scheduler,
``manage.py``) always uses the primary. A replica query that fails (the replica stopped
mid-request) marks it down and the safe request is answered again from the primary.
"""

import contextlib
import contextvars
import logging
import threading
import time
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, InterfaceError, OperationalError, connections

logger = logging.getLogger(__name__)

REPLICA = "replica"
PRIMARY = "default"
STICKY_COOKIE = "choso_primary"
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# URL namespaces and names whose safe requests may read from the replica.
REPLICA_NAMESPACES = frozenset({"marketplace", "programme", "programme_page", "programme_admin"})
REPLICA_URL_NAMES = frozenset({"wagtail_serve"})
REPLICA_PATH_PREFIXES = ("/api/v1/products/", "/api/v1/categories/", "/api/v1/businesses/")
# Tables that are always read from the primary: who is signed in, and the task queue.
PRIMARY_ONLY_APPS = frozenset({"sessions", "django_tasks_db", "authtoken", "account", "mfa"})


@dataclass
class _RequestState:
    replica_allowed: bool = False
    wrote: bool = False
    replica_failed: bool = False
    aliases: set = field(default_factory=set)


_state: contextvars.ContextVar[_RequestState | None] = contextvars.ContextVar(
    "choso_db_route", default=None
)


class ReplicaHealth:
    """Whether the replica may be read now: up and not lagging too far (checked now and then)."""

    def __init__(self):
        self._lock = threading.Lock()
        self._checked_at = float("-inf")
        self._healthy = False
        self.lag_seconds: float | None = None

    def mark_down(self) -> None:
        with self._lock:
            self._healthy = False
            self._checked_at = time.monotonic()
            self.lag_seconds = None

    def healthy(self, *, now: float | None = None) -> bool:
        now = time.monotonic() if now is None else now
        if now - self._checked_at < settings.REPLICA_CHECK_SECONDS:
            return self._healthy
        with self._lock:
            if now - self._checked_at < settings.REPLICA_CHECK_SECONDS:
                return self._healthy
            self._checked_at = now
            try:
                self.lag_seconds = replica_lag_seconds()
            except DatabaseError as exc:
                if self._healthy:
                    logger.warning("database replica unavailable, reading the primary: %s", exc)
                self.lag_seconds = None
                self._healthy = False
                _close_quietly(REPLICA)
                return False
            healthy = self.lag_seconds <= settings.REPLICA_MAX_LAG_SECONDS
            if healthy != self._healthy:
                logger.warning(
                    "database replica %s (lag %.1f s)",
                    "in use" if healthy else "lagging, reading the primary",
                    self.lag_seconds,
                )
            self._healthy = healthy
            return healthy


def _close_quietly(alias: str) -> None:
    with contextlib.suppress(DatabaseError):
        connections[alias].close()


def replica_lag_seconds() -> float:
    """Seconds the replica is behind: 0 when it has replayed everything the primary wrote."""
    with connections[PRIMARY].cursor() as cursor:
        cursor.execute("SELECT pg_current_wal_lsn()::text")
        primary_lsn = cursor.fetchone()[0]
    with connections[REPLICA].cursor() as cursor:
        cursor.execute(
            "SELECT pg_last_wal_replay_lsn() >= %s::pg_lsn, "
            "COALESCE(EXTRACT(EPOCH FROM now() - pg_last_xact_replay_timestamp()), 0)",
            [primary_lsn],
        )
        caught_up, age = cursor.fetchone()
    return 0.0 if caught_up else float(age)


health = ReplicaHealth()


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


def route_allows_replica(request) -> bool:
    """True when this request's page is one of those that may read from the replica."""
    if request.method not in SAFE_METHODS:
        return False
    match = getattr(request, "resolver_match", None)
    if match is not None and (
        match.namespace in REPLICA_NAMESPACES or match.url_name in REPLICA_URL_NAMES
    ):
        return True
    return request.path.startswith(REPLICA_PATH_PREFIXES)


def _in_transaction() -> bool:
    """A transaction of the code's own is open on the primary (a test case's own does not count)."""
    return any(
        not getattr(block, "_from_testcase", False) for block in connections[PRIMARY].atomic_blocks
    )


def sticky_until(request) -> float:
    try:
        return float(request.COOKIES.get(STICKY_COOKIE, "0"))
    except ValueError:
        return 0.0


class ReplicaRouter:
    """Reads of the current request to the replica when ``ReplicaMiddleware`` allowed it."""

    def db_for_read(self, model, **hints):
        state = _state.get()
        if (
            state is None
            or not state.replica_allowed
            or state.wrote
            or state.replica_failed
            or model._meta.app_label in PRIMARY_ONLY_APPS
            or _in_transaction()
            or not health.healthy()
        ):
            return PRIMARY
        state.aliases.add(REPLICA)
        return REPLICA

    def db_for_write(self, model, **hints):
        state = _state.get()
        if state is not None:
            state.wrote = True
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == PRIMARY


class ReplicaMiddleware:
    """Chooses per request whether reads may go to the replica; after a write, sets the cookie
    that keeps the next few seconds of this browser's requests on the primary."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not replica_configured():
            return self.get_response(request)
        state = _RequestState()
        token = _state.set(state)
        try:
            with connections[REPLICA].execute_wrapper(_watch_replica):
                response = self.get_response(request)
            if state.replica_failed and request.method in SAFE_METHODS:
                # The replica failed under this safe request: answer it again from the primary.
                logger.warning("replica failed during %s; answered from the primary", request.path)
                state.replica_allowed = False
                state.aliases.clear()
                response = self.get_response(request)
        finally:
            _state.reset(token)
        if state.wrote or request.method not in SAFE_METHODS:
            seconds = settings.REPLICA_STICKY_SECONDS
            response.set_cookie(
                STICKY_COOKIE,
                f"{time.time() + seconds:.0f}",
                max_age=seconds,
                httponly=True,
                samesite="Lax",
                secure=request.is_secure(),
            )
        response["X-DB-Route"] = REPLICA if REPLICA in state.aliases else PRIMARY
        return response

    def process_exception(self, request, exception):
        """A database error in a request that read the replica: connecting to a replica that is
        shutting down fails before any query runs (the query wrapper never sees it)."""
        state = _state.get()
        if (
            state is not None
            and REPLICA in state.aliases
            and isinstance(exception, (OperationalError, InterfaceError))
        ):
            state.replica_failed = True
            health.mark_down()
        return None

    def process_view(self, request, view_func, view_args, view_kwargs):
        state = _state.get()
        if state is not None and not state.replica_failed:
            state.replica_allowed = (
                route_allows_replica(request) and sticky_until(request) < time.time()
            )


def _watch_replica(execute, sql, params, many, context):
    try:
        return execute(sql, params, many, context)
    except DatabaseError:
        state = _state.get()
        if state is not None:
            state.replica_failed = True
        health.mark_down()
        raise
