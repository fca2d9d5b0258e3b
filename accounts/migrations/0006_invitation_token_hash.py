from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("accounts", "0005_encrypt_mfa_secrets")]

    operations = [
        migrations.AddField(
            model_name="invitation",
            name="token_hash",
            field=models.CharField(editable=False, max_length=64, null=True),
        ),
    ]
