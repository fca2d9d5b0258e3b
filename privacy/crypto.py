"""Encryption at rest and blind indexes, with keys apart from SECRET_KEY.

Values are encrypted with Fernet (AES-128-CBC + HMAC-SHA256, authenticated) through MultiFernet:
``FIELD_ENCRYPTION_KEYS`` lists keys newest first, the first encrypts and all decrypt, so keys rotate
by prepending a new one and running ``manage.py rotate_encryption_keys``. A value that no key opens
raises ``DecryptionError``: ciphertext is never handed back as if it were data.

A blind index is HMAC-SHA256 of the normalised value under ``BLIND_INDEX_KEY``: equal inputs give equal
digests, so exact lookups and uniqueness work without storing the plaintext.
"""

import hashlib
import hmac
from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionError(Exception):
    """A stored value could not be decrypted with any configured key."""


@lru_cache(maxsize=4)
def _fernet(keys: tuple[str, ...]) -> MultiFernet:
    if not keys:
        raise ImproperlyConfigured("FIELD_ENCRYPTION_KEYS is empty.")
    try:
        return MultiFernet([Fernet(key.strip().encode()) for key in keys])
    except (ValueError, TypeError) as exc:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS must hold url-safe base64 32-byte Fernet keys."
        ) from exc


def fernet() -> MultiFernet:
    return _fernet(tuple(settings.FIELD_ENCRYPTION_KEYS))


def encrypt(plaintext: str) -> str:
    return fernet().encrypt(plaintext.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError(
            "An encrypted value could not be read with the configured FIELD_ENCRYPTION_KEYS."
        ) from exc


def rotate(token: str) -> str:
    """Re-encrypts a token under the newest key."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as exc:
        raise DecryptionError("A value could not be rotated: no configured key opens it.") from exc


def blind_index(normalised: str) -> str:
    key = settings.BLIND_INDEX_KEY
    if not key:
        raise ImproperlyConfigured("BLIND_INDEX_KEY is not set.")
    return hmac.new(key.encode(), normalised.encode(), hashlib.sha256).hexdigest()
