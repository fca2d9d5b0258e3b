"""Lets vendor owners and staff manage products in the seller workspace (filtered to their shops
by marketplace.wagtail_hooks) and upload and choose product pictures."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

VENDOR_GROUPS = ("Vendor owner", "Vendor staff")
PRODUCT_CODENAMES = ("add_product", "change_product", "view_product")
IMAGE_CODENAMES = ("add_customimage", "choose_customimage")


def grant(apps, schema_editor):
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    ContentType = apps.get_model("contenttypes", "ContentType")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    product_perms = Permission.objects.filter(
        content_type__app_label="marketplace", codename__in=PRODUCT_CODENAMES
    )
    image_type, _ = ContentType.objects.get_or_create(app_label="cms", model="customimage")
    image_perms = [
        Permission.objects.get_or_create(
            content_type=image_type,
            codename=codename,
            defaults={"name": f"Can {codename.split('_')[0]} image"},
        )[0]
        for codename in IMAGE_CODENAMES
    ]
    root = Collection.objects.filter(depth=1).first()
    for group in Group.objects.filter(name__in=VENDOR_GROUPS):
        group.permissions.add(*product_perms)
        if root is not None:
            for permission in image_perms:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root, permission=permission
                )


def revoke(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    for group in Group.objects.filter(name__in=VENDOR_GROUPS):
        group.permissions.remove(
            *Permission.objects.filter(
                content_type__app_label="marketplace", codename__in=PRODUCT_CODENAMES
            )
        )
        GroupCollectionPermission.objects.filter(
            group=group, permission__codename__in=IMAGE_CODENAMES
        ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("marketplace", "0003_search_trigram"),
        ("accounts", "0003_role_groups"),
        ("cms", "0001_initial"),
        ("wagtailcore", "0002_initial_data"),
    ]

    operations = [migrations.RunPython(grant, revoke)]
