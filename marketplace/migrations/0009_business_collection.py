"""Issue #13: each business's pictures live in a collection of its own, linked by id
(``cms/0006_business_collections`` makes one for every existing business). The root-collection
image permissions ``0004_vendor_permissions`` gave the vendor roles are withdrawn: a vendor's
image rights come from their business's storefront group, on that business's collection only.
(Wagtail's own migrations also gave every group with admin access "choose" on the root collection,
for images and documents: withdrawn from the vendor roles too.)"""

import django.db.models.deletion
from django.db import migrations, models

VENDOR_GROUPS = ("Vendor owner", "Vendor staff")


def withdraw_root_image_permissions(apps, schema_editor):
    GroupCollectionPermission = apps.get_model("wagtailcore", "GroupCollectionPermission")
    GroupCollectionPermission.objects.filter(
        group__name__in=VENDOR_GROUPS,
        permission__content_type__app_label__in=("cms", "wagtailimages", "wagtaildocs"),
    ).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_user_joined_as"),
        ("marketplace", "0008_search_text_statistics"),
        ("wagtailcore", "0098_apitoken"),
        ("wagtailimages", "0027_image_description"),
        ("wagtaildocs", "0014_alter_document_file_size"),
    ]

    operations = [
        migrations.CreateModel(
            name="BusinessCollection",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "business",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.CASCADE,
                        related_name="image_collection",
                        to="accounts.business",
                        verbose_name="business",
                    ),
                ),
                (
                    "collection",
                    models.OneToOneField(
                        on_delete=django.db.models.deletion.PROTECT,
                        related_name="+",
                        to="wagtailcore.collection",
                        verbose_name="collection",
                    ),
                ),
            ],
            options={
                "verbose_name": "business picture collection",
                "verbose_name_plural": "business picture collections",
            },
        ),
        migrations.RunPython(withdraw_root_image_permissions, migrations.RunPython.noop),
    ]
