"""Anonymous shopper pages from the shared cache (marketplace.page_cache): a hit runs no SQL, a
write shows on the next request, signed-in users and visitors with a session (a cart) always get
their own page, and the CSRF token on a cached page is the visitor's own."""

import re

import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from marketplace import services as catalogue
from marketplace.cache import CACHE_KEY, catalogue_version
from tests.cms.test_query_counts import _shop
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sections(db):
    from cms import services  # noqa: PLC0415

    return services.site_sections_ensure()


@pytest.fixture
def shop(sections, settings):
    settings.MARKETPLACE_SHARED_PAGE_SECONDS = 300
    return _shop(0, products=1)


def _product_url(shop):
    return f"{shop.url}san-pham/p-0-0/"


def test_a_hit_runs_no_sql_and_a_price_change_shows_on_the_next_request(
    client, shop, django_assert_num_queries
):
    url = _product_url(shop)
    first = client.get(url)
    assert "X-Page-Cache" not in first
    visitor = Client()  # another anonymous visitor, no cookie at all
    with django_assert_num_queries(0):
        hit = visitor.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert hit.content.decode().count("csrfmiddlewaretoken") >= 1
    assert "Accept-Language" in hit["Vary"]
    for header in ("Content-Security-Policy", "X-Frame-Options", "Content-Type"):
        assert hit[header] == first[header], header
    # A visitor who already holds a CSRF cookie: nothing set, nothing varying by cookie.
    returning = visitor.get(url)
    assert returning["X-Page-Cache"] == "hit"
    assert not returning.cookies
    assert "Cookie" not in returning["Vary"]

    product = shop.business.products.get(slug="p-0-0")
    catalogue.product_update(product=product, price=123456)
    after = Client().get(url)
    assert "X-Page-Cache" not in after
    assert "123.456" in after.content.decode()
    assert Client().get(url)["X-Page-Cache"] == "hit"


def test_the_storefront_and_search_pages_are_cached_too(client, shop):
    for url in (shop.url, "/vi/tim-kiem/?q=p"):
        client.get(url)
        assert Client().get(url)["X-Page-Cache"] == "hit", url


def test_a_signed_in_user_never_gets_a_cached_page(client, shop):
    url = _product_url(shop)
    Client().get(url)  # stored for anonymous visitors
    client.force_login(UserFactory())
    for _ in range(2):
        response = client.get(url)
        assert response.status_code == 200
        assert "X-Page-Cache" not in response


def test_a_visitor_with_a_cart_gets_their_own_header(client, shop):
    url = _product_url(shop)
    Client().get(url)
    assert Client().get(url)["X-Page-Cache"] == "hit"
    product = shop.business.products.get(slug="p-0-0")
    page = client.get(url)
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode())[1]
    client.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": 2, "csrfmiddlewaretoken": token},
    )
    mine = client.get(url)
    assert "X-Page-Cache" not in mine
    assert 'class="cart-count">2' in mine.content.decode()
    # ... and nobody else sees that count.
    other = Client().get(url)
    assert other["X-Page-Cache"] == "hit"
    assert "cart-count" not in other.content.decode()


def test_a_cached_page_carries_the_visitors_own_csrf_token(shop):
    url = _product_url(shop)
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    hit = visitor.get(url)
    assert hit["X-Page-Cache"] == "hit"
    assert "csrftoken" in hit.cookies  # the new visitor's own secret, set on this response only
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', hit.content.decode())[1]
    product = shop.business.products.get(slug="p-0-0")
    added = visitor.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": 1, "csrfmiddlewaretoken": token},
    )
    assert added.status_code == 302  # not the CSRF failure (403)


def test_the_catalogue_version_is_read_from_the_cache_and_raised_by_a_write(
    shop, django_assert_num_queries
):
    cache.delete(CACHE_KEY)
    number = catalogue_version()  # from the database, then cached
    with django_assert_num_queries(0):
        assert catalogue_version() == number
    product = shop.business.products.get(slug="p-0-0")
    catalogue.product_update(product=product, price=99000)
    assert catalogue_version() == number + 1
