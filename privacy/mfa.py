"""Second-factor secrets at rest: TOTP secrets and recovery-code seeds, encrypted with the field keys.

django-allauth stores them in ``Authenticator.data`` and passes each through its MFA adapter's
``encrypt``/``decrypt`` hooks (``accounts.mfa.MFAAdapter``), which call ``seal``/``unseal`` here.
A sealed value is ``fernet:`` and a MultiFernet token under ``FIELD_ENCRYPTION_KEYS``, so it rotates
with the other encrypted columns (``manage.py rotate_encryption_keys``) and a plaintext value left
from before is told apart: ``unseal`` refuses it rather than use it. Migration
``accounts/0005_encrypt_mfa_secrets`` seals the rows written before.
"""

from collections.abc import Callable

from privacy import crypto

PREFIX = "fernet:"
# The keys of Authenticator.data that hold a secret (TOTP; recovery codes) or a list of them.
SECRET_KEYS = ("secret", "seed")
SECRET_LIST_KEYS = ("migrated_codes",)


def is_sealed(value: str) -> bool:
    return value.startswith(PREFIX)


def seal(text: str) -> str:
    return PREFIX + crypto.encrypt(text)


def unseal(value: str) -> str:
    if not is_sealed(value):
        raise crypto.DecryptionError("A second-factor secret is stored without encryption.")
    return crypto.decrypt(value.removeprefix(PREFIX))


def rotate(value: str) -> str:
    return PREFIX + crypto.rotate(value.removeprefix(PREFIX)) if is_sealed(value) else seal(value)


def map_secrets(data: dict, change: Callable[[str], str]) -> dict:
    """A copy of an authenticator's ``data`` with ``change`` applied to every secret in it."""
    result = dict(data)
    for key in SECRET_KEYS:
        if isinstance(result.get(key), str):
            result[key] = change(result[key])
    for key in SECRET_LIST_KEYS:
        if isinstance(result.get(key), list):
            result[key] = [change(value) for value in result[key]]
    return result
