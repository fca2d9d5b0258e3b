"""The vendor's workspace home, "Cửa hàng của tôi": hand-counted figures per shop and together,
the checklist's next step, a fixed number of queries whatever the number of shops, nothing written
on a GET; and the site-wide parts a vendor neither sees nor opens."""

import json
import re
import uuid
import zoneinfo
from datetime import datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.images import get_image_model

from accounts.models import MembershipRole
from accounts.roles import Role
from cms.models import StorefrontPage
from cms.services import storefront_ensure
from marketplace.models import Product, ProductImage, ProductStatus
from marketplace.workspace_home import product_needs
from onboarding.workspace_home import vendor_home
from orders import services
from orders.models import Order, OrderStatus, PaymentMethod, PaymentState
from orders.workspace_home import shop_figures
from payments.models import AccountState, PaymentAccount
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, vendor
from tests.marketplace.factories import ProductFactory, image_upload
from tests.orders.factories import placed_group

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _sandbox(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PLATFORM_FEE_BPS = 500
    settings.MIN_PAYABLE_VND = 20_000


@pytest.fixture
def shop_a(db):
    business = BusinessFactory(trading_name="Cà Phê Sáng", can_take_payments=True)
    PaymentAccount.objects.create(
        business=business, provider="sandbox", provider_account_id="sbx_a", state=AccountState.READY
    )
    return business


@pytest.fixture
def owner_a(shop_a):
    return vendor(business=shop_a)


VN = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
NOW = datetime(2026, 4, 15, 12, tzinfo=VN)


def sold(*items, method, paid_at):
    group = placed_group(*items)
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=group.total,
        currency="VND",
        payment_id=f"sbx_{uuid.uuid4().hex[:8]}",
    )
    order = group.orders.get()
    Order.objects.filter(pk=order.pk).update(payment_method=method, paid_at=paid_at)
    return order


def waiting(*items, **state):
    order = placed_group(*items).orders.get()
    Order.objects.filter(pk=order.pk).update(**state)
    return order


def test_figures_count_waiting_orders_and_sales_by_day_month_and_method(shop_a):
    coffee = ProductFactory(business=shop_a, name="Cà phê phin", price=45_000, stock=50)
    tea = ProductFactory(business=shop_a, name="Trà sen", price=30_000, stock=50)
    sold((coffee, 2), method=PaymentMethod.VIETQR, paid_at=datetime(2026, 4, 15, 9, tzinfo=VN))
    sold((tea, 1), method=PaymentMethod.COD, paid_at=datetime(2026, 4, 15, 0, 10, tzinfo=VN))
    sold((tea, 2), method=PaymentMethod.VIETQR, paid_at=datetime(2026, 4, 2, 8, tzinfo=VN))
    # 31 March 23:30 in Vietnam (16:30 UTC): last month, not this one.
    sold((coffee, 1), method=PaymentMethod.PAYOS, paid_at=datetime(2026, 3, 31, 23, 30, tzinfo=VN))
    waiting((coffee, 1), payment_method=PaymentMethod.VIETQR)
    waiting(
        (coffee, 1),
        payment_method=PaymentMethod.VIETQR,
        payment_claimed_at=timezone.now(),
    )
    waiting((tea, 1), payment_method=PaymentMethod.PAYOS, payment_state=PaymentState.NEEDS_REVIEW)
    waiting((tea, 1), payment_method=PaymentMethod.COD, status=OrderStatus.PLACED)
    # A card still at the checkout is not the shop's to wait for.
    waiting((tea, 1), payment_method=PaymentMethod.STRIPE)

    figures = shop_figures(business_ids=[shop_a.pk], now=NOW)[shop_a.pk]

    # Paid orders are "to ship" (4 sold, all status paid) plus the COD one placed.
    assert (figures.waiting_payment, figures.waiting_confirmation, figures.waiting_shipping) == (
        1,
        2,
        5,
    )
    assert (figures.today.count, figures.today.amount) == (2, 90_000 + 30_000)
    assert figures.today.methods == [
        ("Chuyển khoản ngân hàng (VietQR)", 90_000),
        ("Thanh toán khi nhận hàng (COD)", 30_000),
    ]
    assert (figures.month.count, figures.month.amount) == (3, 90_000 + 30_000 + 60_000)
    assert dict(figures.month.by_method) == {"vietqr": 150_000, "cod": 30_000}


def test_product_needs_use_each_products_threshold(shop_a):
    low = ProductFactory(business=shop_a, name="Trà sen", stock=3, low_stock_threshold=5)
    ProductFactory(business=shop_a, name="Cà phê phin", stock=6, low_stock_threshold=5)
    at = ProductFactory(business=shop_a, name="Bánh mì", stock=2, low_stock_threshold=2)
    ProductFactory(business=shop_a, name="Bánh kem", stock=0, made_to_order=True)
    ProductFactory(business=shop_a, name="Cũ", stock=0, status=ProductStatus.ARCHIVED)
    pictured = ProductFactory(business=shop_a, name="Có ảnh", stock=50)
    picture = image_upload()
    image = get_image_model()(title="Ảnh", width=64, height=48)
    image.file = picture
    image.save()
    ProductImage.objects.create(product=pictured, image=image, alt_text="Ảnh")

    needs = product_needs(business_ids=[shop_a.pk])[shop_a.pk]

    assert [p.name for p in needs.low_stock_list] == [at.name, low.name]
    assert needs.low_stock == 2
    assert needs.products == 5
    assert needs.without_pictures == 4
    assert pictured not in needs.without_pictures_list


def test_checklist_next_step_follows_the_journey(shop_a, owner_a):
    storefront_ensure(business=shop_a)
    home = vendor_home(user=owner_a)
    shop = home.shops[0]
    assert [step.code for step in shop.checklist] == [
        "profile",
        "assessment",
        "payment_account",
        "storefront",
        "first_product",
        "first_sale",
    ]
    # Profile, payment account (fixture) and storefront (published when made) done; no assessment
    # yet: it is next, and the first product's step leads to the product form.
    assert [step.state for step in shop.checklist] == [
        "done",
        "not_started",
        "done",
        "done",
        "not_started",
        "not_started",
    ]
    assert shop.checklist[4].url == "/admin/snippets/marketplace/product/add/"
    assert shop.next_step.code == "assessment"
    assert home.together is None


def _shops(owner, count):
    for index in range(count):
        business = BusinessFactory(trading_name=f"Cửa hàng {index}", can_take_payments=True)
        MembershipFactory(user=owner, business=business, role=MembershipRole.OWNER)
        storefront_ensure(business=business)
        ProductFactory(business=business, name=f"Hàng {index}", stock=1)
        ProductFactory(business=business, name=f"Hàng đủ {index}", stock=40)


def _home_queries(client, owner):
    client.force_login(owner)
    client.get("/admin/")  # caches (site root paths, sessions) warm
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/admin/")
    assert response.status_code == 200
    assert 'data-testid="vendor-home"' in response.content.decode()
    return queries


def test_home_page_runs_as_many_queries_for_three_shops_as_for_one_and_writes_nothing(client):
    one, three = UserFactory(), UserFactory()
    _shops(one, 1)
    _shops(three, 3)
    counts = []
    for owner in (one, three):
        queries = _home_queries(client, owner)
        statements = {q["sql"].lstrip().split(" ", 1)[0].upper() for q in queries}
        assert statements == {"SELECT"}, statements
        counts.append(len(queries))
    assert counts[0] == counts[1]


# The home's own reads: businesses (with role, payment, counts), storefronts, assessments, drafts,
# waiting orders, sales, product counts, low-stock list, picture-less list.
HOME_QUERIES = 9


@pytest.mark.parametrize("shops", [1, 3])
def test_the_home_reads_a_fixed_number_of_queries(django_assert_num_queries, shops):
    owner = UserFactory()
    _shops(owner, shops)
    vendor_home(user=owner)  # site root paths cached
    with django_assert_num_queries(HOME_QUERIES):
        home = vendor_home(user=owner)
    assert len(home.shops) == shops
    assert all(shop.needs.low_stock == 1 for shop in home.shops)


def test_home_for_several_shops_adds_them_up(client):
    owner = UserFactory()
    _shops(owner, 3)
    client.force_login(owner)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="all-shops"' in html
    assert "Tất cả cửa hàng của tôi (3)" in html
    assert "3 sắp hết hàng" in html
    for index in range(3):
        assert f"Cửa hàng {index}" in html


def test_a_draft_storefront_says_it_is_not_live(client, shop_a, owner_a):
    page = storefront_ensure(business=shop_a)
    page.unpublish()
    client.force_login(owner_a)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="storefront-draft"' in html
    assert "khách hàng chưa thấy" in html.lower()


# Menus and site-wide screens by role -------------------------------------------------------------

SITE_WIDE = [
    "/admin/reports/site-history/",
    "/admin/reports/aging-pages/",
    "/admin/reports/workflow/",
    "/admin/reports/workflow_tasks/",
    "/admin/reports/page-types-usage/",
    "/admin/localize/reports/translations/",
    "/admin/pages/",
    "/admin/pages/search/?q=a",
]


def _menu_names(html):
    props = re.search(r'id="wagtail-sidebar-props"[^>]*>(.*?)</script>', html, re.S).group(1)
    return set(re.findall(r'"name": "([^"]+)"', json.dumps(json.loads(props))))


@pytest.mark.parametrize("role", [MembershipRole.OWNER, MembershipRole.STAFF])
def test_a_vendor_gets_no_site_wide_menu_summary_or_screens(client, shop_a, role):
    user = vendor(business=shop_a, role=role)
    storefront_ensure(business=shop_a)
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    names = _menu_names(html)
    assert {"explorer", "reports", "workflows", "site-history"} & names == set()
    assert {"my-storefront", "products", "orders"} <= names
    assert "w-summary" not in html
    for url in SITE_WIDE:
        assert client.get(url).status_code == 403, url
    page = StorefrontPage.objects.get(business=shop_a, locale__language_code="vi")
    response = client.get("/admin/my-storefront/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/pages/{page.pk}/edit/"


@pytest.mark.parametrize(
    "role", [Role.EDITOR, Role.PROGRAMME_MANAGER, Role.DATA_PROTECTION_OFFICER]
)
def test_site_roles_keep_their_menus_and_a_vendor_who_edits_too(client, shop_a, role):
    user = UserFactory(roles=[role])
    MembershipFactory(user=user, business=shop_a, role=MembershipRole.OWNER)
    client.force_login(user)
    html = client.get("/admin/").content.decode()
    assert "reports" in _menu_names(html)
    assert client.get("/admin/reports/site-history/").status_code != 403
    assert 'data-testid="vendor-home"' in html  # their shop's home as well


def test_the_home_of_someone_without_a_shop_has_no_shop_panel(client):
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    html = client.get("/admin/").content.decode()
    assert 'data-testid="vendor-home"' not in html
    assert "w-summary" in html


def test_low_stock_link_and_threshold_on_the_home(client, shop_a, owner_a):
    product = ProductFactory(business=shop_a, name="Trà sen", stock=1, low_stock_threshold=3)
    client.force_login(owner_a)
    html = client.get("/admin/").content.decode()
    assert f"/admin/snippets/marketplace/product/edit/{product.pk}/" in html
    assert "còn 1 (báo khi còn 3)" in html
    assert Product.objects.get(pk=product.pk).stock == 1


def test_sales_today_on_the_home(client, shop_a, owner_a):
    coffee = ProductFactory(business=shop_a, name="Cà phê phin", price=45_000, stock=10)
    sold((coffee, 2), method=PaymentMethod.VIETQR, paid_at=timezone.now() - timedelta(seconds=5))
    client.force_login(owner_a)
    html = client.get("/admin/").content.decode()
    assert 'data-testid="sales-today">90.000 ₫<' in html
