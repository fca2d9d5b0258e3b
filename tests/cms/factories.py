"""Builders for cms pages, through the cms services (the way the site makes them)."""

import json
from importlib import import_module

from django.apps import apps
from wagtail.models import Locale, Page, Site

from accounts.models import Ward
from cms import services
from cms.models import GuidePage, HomePage

DATA_MIGRATIONS = (
    ("accounts.migrations.0002_load_wards", "load"),
    ("accounts.migrations.0003_role_groups", "create"),
    ("marketplace.migrations.0002_categories", "create"),
)

WORDS = "Hướng dẫn thực hành cho cửa hàng nhỏ "


def guide_body(words: int = 40) -> str:
    text = " ".join((WORDS * (words // 6 + 1)).split()[:words])
    return json.dumps([{"type": "rich_text", "value": f"<p>{text}</p>"}], ensure_ascii=False)


def guide(
    slug: str,
    *,
    dimension: str = "P",
    levels: tuple[int, int] = (0, 5),
    title: str = "",
    title_en: str = "",
    summary: str = "Tóm tắt hướng dẫn.",
    words: int = 40,
    **tags,
) -> GuidePage:
    """A published guide in Vietnamese with its English translation."""
    title = title or f"Hướng dẫn {slug}"
    return services.guide_publish(
        slug=slug,
        dimension=dimension,
        level_min=levels[0],
        level_max=levels[1],
        content={
            "vi": {"title": title, "slug": slug, "summary": summary, "body": guide_body(words)},
            "en": {
                "title": title_en or f"Guide {slug}",
                "slug": f"{slug}-en",
                "summary": "A guide summary.",
                "body": guide_body(words),
            },
        },
        **tags,
    )


def ensure_site_tree() -> None:
    """The root, the two home pages and the default site, as cms migration 0002 makes them.

    ``live_server`` tests flush the database after each test, and once Playwright's event loop
    runs, serialized rollback no longer restores the migrations' rows (wards, groups, categories,
    Wagtail's tree): browser tests call this first to put back what they need."""
    if HomePage.objects.filter(depth=2).exists():
        return
    if not Ward.objects.exists():
        # Rows the data migrations made and the flush removed (content types and permissions
        # come back by themselves through post_migrate).
        for module, function in DATA_MIGRATIONS:
            getattr(import_module(module), function)(apps, None)
    vi, _created = Locale.objects.get_or_create(language_code="vi")
    en, _created = Locale.objects.get_or_create(language_code="en")
    root = Page.get_first_root_node() or Page.add_root(
        instance=Page(title="Root", slug="root", locale=vi)
    )
    home = root.add_child(
        instance=HomePage(
            title="Chợ Số",
            slug="home",
            locale=vi,
            intro="Chợ số cho doanh nghiệp nhỏ và vừa của Thành phố Hồ Chí Minh.",
        )
    )
    english = home.copy_for_translation(en)
    english.slug = "home-en"
    english.intro = "The digital market for the small businesses of Ho Chi Minh City."
    english.save_revision().publish()
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page": home, "site_name": "Chợ Số"},
    )
