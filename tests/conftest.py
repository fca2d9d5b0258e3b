"""Fixtures shared by the whole suite.

Tests marked ``postgres`` need PostgreSQL (row locks, full-text search) and ``browser`` tests need
Chromium. Where those are missing they are skipped with the reason, except when ``REQUIRE_SERVICES``
is set (``.ci/run`` sets it): then a skip would hide a broken CI, so they fail instead.
"""

import os
from pathlib import Path

import pytest
from django.db import connection

from tests.factories import UserFactory

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
REQUIRE_SERVICES = os.environ.get("REQUIRE_SERVICES") == "1"


def _missing(reason):
    if REQUIRE_SERVICES:
        return pytest.mark.xfail(reason=f"REQUIRED but missing: {reason}", run=False, strict=True)
    return pytest.mark.skip(reason=reason)


def pytest_collection_modifyitems(config, items):
    for item in items:
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


@pytest.fixture
def user(db):
    return UserFactory()
