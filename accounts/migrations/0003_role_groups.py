"""Creates one group per role; workspace roles may open the Wagtail admin."""

from django.db import migrations

ROLES = [
    ("Shopper", False),
    ("Vendor owner", True),
    ("Vendor staff", True),
    ("Programme manager", True),
    ("Editors", True),
    ("Data-protection officer", True),
    ("Admin", True),
]


def create(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    admin_type, _ = ContentType.objects.get_or_create(app_label="wagtailadmin", model="admin")
    access_admin, _ = Permission.objects.get_or_create(
        content_type=admin_type, codename="access_admin", defaults={"name": "Can access Wagtail admin"}
    )
    for name, workspace in ROLES:
        group, _ = Group.objects.get_or_create(name=name)
        if workspace:
            group.permissions.add(access_admin)


def remove(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=[name for name, _ in ROLES]).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_load_wards"),
        ("wagtailadmin", "0001_create_admin_access_permissions"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(create, remove)]
