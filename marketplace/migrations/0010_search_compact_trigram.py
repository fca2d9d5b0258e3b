"""On PostgreSQL, a trigram index on ``search_text`` without its spaces.

Search matches words typed run together ("caphe" finds "cà phê") with
``REPLACE(search_text, ' ', '') LIKE '%caphe%'`` (``marketplace.search``); without this index that
condition reads every product. The expression must stay the one Django writes for
``Replace(F("search_text"), Value(" "), Value(""))``. SQLite scans, which suits a laptop's data.
"""

from django.db import migrations


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    schema_editor.execute(
        "CREATE INDEX IF NOT EXISTS product_search_compact_trgm_idx ON marketplace_product "
        "USING gin ((REPLACE(search_text, ' ', '')) gin_trgm_ops)"
    )


def remove(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP INDEX IF EXISTS product_search_compact_trgm_idx")


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0009_business_collection")]

    operations = [migrations.RunPython(create, remove)]
