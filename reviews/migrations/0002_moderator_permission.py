"""Editors and admins decide on reported reviews (``reviews.moderate_review``)."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

MODERATOR_GROUPS = ("Editors", "Admin")


def grant(apps, schema_editor):
    app_config = apps.get_app_config("reviews")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    permission = Permission.objects.get(
        content_type__app_label="reviews", codename="moderate_review"
    )
    for group in Group.objects.filter(name__in=MODERATOR_GROUPS):
        group.permissions.add(permission)


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for group in Group.objects.filter(name__in=MODERATOR_GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="reviews", codename="moderate_review"
            )
        )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_role_groups"),
        ("reviews", "0001_initial"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
