"""Fixtures shared by the whole suite.

Tests marked ``postgres`` need PostgreSQL (row locks, full-text search) and ``browser`` tests need
Chromium. Where those are missing they are skipped with the reason, except when ``REQUIRE_SERVICES``
is set (``.ci/run`` sets it): then a skip would hide a broken CI, so they fail instead.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings as django_settings
from django.db import connection, connections
from django.utils import translation

from tests.factories import UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
# Playwright's sync API runs an event loop in the test thread; live_server tests need this.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing(reason):
    if REQUIRE_SERVICES:
        return pytest.mark.xfail(reason=f"REQUIRED but missing: {reason}", run=False, strict=True)
    return pytest.mark.skip(reason=reason)


def _restore_migration_rows_after_flush(item):
    """A transactional test (its mark, ``transactional_db`` or ``live_server``) flushes the database
    when it ends, taking the rows migrations made (wards, role groups, pages, categories) with it.
    Each one restores them from the serialized copy first (and the flush then skips post_migrate,
    whose fresh content types would clash with the restored ones)."""
    marker = item.get_closest_marker("django_db")
    kwargs = dict(marker.kwargs) if marker else {}
    transactional = kwargs.get("transaction") or {"transactional_db", "live_server"} & set(
        getattr(item, "fixturenames", ())
    )
    if transactional and not kwargs.get("serialized_rollback"):
        kwargs.update(transaction=True, serialized_rollback=True)
        item.add_marker(
            pytest.mark.django_db(*(marker.args if marker else ()), **kwargs), append=False
        )


def pytest_collection_modifyitems(config, items):
    for item in items:
        _restore_migration_rows_after_flush(item)
        if "postgres" in item.keywords and connection.vendor != "postgresql":
            item.add_marker(_missing("needs PostgreSQL: set DATABASE_URL=postgres://..."))
        if "browser" in item.keywords and not Path(CHROMIUM).exists():
            item.add_marker(_missing(f"needs Chromium at {CHROMIUM} (apt-get install chromium)"))


def pytest_terminal_summary(terminalreporter, exitstatus, config):
    if REQUIRE_SERVICES and terminalreporter.stats.get("xfailed"):
        terminalreporter.write_line("Required services were missing for some tests.", red=True)


def pytest_sessionfinish(session, exitstatus):
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    if REQUIRE_SERVICES and reporter and reporter.stats.get("xfailed"):
        session.exitstatus = 1


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in Vietnamese: a request in another language must not leak into the next."""
    translation.activate(django_settings.LANGUAGE_CODE)
    yield
    translation.activate(django_settings.LANGUAGE_CODE)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Debian's Chromium (never a downloaded browser), headless, with no background networking."""
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "headless": True,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-quic",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture(scope="session")
def browser_context_args(browser_context_args):
    """A phone: 390×844, the size most of our users browse at."""
    return {**browser_context_args, "viewport": {"width": 390, "height": 844}, "locale": "vi-VN"}


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup):
    """Keeps the serialized copy of the migration rows reachable from every connection wrapper.

    Django stores it on the connection object, but Playwright's event loop gives later tests a new
    context and so a new wrapper without it: serialized rollback then silently restores nothing.
    A class attribute reaches every wrapper of that backend.
    """
    for alias in connections:
        contents = getattr(connections[alias], "_test_serialized_contents", None)
        if contents is not None:
            type(connections[alias])._test_serialized_contents = contents
