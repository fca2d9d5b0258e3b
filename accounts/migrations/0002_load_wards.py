"""Loads the 168 wards and communes of Ho Chi Minh City (2025) from accounts/data (see SOURCE.md)."""

import csv
from pathlib import Path

from django.db import migrations

from accounts.text import fold

CSV_PATH = Path(__file__).resolve().parent.parent / "data" / "hcmc_wards_2025.csv"


def load(apps, schema_editor):
    Ward = apps.get_model("accounts", "Ward")
    with CSV_PATH.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    Ward.objects.bulk_create(
        [
            Ward(
                code=row["code"],
                name=row["name"],
                name_en=row["name_en"],
                type=row["type"],
                full_name=row["full_name"],
                full_name_en=row["full_name_en"],
                former_district=row["former_district"],
                former_province=row["former_province"],
                former_units=row["former_units"],
                search_text=fold(
                    f"{row['full_name']} {row['name_en']} {row['former_district']}"
                )[:400],
            )
            for row in rows
        ]
    )


def unload(apps, schema_editor):
    apps.get_model("accounts", "Ward").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0001_initial")]

    operations = [migrations.RunPython(load, unload)]
