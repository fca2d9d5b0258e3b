"""TOTP secrets and recovery-code seeds are encrypted at rest with the project's keys (security
issue #13, item 12), through allauth's MFA adapter hooks; old plaintext rows are sealed by a
migration and every secret rotates with the other encrypted columns."""

import importlib
from io import StringIO

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import (
    TOTP,
    format_hotp_value,
    hotp_value,
    yield_hotp_counters_from_time,
)
from cryptography.fernet import Fernet
from django.apps import apps
from django.core.management import call_command
from django.db import connection

from privacy import mfa
from privacy.crypto import DecryptionError
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"
sealing = importlib.import_module("accounts.migrations.0005_encrypt_mfa_secrets")


def _raw_data(authenticator) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SELECT data FROM mfa_authenticator WHERE id = %s", [authenticator.pk])
        return str(cursor.fetchone()[0])


def _codes_now() -> list[str]:
    return [
        format_hotp_value(hotp_value(SECRET, counter))
        for counter in yield_hotp_counters_from_time()
    ]


def test_totp_secret_is_stored_encrypted_and_still_checks_codes():
    user = UserFactory()
    totp = TOTP.activate(user, SECRET)
    raw = _raw_data(totp.instance)
    assert SECRET not in raw and SECRET.lower() not in raw
    assert totp.instance.data["secret"].startswith(mfa.PREFIX)
    fresh = TOTP(Authenticator.objects.get(pk=totp.instance.pk))
    assert fresh.validate_code(_codes_now()[-1])


def test_recovery_seed_is_stored_encrypted_and_codes_still_work():
    user = UserFactory()
    codes = RecoveryCodes.activate(user)
    plain_codes = codes.generate_codes()
    instance = Authenticator.objects.get(pk=codes.instance.pk)
    seed = mfa.unseal(instance.data["seed"])
    raw = _raw_data(instance)
    assert seed not in raw
    assert RecoveryCodes(instance).validate_code(plain_codes[0])


def test_a_plaintext_secret_is_refused_not_used():
    with pytest.raises(DecryptionError):
        mfa.unseal(SECRET)


def test_the_migration_seals_old_plaintext_rows_once():
    user = UserFactory()
    old = Authenticator.objects.create(
        user=user, type=Authenticator.Type.TOTP, data={"secret": SECRET}
    )
    recovery = Authenticator.objects.create(
        user=user,
        type=Authenticator.Type.RECOVERY_CODES,
        data={"seed": "ab" * 40, "used_mask": 0, "migrated_codes": ["12345678"]},
    )
    sealing.seal_plaintext(apps, None)
    sealing.seal_plaintext(apps, None)  # a second run leaves sealed values alone
    old.refresh_from_db()
    recovery.refresh_from_db()
    assert mfa.unseal(old.data["secret"]) == SECRET
    assert mfa.unseal(recovery.data["seed"]) == "ab" * 40
    assert [mfa.unseal(code) for code in recovery.data["migrated_codes"]] == ["12345678"]
    assert recovery.data["used_mask"] == 0
    assert SECRET not in _raw_data(old) and "12345678" not in _raw_data(recovery)
    sealing.unseal(apps, None)
    old.refresh_from_db()
    assert old.data == {"secret": SECRET}


def test_rotation_re_encrypts_mfa_secrets_under_the_new_key(settings):
    user = UserFactory()
    totp = TOTP.activate(user, SECRET)
    old_key = settings.FIELD_ENCRYPTION_KEYS[0]
    new_key = Fernet.generate_key().decode()
    settings.FIELD_ENCRYPTION_KEYS = [new_key, old_key]
    call_command("rotate_encryption_keys", stdout=StringIO())
    settings.FIELD_ENCRYPTION_KEYS = [new_key]  # the old key is gone: the secret still reads
    instance = Authenticator.objects.get(pk=totp.instance.pk)
    assert mfa.unseal(instance.data["secret"]) == SECRET
