"""Gives the English home page its own url_path ("/home-en/"), so Wagtail builds /en/ URLs for the
English tree: with both home pages at "/home/", every English page was linked under /vi/."""

from django.db import migrations
from django.db.models import Value
from django.db.models.functions import Concat, Substr


def rename(apps, schema_editor, old="/home/", new="/home-en/", slug="home-en"):
    Page = apps.get_model("wagtailcore", "Page")
    home = Page.objects.filter(depth=2, locale__language_code="en", url_path=old).first()
    if home is None:
        return
    Page.objects.filter(pk=home.pk).update(slug=slug)
    Page.objects.filter(path__startswith=home.path).update(
        url_path=Concat(Value(new), Substr("url_path", len(old) + 1))
    )


def restore(apps, schema_editor):
    rename(apps, schema_editor, old="/home-en/", new="/home/", slug="home")


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0003_guides_storefronts"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(rename, restore)]
