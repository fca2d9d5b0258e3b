"""Replaces each stored invitation token by its SHA-256: links already sent keep working."""

import hashlib

from django.db import migrations


def hash_tokens(apps, schema_editor):
    Invitation = apps.get_model("accounts", "Invitation")
    for invitation in Invitation.objects.filter(token_hash__isnull=True).iterator():
        invitation.token_hash = hashlib.sha256(invitation.token.encode()).hexdigest()
        invitation.save(update_fields=["token_hash"])


class Migration(migrations.Migration):
    dependencies = [("accounts", "0006_invitation_token_hash")]

    # Backwards there is no token to restore: see 0008 (links sent before stop working).
    operations = [migrations.RunPython(hash_tokens, migrations.RunPython.noop)]
