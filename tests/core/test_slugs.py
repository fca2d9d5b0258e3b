"""Slugs from Vietnamese titles keep every letter, on the server and in Wagtail's editor."""

import json
import re
from html import unescape

import pytest
from wagtail.models import Page

from core.text import SLUG_FORMATTERS, slugify_vi
from core.widgets import VietnameseSlugInput
from tests.factories import UserFactory


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("cửa hàng nhỏ", "cua-hang-nho"),
        ("Đồ gỗ Đà Lạt", "do-go-da-lat"),
        ("Phở bò Nam Định", "pho-bo-nam-dinh"),
        ("Cà phê sữa đá – 25.000đ", "ca-phe-sua-da-25000d"),
        ("Ưu đãi Tết", "uu-dai-tet"),
        ("Bánh mì & trà", "banh-mi-tra"),
        ("", ""),
    ],
)
def test_slugify_vi_keeps_every_letter(title, slug):
    assert slugify_vi(title) == slug


def test_the_browser_formatters_fold_the_same_letters():
    """Applying the formatters the way Wagtail's script does, then its ASCII slugify, gives the
    server's slug (the script lowercases and keeps [a-z0-9-] after them)."""

    def browser(title: str) -> str:
        for pattern, base in SLUG_FORMATTERS:
            title = re.sub(pattern, base, title)
        title = re.sub(r"[^\w\s-]", "", title.lower(), flags=re.ASCII)
        return re.sub(r"[-\s]+", "-", title).strip("-")

    for title in ["cửa hàng nhỏ", "Đồ gỗ Đà Lạt", "Ưu đãi Tết", "Phở bò Nam Định"]:
        assert browser(title) == slugify_vi(title)


@pytest.mark.django_db
def test_page_editor_slug_input_carries_the_vietnamese_formatters(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    home = Page.objects.get(depth=2, locale__language_code="vi")
    html = client.get(f"/admin/pages/{home.pk}/edit/").content.decode()
    formatters = VietnameseSlugInput().attrs["data-w-slug-formatters-value"]
    assert json.loads(formatters)[0][1] == "a"
    slug_input = re.search(r'<input[^>]*name="slug"[^>]*>', html).group(0)
    assert 'data-controller="w-slug"' in slug_input
    value = re.search(r'data-w-slug-formatters-value="([^"]*)"', slug_input).group(1)
    assert json.loads(unescape(value)) == json.loads(formatters)
