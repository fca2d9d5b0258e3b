"""Re-encrypts every encrypted column under the newest key of FIELD_ENCRYPTION_KEYS.

Rotation: prepend a new key to FIELD_ENCRYPTION_KEYS, deploy, run this command, then drop the old
key. Raw column values are rotated with MultiFernet.rotate (no plaintext passes through the model),
one table per transaction. The second-factor secrets inside allauth's authenticators
(``privacy.mfa``) are rotated too.
"""

from allauth.mfa.models import Authenticator
from django.apps import apps
from django.core.management.base import BaseCommand
from django.db import connection, transaction

from privacy import crypto, mfa
from privacy.fields import EncryptedTextField


class Command(BaseCommand):
    help = "Re-encrypt all encrypted fields under the newest FIELD_ENCRYPTION_KEYS key."

    def handle(self, *args, **options):
        total = 0
        for model in apps.get_models():
            columns = [
                field.column
                for field in model._meta.concrete_fields
                if isinstance(field, EncryptedTextField)
            ]
            if columns:
                count = self._rotate_table(model._meta.db_table, model._meta.pk.column, columns)
                total += count
                self.stdout.write(f"{model._meta.label}: {count} rows re-encrypted")
        count = self._rotate_mfa_secrets()
        total += count
        self.stdout.write(f"{Authenticator._meta.label}: {count} rows re-encrypted")
        self.stdout.write(self.style.SUCCESS(f"Done: {total} rows."))

    @transaction.atomic
    def _rotate_mfa_secrets(self) -> int:
        count = 0
        for authenticator in Authenticator.objects.select_for_update().order_by("pk"):
            data = mfa.map_secrets(authenticator.data or {}, mfa.rotate)
            if data != authenticator.data:
                authenticator.data = data
                authenticator.save(update_fields=["data"])
                count += 1
        return count

    @transaction.atomic
    def _rotate_table(self, table: str, pk: str, columns: list[str]) -> int:
        quote = connection.ops.quote_name
        select = ", ".join(quote(column) for column in columns)
        assignments = ", ".join(f"{quote(column)} = %s" for column in columns)
        count = 0
        with connection.cursor() as cursor:
            # Table and column names come from the models, never from input.
            cursor.execute(f"SELECT {quote(pk)}, {select} FROM {quote(table)}")  # noqa: S608
            rows = cursor.fetchall()
            for pk_value, *values in rows:
                rotated = [crypto.rotate(value) if value else value for value in values]
                cursor.execute(
                    f"UPDATE {quote(table)} SET {assignments} WHERE {quote(pk)} = %s",  # noqa: S608
                    [*rotated, pk_value],
                )
                count += 1
        return count
