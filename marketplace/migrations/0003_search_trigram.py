"""On PostgreSQL, a trigram index makes substring search on the folded ``search_text`` fast.

SQLite has no such index; the same ``LIKE`` query scans there, which suits a laptop's data set.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_trgm_idx "
        "ON marketplace_product USING gin (search_text gin_trgm_ops)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0002_categories")]

    operations = [migrations.RunPython(create, remove)]
