"""Encrypts the TOTP secrets and recovery-code seeds written before ``accounts.mfa.MFAAdapter``."""

from django.db import migrations

from privacy import mfa


def _change_all(apps, change):
    Authenticator = apps.get_model("mfa", "Authenticator")
    for authenticator in Authenticator.objects.all().iterator():
        data = mfa.map_secrets(authenticator.data or {}, change)
        if data != authenticator.data:
            authenticator.data = data
            authenticator.save(update_fields=["data"])


def seal_plaintext(apps, schema_editor):
    _change_all(apps, lambda value: value if mfa.is_sealed(value) else mfa.seal(value))


def unseal(apps, schema_editor):
    _change_all(apps, lambda value: mfa.unseal(value) if mfa.is_sealed(value) else value)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_joined_as"),
        ("mfa", "0003_authenticator_type_uniq"),
    ]

    operations = [migrations.RunPython(seal_plaintext, unseal)]
