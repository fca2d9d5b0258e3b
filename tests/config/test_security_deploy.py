"""Start-up with DEBUG off (issue #13: items 3, 7, 11 and the keys): laptop defaults are refused,
each with a message that names the setting, and `check --deploy` passes with real settings.

The settings module is imported in a fresh interpreter with a chosen environment, as a server
process would import it; the test process's own settings (TESTING on) are not involved.
"""

import json
import os
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.db import OperationalError, connections, transaction

from config.deploy import fernet_key_problem, key_problems, production_problems

ROOT = Path(__file__).resolve().parents[2]
FERNET = "2mH7bXh0d8tq0d5l3C9J9oVn3QzvZ1Yw7lQK8m2Wq0s="
PRODUCTION = {
    "DEBUG": "0",
    "SECRET_KEY": "x7Kq9-production-secret-4f1c2b8e9d0a7c6b5e4d3c2b1a0f9e8d7c6b5a4f3e2d1c0b9a8",
    "FIELD_ENCRYPTION_KEYS": FERNET,
    "BLIND_INDEX_KEY": "b" * 48,
    "ALLOWED_HOSTS": "choso.example.org",
    "SITE_URL": "https://choso.example.org",
    "PAYMENT_PROVIDER": "stripe",
    "EMAIL_URL": "smtp+tls://mailer:secret@smtp.example.org:587",
    "REDIS_URL": "redis://127.0.0.1:6379/1",
}
# Whatever the test process inherited that would change the answer is dropped.
_DROPPED = {
    "TESTING",
    "DJANGO_SETTINGS_MODULE",
    "DJANGO_ALLOW_ASYNC_UNSAFE",  # set by tests/conftest.py for Playwright
    "EMAIL_BACKEND",
    "PAYMENTS_SANDBOX_ENABLED",
}


def _run(env: dict, code: str) -> subprocess.CompletedProcess:
    base = {key: value for key, value in os.environ.items() if key not in _DROPPED}
    base.pop("REDIS_URL", None)
    return subprocess.run(  # noqa: S603 (our own interpreter and code)
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**base, "DJANGO_SETTINGS_MODULE": "config.settings", **env},
        capture_output=True,
        text=True,
        timeout=120,
    )


def _settings(env: dict, *names: str) -> dict:
    """The named settings as a server with ``env`` would have them; fails with the error."""
    code = (
        "import json; from config import settings as s; "
        f"print(json.dumps({{n: getattr(s, n) for n in {list(names)!r}}}, default=str))"
    )
    result = _run(env, code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _refusal(env: dict) -> str:
    """The start-up error of a server with ``env``: the last line of its traceback."""
    result = _run(env, "import config.settings")
    assert result.returncode != 0, "the settings were accepted"
    return result.stderr


def _without(*names: str) -> dict:
    return {key: value for key, value in PRODUCTION.items() if key not in names}


def test_production_settings_start():
    values = _settings(PRODUCTION, "PAYMENT_PROVIDER", "EMAIL_BACKEND", "EMAIL_HOST", "CACHES")
    assert values["PAYMENT_PROVIDER"] == "stripe"
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.smtp.EmailBackend"
    assert values["EMAIL_HOST"] == "smtp.example.org"
    assert values["CACHES"]["default"]["BACKEND"] == "django_redis.cache.RedisCache"


def test_with_debug_off_there_is_no_default_payment_provider():
    error = _refusal(_without("PAYMENT_PROVIDER"))
    assert "PAYMENT_PROVIDER is not set" in error


def test_with_debug_off_the_sandbox_needs_to_be_allowed():
    error = _refusal({**PRODUCTION, "PAYMENT_PROVIDER": "sandbox"})
    assert "PAYMENTS_SANDBOX_ENABLED=1" in error
    # A demo site says so, and may start.
    demo = {**PRODUCTION, "PAYMENT_PROVIDER": "sandbox", "PAYMENTS_SANDBOX_ENABLED": "1"}
    assert _settings(demo, "PAYMENTS_SANDBOX_ENABLED") == {"PAYMENTS_SANDBOX_ENABLED": True}
    assert _settings(PRODUCTION, "PAYMENTS_SANDBOX_ENABLED") == {"PAYMENTS_SANDBOX_ENABLED": False}


def test_with_debug_off_email_must_be_delivered():
    assert "No email delivery is configured" in _refusal(_without("EMAIL_URL"))
    console = {
        **_without("EMAIL_URL"),
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    assert "console.EmailBackend delivers nothing" in _refusal(console)


def test_with_debug_off_the_cache_must_be_shared():
    assert "REDIS_URL is not set" in _refusal(_without("REDIS_URL"))


def test_every_problem_is_named_at_once():
    error = _refusal(_without("PAYMENT_PROVIDER", "EMAIL_URL", "REDIS_URL"))
    assert "PAYMENT_PROVIDER" in error and "EMAIL_URL" in error and "REDIS_URL" in error


def test_allauth_and_the_api_are_told_the_same_proxies():
    values = _settings(
        {**PRODUCTION, "TRUSTED_PROXY_COUNT": "2"},
        "TRUSTED_PROXY_COUNT",
        "ALLAUTH_TRUSTED_PROXY_COUNT",
        "REST_FRAMEWORK",
    )
    assert values["TRUSTED_PROXY_COUNT"] == values["ALLAUTH_TRUSTED_PROXY_COUNT"] == 2
    # DRF reads REMOTE_ADDR, which the middleware has already set from the trusted proxies.
    assert values["REST_FRAMEWORK"]["NUM_PROXIES"] == 0


def test_debug_keeps_the_laptop_defaults():
    values = _settings(
        {"DEBUG": "1"},
        "PAYMENT_PROVIDER",
        "PAYMENTS_SANDBOX_ENABLED",
        "EMAIL_BACKEND",
        "TRUSTED_PROXY_COUNT",
    )
    assert values == {
        "PAYMENT_PROVIDER": "sandbox",
        "PAYMENTS_SANDBOX_ENABLED": True,
        "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
        "TRUSTED_PROXY_COUNT": 0,
    }


@pytest.mark.parametrize(
    "keys",
    ["not-a-key", "c2hvcnQ=", f"{FERNET},{FERNET[:-2]}"],
    ids=["not base64", "16 bytes", "second key cut short"],
)
def test_malformed_encryption_keys_refuse_to_start(keys):
    error = _refusal({**PRODUCTION, "FIELD_ENCRYPTION_KEYS": keys})
    assert "FIELD_ENCRYPTION_KEYS: key" in error


def test_a_short_blind_index_key_refuses_to_start():
    error = _refusal({**PRODUCTION, "BLIND_INDEX_KEY": "k"})
    assert "BLIND_INDEX_KEY has 1 characters" in error


def test_check_deploy_passes_with_production_settings_and_fails_on_a_bad_key():
    command = (
        "import sys; from django.core.management import execute_from_command_line; "
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])"
    )
    clean = _run(PRODUCTION, command)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "no issues" in clean.stdout
    broken = _run({**PRODUCTION, "BLIND_INDEX_KEY": "k"}, command)
    assert broken.returncode != 0
    assert "BLIND_INDEX_KEY" in broken.stderr


def test_key_rules():
    assert fernet_key_problem(FERNET) is None
    assert fernet_key_problem("é") == "is not URL-safe base64"
    assert fernet_key_problem("c2hvcnQ=") == "decodes to 5 bytes, not 32"
    assert key_problems(field_encryption_keys=[FERNET], blind_index_key="b" * 32) == []
    assert len(key_problems(field_encryption_keys=[], blind_index_key="b" * 31)) == 2


def test_production_rules():
    good = {
        "payment_provider": "stripe",
        "sandbox_enabled": False,
        "email_backend": "django.core.mail.backends.smtp.EmailBackend",
        "cache_backend": "django_redis.cache.RedisCache",
    }
    assert production_problems(**good) == []
    for change in (
        {"payment_provider": ""},
        {"payment_provider": "sandbox"},
        {"email_backend": ""},
        {"email_backend": "django.core.mail.backends.locmem.EmailBackend"},
        {"cache_backend": "django.core.cache.backends.locmem.LocMemCache"},
    ):
        assert len(production_problems(**{**good, **change})) == 1, change
    assert (
        production_problems(**{**good, "payment_provider": "sandbox", "sandbox_enabled": True})
        == []
    )


@pytest.fixture
def make_run_sqlite(tmp_path, django_db_blocker):
    """A connection alias to a SQLite file configured as `make run` configures it."""
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    database = _settings({"DEBUG": "1", "DATABASE_URL": url}, "DATABASES")["DATABASES"]["default"]
    alias = "make_run_sqlite"
    connections.settings[alias] = connections.configure_settings(
        {"default": database, alias: database}
    )[alias]
    with django_db_blocker.unblock():
        with connections[alias].cursor() as cursor:
            cursor.execute("CREATE TABLE counter (n integer NOT NULL)")
            cursor.execute("INSERT INTO counter (n) VALUES (0)")
        connections[alias].close()
        yield alias
    del connections[alias]
    del connections.settings[alias]


def test_sqlite_of_make_run_does_not_answer_database_is_locked(make_run_sqlite):
    """The web process, the task worker and the scheduler each read then write in a transaction.
    Two such transactions used to start as readers; the one that wrote second got "database is
    locked" at once (SQLite does not wait where waiting could deadlock). Immediate transactions
    take the write lock first, so the second waits its turn (the busy timeout) and succeeds."""
    alias = make_run_sqlite
    first_read, second_started = threading.Event(), threading.Event()
    errors = []

    def increment(role):
        try:
            if role == "second":
                first_read.wait(timeout=10)
            with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                cursor.execute("SELECT n FROM counter")
                (n,) = cursor.fetchone()
                if role == "first":
                    first_read.set()
                    # The second transaction starts meanwhile, unless it must wait for us.
                    second_started.wait(timeout=1)
                else:
                    second_started.set()
                cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=increment, args=(role,)) for role in ("first", "second")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (2,)
        cursor.execute("PRAGMA journal_mode")
        assert cursor.fetchone() == ("wal",)
    connections[alias].close()


def test_sqlite_of_make_run_takes_many_concurrent_writers(make_run_sqlite):
    """Four writers (a web process, a worker, a scheduler and one more), each incrementing the
    counter 25 times in its own transactions: every increment lands, none fails."""
    alias = make_run_sqlite
    errors = []

    def work():
        try:
            for _ in range(25):
                with transaction.atomic(using=alias), connections[alias].cursor() as cursor:
                    cursor.execute("SELECT n FROM counter")
                    (n,) = cursor.fetchone()
                    time.sleep(0.002)  # the work a request does between its read and its write
                    cursor.execute("UPDATE counter SET n = %s", [n + 1])
        except OperationalError as exc:
            errors.append(str(exc))
        finally:
            connections[alias].close()

    threads = [threading.Thread(target=work) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with connections[alias].cursor() as cursor:
        cursor.execute("SELECT n FROM counter")
        assert cursor.fetchone() == (100,)
    connections[alias].close()
