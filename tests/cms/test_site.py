"""Home page, SEO (meta, Open Graph, canonical, hreflang, sitemaps, robots) and the demo content."""

import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import translation

from cms import demo, services
from cms.models import GuidePage, StorefrontPage
from cms.templatetags.cms_tags import optional_url, vnd
from tests.cms.factories import guide
from tests.factories import BusinessFactory
from tests.marketplace.factories import ProductFactory

pytestmark = pytest.mark.django_db

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"


@pytest.fixture
def site(sections):
    business = BusinessFactory(slug="tiem-tra", trading_name="Tiệm Trà", can_take_payments=True)
    shop = services.storefront_ensure(business=business)
    ProductFactory(business=business, slug="tra-sen")
    hidden = services.storefront_ensure(business=BusinessFactory(slug="dong-cua", is_active=False))
    return {"shop": shop, "hidden": hidden, "guide": guide("vietqr", featured=True)}


def test_home_page_has_the_calls_to_action_and_featured_content(client, site):
    response = client.get("/vi/")
    html = response.content.decode()
    assert response.status_code == 200
    assert f'href="{reverse("onboarding:start")}"' in html
    assert "Check your digital maturity" in html or "Đánh giá mức độ số hóa" in html
    assert 'href="/vi/gian-hang/"' in html
    assert site["guide"].title in html
    assert "Tiệm Trà" in html


def test_register_your_business_leads_to_a_seller_signup(client, site):
    html = client.get("/vi/").content.decode()
    link = re.search(r'href="(/vi/accounts/signup/\?next=[^"]+)"', html).group(1)
    assert link == "/vi/accounts/signup/?next=%2Fvi%2Fme%2Fbusiness%2Fnew%2F"
    form = client.get(link).context["form"]
    assert form["joined_as"].value() == "seller"


def test_optional_url_is_empty_for_url_names_nobody_provides():
    assert optional_url("no_such_app:nothing") == ""
    assert optional_url("healthz") == "/healthz"


def test_vnd_groups_thousands_per_language():
    with translation.override("vi"):
        assert vnd(1_250_000) == "1.250.000 ₫"
    with translation.override("en"):
        assert vnd(1_250_000) == "1,250,000 ₫"
    assert vnd("abc") == ""


def test_guide_head_has_meta_open_graph_canonical_and_hreflang(client, site):
    html = client.get(site["guide"].url).content.decode()
    assert '<meta name="description" content="Tóm tắt hướng dẫn.">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:locale" content="vi_VN">' in html
    assert '<link rel="canonical" href="http://testserver/vi/cam-nang/vietqr/">' in html
    assert (
        '<link rel="alternate" hreflang="en" href="http://testserver/en/guides/vietqr-en/">' in html
    )
    assert (
        '<link rel="alternate" hreflang="x-default" href="http://testserver/vi/cam-nang/vietqr/">'
        in html
    )


def test_robots_txt_points_at_the_sitemap_and_keeps_private_areas_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /admin/" in text
    assert "Disallow: /vi/accounts/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_sitemap_index_lists_both_languages(client):
    root = ET.fromstring(client.get("/sitemap.xml").content)
    locations = [node.text for node in root.iter(f"{SITEMAP}loc")]
    assert locations == ["http://testserver/vi/sitemap.xml", "http://testserver/en/sitemap.xml"]


@pytest.mark.parametrize(
    ("language", "guide_url", "product_url"),
    [
        ("vi", "/vi/cam-nang/vietqr/", "/vi/gian-hang/tiem-tra/san-pham/tra-sen/"),
        ("en", "/en/guides/vietqr-en/", "/en/shops/tiem-tra/products/tra-sen/"),
    ],
)
def test_sitemap_per_language_with_alternates_and_products(
    client, site, language, guide_url, product_url
):
    root = ET.fromstring(client.get(f"/{language}/sitemap.xml").content)
    entries = {
        url.find(f"{SITEMAP}loc").text: {
            link.get("hreflang"): link.get("href") for link in url.iter(f"{XHTML}link")
        }
        for url in root.iter(f"{SITEMAP}url")
    }
    assert f"http://testserver{guide_url}" in entries
    assert f"http://testserver{product_url}" in entries
    assert entries[f"http://testserver{guide_url}"] == {
        "vi": "http://testserver/vi/cam-nang/vietqr/",
        "en": "http://testserver/en/guides/vietqr-en/",
    }
    assert not any("dong-cua" in location for location in entries)
    assert all(location.startswith(f"http://testserver/{language}/") for location in entries)


def test_demo_publishes_at_least_twelve_translated_guides_and_is_idempotent(sections):
    businesses = [BusinessFactory(), BusinessFactory()]

    class Out:
        lines: list = []

        def write(self, text):
            self.lines.append(text)

    style = type("Style", (), {"NOTICE": staticmethod(str), "SUCCESS": staticmethod(str)})()
    demo.seed(stdout=Out(), style=style, password="x")
    vietnamese = GuidePage.objects.live().filter(locale__language_code="vi")
    assert vietnamese.count() >= 12
    for page in vietnamese:
        english = page.get_translations().get()
        assert english.live and english.locale.language_code == "en"
        assert english.title != page.title
        assert len(page.body) >= 4
    counts = (GuidePage.objects.count(), StorefrontPage.objects.count())
    demo.seed(stdout=Out(), style=style, password="x")
    assert (GuidePage.objects.count(), StorefrontPage.objects.count()) == counts
    assert StorefrontPage.objects.filter(business__in=businesses).count() == 4
    assert all(page.logo_id for page in StorefrontPage.objects.filter(business__in=businesses))
