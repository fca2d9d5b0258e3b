"""Storefronts: one per business in each language, editable only by its members, public facts
only, the shop's visible products with a page each."""

import pytest
from django.db import transaction
from django.urls import reverse
from django.utils import translation

from accounts.models import MembershipRole
from cms import services
from cms.models import StorefrontPage
from core.events import MembershipChanged, publish
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, vendor, ward
from tests.marketplace.factories import ProductFactory, category

pytestmark = pytest.mark.django_db


@pytest.fixture
def shop(sections):
    business = BusinessFactory(
        trading_name="Cà Phê Sáng", slug="ca-phe-sang", can_take_payments=True
    )
    return services.storefront_ensure(business=business)


def test_storefront_ensure_makes_one_page_per_language_and_is_idempotent(shop):
    again = services.storefront_ensure(business=shop.business)
    assert again.pk == shop.pk
    pages = StorefrontPage.objects.filter(business=shop.business)
    assert sorted(p.locale.language_code for p in pages) == ["en", "vi"]
    assert all(p.live and p.slug == "ca-phe-sang" for p in pages)
    assert shop.url == "/vi/gian-hang/ca-phe-sang/"
    assert pages.get(locale__language_code="en").url == "/en/shops/ca-phe-sang/"


def test_member_of_a_can_edit_a_but_not_b(sections):
    business_a, business_b = BusinessFactory(), BusinessFactory()
    member_a = vendor(business=business_a)
    page_a = services.storefront_ensure(business=business_a)
    page_b = services.storefront_ensure(business=business_b)
    english_a = page_a.get_translations().get()
    assert page_a.permissions_for_user(member_a).can_edit()
    assert page_a.permissions_for_user(member_a).can_publish()
    assert english_a.permissions_for_user(member_a).can_edit()
    assert not page_b.permissions_for_user(member_a).can_edit()
    assert not page_b.get_parent().permissions_for_user(member_a).can_edit()
    assert not page_b.get_parent().permissions_for_user(member_a).can_add_subpage()


def test_member_of_a_is_refused_the_admin_editor_of_b(client, sections):
    business_a, business_b = BusinessFactory(), BusinessFactory()
    member_a = vendor(business=business_a)
    page_a = services.storefront_ensure(business=business_a)
    page_b = services.storefront_ensure(business=business_b)
    client.force_login(member_a)
    assert client.get(f"/admin/pages/{page_a.pk}/edit/").status_code == 200
    # Wagtail answers a page the user may not edit with a redirect to the dashboard.
    response = client.get(f"/admin/pages/{page_b.pk}/edit/")
    assert (response.status_code, response.url) == (302, "/admin/")
    response = client.post(f"/admin/pages/{page_b.pk}/edit/", {"title": "Hacked"})
    assert (response.status_code, response.url) == (302, "/admin/")
    page_b.refresh_from_db()
    assert page_b.title != "Hacked"


def test_editors_and_admins_can_edit_every_storefront(shop):
    editor = UserFactory(roles=["Editors"])
    admin = UserFactory(is_superuser=True, is_staff=True)
    assert shop.permissions_for_user(editor).can_edit()
    assert shop.permissions_for_user(admin).can_edit()
    assert not shop.permissions_for_user(UserFactory(roles=["Shopper"])).can_edit()


def test_staff_who_join_or_leave_gain_or_lose_edit_rights(shop, django_capture_on_commit_callbacks):
    membership = MembershipFactory(business=shop.business, role=MembershipRole.STAFF)
    assert shop.permissions_for_user(membership.user).can_edit()
    user = membership.user
    with django_capture_on_commit_callbacks(execute=True):
        membership.delete()
        publish(MembershipChanged(business_id=shop.business.pk, user_id=user.pk))
    user = type(user).objects.get(pk=user.pk)
    assert not shop.permissions_for_user(user).can_edit()


def test_new_business_gets_its_storefront_when_committed(
    sections, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        business = BusinessFactory(trading_name="Bánh Mì Mới", slug="banh-mi-moi")
    assert StorefrontPage.objects.filter(business=business).count() == 2


def test_storefront_shows_public_facts_never_the_private_profile(client, shop):
    business = shop.business
    shop.public_phone = "0909 000 111"
    shop.opening_hours = "Thứ Hai – Chủ nhật: 6:00–21:00\n\nNgày lễ: 7:00–12:00"
    shop.save_revision().publish()
    html = client.get(shop.url).content.decode()
    assert "0909 000 111" in html
    assert "Ngày lễ: 7:00–12:00" in html
    assert business.ward.full_name in html
    for private in (
        business.phone,
        business.owner_name,
        business.street_address,
        business.tax_code,
    ):
        assert private not in html


def test_inactive_shop_is_404_for_the_public_and_a_preview_for_members(client, shop):
    business = shop.business
    business.is_active = False
    business.save()
    response = client.get(shop.url)
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    client.force_login(vendor(business=business))
    response = client.get(shop.url)
    assert response.status_code == 200
    assert "Preview" in response.content.decode() or "Xem trước" in response.content.decode()


def test_unknown_storefront_and_product_slugs_answer_a_translated_404(client, shop):
    response = client.get("/vi/gian-hang/khong-co-cua-hang/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()
    response = client.get("/en/shops/ca-phe-sang/products/no-such-thing/")
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


def test_storefront_lists_visible_products_with_category_filter_and_search(client, shop):
    coffee = ProductFactory(business=shop.business, name="Cà phê hạt rang", slug="ca-phe-hat")
    ProductFactory(
        business=shop.business,
        name="Bánh quy bơ",
        slug="banh-quy",
        category=category("banh-keo-dac-san"),
    )
    ProductFactory(business=shop.business, name="Nháp", slug="nhap", status="draft")
    ProductFactory(name="Hàng của tiệm khác", slug="khac")
    response = client.get(shop.url)
    names = [p.name for p in response.context["products"]]
    assert names == ["Bánh quy bơ", "Cà phê hạt rang"]
    response = client.get(shop.url, {"category": "ca-phe-tra"})
    assert [p.name for p in response.context["products"]] == ["Cà phê hạt rang"]
    response = client.get(shop.url, {"q": "banh quy"})
    assert [p.name for p in response.context["products"]] == ["Bánh quy bơ"]
    response = client.get(shop.url, {"category": "khong-ton-tai", "page": "x"})
    assert response.status_code == 200
    assert "category" in response.context["form"].errors
    assert coffee.slug in response.content.decode()


def test_product_page_shows_price_stock_and_an_add_to_cart_form(client, shop):
    product = ProductFactory(
        business=shop.business, name="Cà phê hạt", slug="ca-phe-hat", price=150_000, stock=3
    )
    response = client.get(f"{shop.url}san-pham/ca-phe-hat/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "150.000 ₫" in html
    assert "Chỉ còn 3" in html
    assert (
        'rel="canonical" href="http://testserver/vi/gian-hang/ca-phe-sang/san-pham/ca-phe-hat/"'
        in html
    )
    assert (
        'hreflang="en" href="http://testserver/en/shops/ca-phe-sang/products/ca-phe-hat/"' in html
    )
    assert f'action="{reverse("orders:cart_add")}"' in html
    assert f'name="product" value="{product.pk}"' in html
    response = client.post(
        reverse("orders:cart_add"),
        {"product": product.pk, "quantity": "2", "next": f"{shop.url}san-pham/ca-phe-hat/"},
    )
    assert response.status_code == 302
    assert response["Location"] == f"{shop.url}san-pham/ca-phe-hat/"
    with translation.override("en"):
        response = client.get("/en/shops/ca-phe-sang/products/ca-phe-hat/")
    assert "150,000 ₫" in response.content.decode()


def test_products_of_a_shop_that_cannot_take_payments_are_not_shown(client, shop):
    ProductFactory(business=shop.business, slug="ca-phe-hat")
    shop.business.can_take_payments = False
    shop.business.save()
    assert client.get(f"{shop.url}san-pham/ca-phe-hat/").status_code == 404


def test_a_new_business_gets_its_storefront_when_it_commits(
    client, sections, django_capture_on_commit_callbacks
):
    """Made once the business is committed (not by the workspace's GET), editable by its member."""
    with django_capture_on_commit_callbacks(execute=True):
        business = BusinessFactory(trading_name="Tiệm Mới", slug="tiem-moi")
    member = vendor(business=business)
    page = StorefrontPage.objects.get(business=business, locale__language_code="vi")
    client.force_login(member)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert f"/admin/pages/{page.pk}/edit/" in response.content.decode()
    assert page.permissions_for_user(member).can_edit()


def test_storefront_index_filters_by_ward_and_sector(client, sections):
    cafe = BusinessFactory(sector="I", ward=ward("26743"))
    shop = BusinessFactory(sector="G", ward=ward("26737"))
    closed = BusinessFactory(sector="G", ward=ward("26737"), is_active=False)
    for business in (cafe, shop, closed):
        services.storefront_ensure(business=business)
    url = sections.storefronts.url
    titles = lambda response: [page.title for page in response.context["storefronts"]]  # noqa: E731
    assert titles(client.get(url)) == sorted([cafe.trading_name, shop.trading_name])
    assert titles(client.get(url, {"sector": "I"})) == [cafe.trading_name]
    assert titles(client.get(url, {"ward": "26737"})) == [shop.trading_name]
    assert titles(client.get(url, {"ward": "26737", "sector": "I"})) == []
    response = client.get(url, {"ward": "99999", "sector": "Z"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"ward", "sector"}


def test_workspace_dashboard_lists_storefronts_and_writes_nothing(client, sections):
    """Opening the workspace (a GET) makes no storefront and grants nothing: a business without
    one is offered the button that makes it; one with a storefront gets its edit link."""
    without = BusinessFactory(trading_name="Bún Bò Cô Lan", slug="bun-bo-co-lan")
    owner = vendor(business=without)
    with_page = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang")
    MembershipFactory(user=owner, business=with_page, role=MembershipRole.OWNER)
    page = services.storefront_ensure(business=with_page)
    StorefrontPage.objects.filter(business=without).delete()
    client.force_login(owner)
    pages_before = StorefrontPage.objects.count()

    html = client.get("/admin/").content.decode()

    assert StorefrontPage.objects.count() == pages_before
    assert not StorefrontPage.objects.filter(business=without).exists()
    assert reverse("wagtailadmin_pages:edit", args=[page.pk]) in html
    assert reverse("onboarding:business", kwargs={"slug": "bun-bo-co-lan"}) in html
