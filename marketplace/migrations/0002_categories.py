"""Seeds the two-level category tree (marketplace/data/categories.py)."""

from django.db import migrations

from marketplace.data.categories import CATEGORY_TREE


def create(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    for position, (slug, name, name_en, children) in enumerate(CATEGORY_TREE):
        parent, _ = Category.objects.update_or_create(
            slug=slug, defaults={"name": name, "name_en": name_en, "position": position}
        )
        for child_position, (child_slug, child_name, child_name_en) in enumerate(children):
            Category.objects.update_or_create(
                slug=child_slug,
                defaults={
                    "name": child_name,
                    "name_en": child_name_en,
                    "position": child_position,
                    "parent": parent,
                },
            )


def remove(apps, schema_editor):
    Category = apps.get_model("marketplace", "Category")
    Category.objects.filter(parent__isnull=False).delete()
    Category.objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("marketplace", "0001_initial")]

    operations = [migrations.RunPython(create, remove)]
