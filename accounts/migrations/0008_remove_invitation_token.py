from django.db import migrations, models


def refill_token(apps, schema_editor):
    """Backwards only: the old column cannot be empty, so it takes the hash (no link works)."""
    Invitation = apps.get_model("accounts", "Invitation")
    Invitation.objects.update(token=models.F("token_hash"))


class Migration(migrations.Migration):
    dependencies = [("accounts", "0007_hash_invitation_tokens")]

    operations = [
        migrations.AlterField(
            model_name="invitation",
            name="token",
            field=models.CharField(editable=False, max_length=64, null=True, unique=True),
        ),
        migrations.RunPython(migrations.RunPython.noop, refill_token),
        migrations.RemoveField(model_name="invitation", name="token"),
        migrations.AlterField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, unique=True),
        ),
    ]
