"""Shopper pages cold (nothing cached, the page cache off): the SQL statements of one anonymous
visit are pinned and do not grow with the products shown (#15's speed goal: storefront, product
and search pages)."""

import pytest

from marketplace import services as catalogue
from tests.cms.test_query_counts import _shop
from tests.marketplace.factories import ProductFactory, image_upload

pytestmark = pytest.mark.django_db

STOREFRONT_QUERIES = 20
PRODUCT_QUERIES = 16
SEARCH_QUERIES = 5


@pytest.fixture
def sections(db):
    from cms import services  # noqa: PLC0415

    return services.site_sections_ensure()


def _cold(client, url, django_assert_num_queries, expected):
    """A visit with the page caches off, once the process has its reference data (site root
    paths, category tree, wards) and the renditions exist, as under load."""
    client.get(url)
    client.get(url)
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
    return response


@pytest.mark.parametrize("products", [1, 6])
def test_cold_pages_run_a_fixed_number_of_statements(
    client, sections, settings, django_assert_num_queries, products
):
    settings.MARKETPLACE_PAGE_CACHE_SECONDS = settings.MARKETPLACE_SHARED_PAGE_SECONDS = 0
    shop = _shop(0, products=products)
    response = _cold(client, shop.url, django_assert_num_queries, STOREFRONT_QUERIES)
    assert len(response.context["products"]) == products
    _cold(client, f"{shop.url}san-pham/p-0-0/", django_assert_num_queries, PRODUCT_QUERIES)
    response = _cold(client, "/vi/tim-kiem/?q=p", django_assert_num_queries, SEARCH_QUERIES)
    assert response.context["result"].total == products


def test_a_reviewed_product_adds_no_statement_per_review(
    client, sections, settings, django_assert_num_queries
):
    settings.MARKETPLACE_PAGE_CACHE_SECONDS = settings.MARKETPLACE_SHARED_PAGE_SECONDS = 0
    shop = _shop(0, products=1)
    product = shop.business.products.get(slug="p-0-0")
    other = ProductFactory(business=shop.business, slug="p-0-1")
    catalogue.product_image_add(product=other, upload=image_upload(), alt_text="Ảnh")
    _cold(client, f"{shop.url}san-pham/{product.slug}/", django_assert_num_queries, PRODUCT_QUERIES)
