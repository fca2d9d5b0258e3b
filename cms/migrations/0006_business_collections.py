"""Issue #13: storefront image collections were found by trading name (public, not unique), so a
new shop named like an old one gained rights on its pictures. Each business now gets a collection
of its own (``marketplace.BusinessCollection``, by id); its storefront group's image permissions
move there and nowhere else; the pictures one business alone uses (its products', its storefront
logo and banner) move into it. Pictures several businesses use stay where they are."""

from collections import defaultdict

from django.db import migrations
from django.db.models import F

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"  # treebeard's materialised path, 4 per level
IMAGE_CODENAMES = ("add_image", "change_image", "choose_image")


def _step(number: int) -> str:
    digits = ""
    while number:
        number, rest = divmod(number, len(ALPHABET))
        digits = ALPHABET[rest] + digits
    return digits.rjust(4, "0")


def _add_child(Collection, parent, name):
    last = (
        Collection.objects.filter(depth=parent.depth + 1, path__startswith=parent.path)
        .order_by("-path")
        .first()
    )
    number = int(last.path[-4:], 36) + 1 if last else 1
    child = Collection.objects.create(
        name=name[:255], depth=parent.depth + 1, path=parent.path + _step(number), numchild=0
    )
    Collection.objects.filter(pk=parent.pk).update(numchild=F("numchild") + 1)
    return child


def give_each_business_its_collection(apps, schema_editor):
    Business = apps.get_model("accounts", "Business")
    BusinessCollection = apps.get_model("marketplace", "BusinessCollection")
    ProductImage = apps.get_model("marketplace", "ProductImage")
    StorefrontPage = apps.get_model("cms", "StorefrontPage")
    CustomImage = apps.get_model("cms", "CustomImage")
    Collection = apps.get_model("wagtailcore", "Collection")
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    root = Collection.objects.filter(depth=1).first()
    if root is None:
        return
    permissions = list(
        Permission.objects.filter(
            content_type__app_label="wagtailimages", codename__in=IMAGE_CODENAMES
        )
    )
    users = defaultdict(set)
    for image_id, business_id in ProductImage.objects.values_list(
        "image_id", "product__business_id"
    ):
        users[image_id].add(business_id)
    for logo_id, banner_id, business_id in StorefrontPage.objects.values_list(
        "logo_id", "banner_id", "business_id"
    ):
        for image_id in (logo_id, banner_id):
            if image_id is not None:
                users[image_id].add(business_id)
    for business in Business.objects.order_by("pk"):
        link = BusinessCollection.objects.filter(business=business).first()
        if link is None:
            root.refresh_from_db()
            collection = _add_child(Collection, root, f"{business.trading_name} ({business.slug})")
            BusinessCollection.objects.create(business=business, collection=collection)
        else:
            collection = Collection.objects.get(pk=link.collection_id)
        group = Group.objects.filter(name=f"Storefront {business.slug}"[:150]).first()
        if group is not None:
            GroupCollectionPermission.objects.filter(group=group).exclude(
                collection=collection
            ).delete()
            for permission in permissions:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=collection, permission=permission
                )
        own = [image_id for image_id, owners in users.items() if owners == {business.pk}]
        CustomImage.objects.filter(pk__in=own).update(collection=collection)


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0005_image_reencoded"),
        ("marketplace", "0009_business_collection"),
        ("wagtailcore", "0098_apitoken"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [
        migrations.RunPython(give_each_business_its_collection, migrations.RunPython.noop)
    ]
