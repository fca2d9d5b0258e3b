"""Issue #16: Wagtail's migrations gave every group with admin access "choose" on the root
collection, for images and documents. The programme manager and the data-protection officer pick
no pictures (they edit no pages), and "choose" on the root lets them browse every shop's pictures
and read every shop's collection name: withdrawn. (The vendor roles lost it in
``marketplace/0009``; editors keep theirs, they build the guides.)"""

from django.db import migrations

SITE_ROLES = ("Programme manager", "Data-protection officer")
CODENAMES = ("choose_image", "choose_document")


def withdraw_root_choose(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name__in=SITE_ROLES,
        collection__depth=1,
        permission__codename__in=CODENAMES,
    ).delete()


def give_back(apps, schema_editor):
    Collection = apps.get_model("wagtailcore", "Collection")
    Group = apps.get_model("auth", "Group")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Permission = apps.get_model("auth", "Permission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    for group in Group.objects.filter(name__in=SITE_ROLES):
        for permission in Permission.objects.filter(codename__in=CODENAMES):
            GroupCollectionPermission.objects.get_or_create(
                group=group, collection=root, permission=permission
            )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_info_pages"),
        ("accounts", "0003_role_groups"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [migrations.RunPython(withdraw_root_choose, give_back)]
