"""Seeds the city's targets (Decisions 2392 and 2393/QĐ-UBND, Plan 2649/KH-UBND)."""

from django.db import migrations

DECISIONS = "Quyết định 2392/QĐ-UBND và 2393/QĐ-UBND (TP.HCM)"
PLAN = "Kế hoạch 2649/KH-UBND (2023)"
TARGETS = [
    (2025, "payment_ready", 60, DECISIONS),
    (2030, "payment_ready", 85, DECISIONS),
    (2025, "digital_economy_grdp", 25, DECISIONS),
    (2030, "digital_economy_grdp", 40, DECISIONS),
    (2025, "digital_platforms", 50, PLAN),
    (2025, "ecommerce_retail", 10, PLAN),
]


def seed(apps, schema_editor):
    Target = apps.get_model("programme", "Target")
    for year, indicator, value, source in TARGETS:
        Target.objects.get_or_create(
            year=year, indicator=indicator, defaults={"value": value, "source": source}
        )


def unseed(apps, schema_editor):
    Target = apps.get_model("programme", "Target")
    for year, indicator, _value, _source in TARGETS:
        Target.objects.filter(year=year, indicator=indicator).delete()


class Migration(migrations.Migration):
    dependencies = [("programme", "0001_initial")]

    operations = [migrations.RunPython(seed, unseed)]
