"""What the settings must hold before the site starts: checked by ``config.settings`` at import.

Two kinds of rule. The keys' format is checked always (a malformed ``FIELD_ENCRYPTION_KEYS`` would
otherwise surface as a 500 on the first encrypted write, and a short ``BLIND_INDEX_KEY`` makes every
blind index guessable). The production rules apply with ``DEBUG`` off (tests excepted): nothing that
only suits a laptop may be the default there, so the process refuses to start, naming each missing
setting, rather than serve with the sandbox payment provider, the console email backend or a
per-process cache (see docs/operations.md).

Plain functions over values, without Django: the settings module calls them before Django is set
up, and tests call them directly.
"""

import base64
import binascii

from django.core.exceptions import ImproperlyConfigured

BLIND_INDEX_KEY_MIN_CHARS = 32
# Backends that never deliver mail: their messages end in the process log or memory.
UNDELIVERED_EMAIL_BACKENDS = frozenset(
    {
        "django.core.mail.backends.console.EmailBackend",
        "django.core.mail.backends.locmem.EmailBackend",
        "django.core.mail.backends.dummy.EmailBackend",
        "django.core.mail.backends.filebased.EmailBackend",
    }
)
LOCAL_CACHE_BACKENDS = frozenset(
    {
        "django.core.cache.backends.locmem.LocMemCache",
        "django.core.cache.backends.dummy.DummyCache",
        "django.core.cache.backends.filebased.FileBasedCache",
    }
)


def fernet_key_problem(key: str) -> str | None:
    """Why ``key`` is not a Fernet key (32 bytes in URL-safe base64), or None when it is one."""
    try:
        raw = base64.urlsafe_b64decode(key.encode("ascii"))
    except (binascii.Error, ValueError, UnicodeEncodeError):
        return "is not URL-safe base64"
    if len(raw) != 32:
        return f"decodes to {len(raw)} bytes, not 32"
    return None


def key_problems(*, field_encryption_keys: list[str], blind_index_key: str) -> list[str]:
    problems = []
    if not field_encryption_keys:
        problems.append("FIELD_ENCRYPTION_KEYS is empty: give at least one Fernet key.")
    for position, key in enumerate(field_encryption_keys, start=1):
        problem = fernet_key_problem(key)
        if problem:
            problems.append(
                f"FIELD_ENCRYPTION_KEYS: key {position} {problem}. Generate one with "
                '`python -c "from cryptography.fernet import Fernet; '
                'print(Fernet.generate_key().decode())"`.'
            )
    if len(blind_index_key) < BLIND_INDEX_KEY_MIN_CHARS:
        problems.append(
            f"BLIND_INDEX_KEY has {len(blind_index_key)} characters: use a random value of at "
            f'least {BLIND_INDEX_KEY_MIN_CHARS} (`python -c "import secrets; '
            'print(secrets.token_urlsafe(48))"`).'
        )
    return problems


def production_problems(
    *,
    payment_provider: str,
    sandbox_enabled: bool,
    email_backend: str,
    cache_backend: str,
) -> list[str]:
    """What a site with DEBUG off lacks; empty when it may start."""
    problems = []
    if not payment_provider:
        problems.append(
            "PAYMENT_PROVIDER is not set: with DEBUG off there is no default provider. Set it to "
            "a real provider (e.g. stripe), or to sandbox together with "
            "PAYMENTS_SANDBOX_ENABLED=1 for a demo site where nothing is really paid."
        )
    elif payment_provider == "sandbox" and not sandbox_enabled:
        problems.append(
            "PAYMENT_PROVIDER=sandbox lets anyone 'pay' with a click: with DEBUG off it needs "
            "PAYMENTS_SANDBOX_ENABLED=1, meant for demo sites only."
        )
    if not email_backend:
        problems.append(
            "No email delivery is configured: set EMAIL_URL (e.g. "
            "smtp+tls://user:password@smtp.example.org:587) or EMAIL_BACKEND."
        )
    elif email_backend in UNDELIVERED_EMAIL_BACKENDS:
        problems.append(
            f"EMAIL_BACKEND={email_backend} delivers nothing and would write shoppers' addresses "
            "and password-reset links where they do not belong: configure EMAIL_URL (SMTP)."
        )
    if cache_backend in LOCAL_CACHE_BACKENDS:
        problems.append(
            "REDIS_URL is not set: with DEBUG off the cache must be shared by every process "
            "(rate limits, throttles and pending imports live there). Set REDIS_URL."
        )
    return problems


def refuse_unless_empty(problems: list[str]) -> None:
    """Stops the start-up with every problem listed, one per line."""
    if problems:
        raise ImproperlyConfigured(
            "Chợ Số cannot start with these settings:\n- " + "\n- ".join(problems)
        )


def sqlite_options() -> dict:
    """SQLite for ``make run``, where the web process, the task worker and the scheduler write to
    one file: write-ahead logging lets readers go on beside a writer, a busy timeout waits for the
    write lock instead of failing at once, and immediate transactions take that lock when a
    transaction begins, so that no two transactions deadlock upgrading a read to a write (SQLite
    would answer one of them "database is locked" without waiting)."""
    return {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL",
    }
