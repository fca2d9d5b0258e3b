"""Every form that takes money reads a Vietnamese ``85.000`` as 85000 (and an English ``85,000``)."""

import pytest
from django.urls import reverse
from django.utils import translation

from accounts.models import Business, MembershipRole, SizeBand
from marketplace.models import Product
from tests.accounts.test_business_profile import VALID
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.marketplace.test_workspace import LIST, _form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("language", "typed"),
    [("vi", "900.000.000"), ("vi", "900 000 000 ₫"), ("en", "900,000,000"), ("en", "900000000")],
)
def test_business_profile_reads_revenue_typed_with_separators(client, language, typed):
    client.force_login(UserFactory())
    with translation.override(language):
        url = reverse("accounts:business_create")
    response = client.post(url, {**VALID, "annual_revenue_vnd": typed})
    assert response.status_code == 302
    business = Business.objects.get()
    assert business.annual_revenue_vnd == 900_000_000
    assert business.size_band == SizeBand.MICRO


@pytest.mark.parametrize(
    ("language", "message"),
    [("vi", "Đồng không có phần thập phân"), ("en", "Đồng have no decimals")],
)
def test_business_profile_refuses_an_ambiguous_revenue(client, language, message):
    client.force_login(UserFactory())
    with translation.override(language):
        url = reverse("accounts:business_create")
    response = client.post(url, {**VALID, "annual_revenue_vnd": "900,5"})
    assert response.status_code == 200
    assert message in response.context["form"].errors["annual_revenue_vnd"][0]
    assert not Business.objects.exists()


def test_business_profile_shows_the_revenue_grouped(client):
    business = BusinessFactory(annual_revenue_vnd=1_200_000_000)
    client.force_login(vendor(business=business))
    response = client.get(reverse("accounts:business_edit", args=[business.slug]))
    html = response.content.decode()
    assert 'value="1.200.000.000"' in html
    assert 'inputmode="numeric"' in html


@pytest.fixture
def shop():
    return BusinessFactory(trading_name="Cà Phê Sáng", can_take_payments=True)


@pytest.fixture
def owner_client(client, shop):
    client.force_login(vendor(business=shop, role=MembershipRole.OWNER))
    return client


def test_workspace_product_edit_saves_a_vietnamese_price(owner_client, shop):
    product = ProductFactory(business=shop, price=10_000)
    response = owner_client.post(f"{LIST}edit/{product.pk}/", _form(shop, price="85.000"))
    assert response.status_code == 302, response.context["form"].errors
    product.refresh_from_db()
    assert product.price == 85_000


@pytest.mark.parametrize("typed", ["85.000 ₫", "85.000đ", "85 000", "85,000", "85000"])
def test_workspace_product_add_reads_every_way_of_typing(owner_client, shop, typed):
    response = owner_client.post(f"{LIST}add/", _form(shop, price=typed))
    assert response.status_code == 302, response.context["form"].errors
    assert Product.objects.get().price == 85_000


@pytest.mark.parametrize("typed", ["85,5", "85.5", "-85000"])
def test_workspace_product_refuses_ambiguous_or_negative_prices(owner_client, shop, typed):
    product = ProductFactory(business=shop, price=10_000)
    response = owner_client.post(f"{LIST}edit/{product.pk}/", _form(shop, price=typed))
    assert response.status_code == 200
    assert "price" in response.context["form"].errors
    product.refresh_from_db()
    assert product.price == 10_000


def test_workspace_product_form_and_list_show_the_grouped_price(owner_client, shop):
    product = ProductFactory(business=shop, price=1_250_000)
    html = owner_client.get(f"{LIST}edit/{product.pk}/").content.decode()
    assert 'value="1.250.000"' in html
    assert 'type="number"' not in html.split('name="price"')[0].rsplit("<input", 1)[-1]
    assert "1.250.000" in owner_client.get(LIST).content.decode()
