"""Vietnamese product URLs (old ones redirect), the footer's terms and contact pages, and signing in
from the cart or checkout coming back there with the cart merged."""

import pytest
from django.test import Client

from orders.models import Cart
from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db


def test_product_pages_have_vietnamese_paths_and_old_ones_redirect(coffee, storefront, client):
    vi = "/vi/gian-hang/ca-phe-sang/san-pham/ca-phe-phin/"
    en = "/en/shops/ca-phe-sang/products/ca-phe-phin/"
    response = client.get(vi)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'rel="canonical" href="http://testserver{vi}"' in html
    assert f'hreflang="en" href="http://testserver{en}"' in html
    assert client.get(en).status_code == 200
    old = client.get("/vi/gian-hang/ca-phe-sang/products/ca-phe-phin/")
    assert (old.status_code, old["Location"]) == (301, vi)
    crossed = client.get("/en/shops/ca-phe-sang/san-pham/ca-phe-phin/")
    assert (crossed.status_code, crossed["Location"]) == (301, en)
    assert client.get("/vi/gian-hang/ca-phe-sang/san-pham/khong-co/").status_code == 404
    storefront_html = client.get(storefront.url).content.decode()
    assert f'href="{vi}"' in storefront_html


@pytest.mark.parametrize(
    ("url", "title", "other"),
    [
        ("/vi/dieu-khoan-su-dung/", "Điều khoản sử dụng", "/vi/lien-he/"),
        ("/en/terms/", "Terms of use", "/en/contact/"),
        ("/vi/lien-he/", "Liên hệ", "/vi/dieu-khoan-su-dung/"),
        ("/en/contact/", "Contact us", "/en/terms/"),
    ],
)
def test_footer_links_to_the_terms_and_contact_pages(client, url, title, other):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f"<h1>{title}</h1>" in html
    footer = html[html.index('<footer class="site-footer">') :]
    assert f'href="{other}"' in footer
    assert f'href="{url}"' in footer
    lookup = "/vi/tra-cuu-don-hang/" if url.startswith("/vi/") else "/en/order-lookup/"
    assert f'href="{lookup}"' in footer


def test_signing_in_from_checkout_comes_back_with_the_cart_merged(coffee, tea):
    user = UserFactory(email="lan@example.vn")
    Cart.objects.create(user=user).lines.create(product=tea, quantity=1)
    browser = Client()
    browser.post("/vi/cart/add/", {"product": coffee.pk, "quantity": "2"})
    checkout = browser.get("/vi/cart/checkout/").content.decode()
    assert 'href="/vi/accounts/login/?next=/vi/cart/checkout/"' in checkout
    assert 'href="/vi/accounts/signup/?next=/vi/cart/checkout/"' in checkout
    response = browser.post(
        "/vi/accounts/login/?next=/vi/cart/checkout/",
        {"login": "lan@example.vn", "password": DEFAULT_PASSWORD, "next": "/vi/cart/checkout/"},
    )
    assert (response.status_code, response["Location"]) == (302, "/vi/cart/checkout/")
    cart = Cart.objects.get(user=user)
    assert {(line.product_id, line.quantity) for line in cart.lines.all()} == {
        (coffee.pk, 2),
        (tea.pk, 1),
    }
    # elsewhere the header's links carry no "next"
    home = Client().get("/vi/tra-cuu-don-hang/").content.decode()
    assert 'href="/vi/accounts/login/"' in home


def test_search_sorts_by_the_stored_rating_best_first_unrated_last(shop, storefront, client):
    from tests.marketplace.factories import ProductFactory

    names = {}
    for slug, average, count in [
        ("a", None, 0),
        ("b", "4.50", 2),
        ("c", "5.00", 1),
        ("d", "4.50", 7),
    ]:
        product = ProductFactory(business=shop, name=f"Cà phê {slug}", slug=f"ca-phe-{slug}")
        type(product).objects.filter(pk=product.pk).update(
            rating_average=average, rating_count=count
        )
        names[slug] = product.name
    html = client.get("/vi/tim-kiem/", {"q": "cà phê", "sort": "rating"}).content.decode()
    positions = [html.index(f">{names[slug]}<") for slug in "cdba"]
    assert positions == sorted(positions)
    assert "Đánh giá cao nhất" in html
