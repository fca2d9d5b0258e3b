"""Every workspace screen a vendor owner, vendor staff, editor, programme manager or
data-protection officer reaches reads in Vietnamese: no English word in its text, its labels read
aloud or its menus (brand and proper names, and the records' own data, aside)."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from wagtail.images import get_image_model
from wagtail.models import Collection, Page, Task, Workflow

from accounts.models import Business, MembershipRole
from accounts.roles import Role
from cms import services as cms_services
from cms.models import GuidePage
from marketplace.models import Product
from tests.cms.factories import guide
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import ProductFactory, image_upload
from tests.orders.test_workspace import paid
from tests.workspace_i18n.scan import english_in

pytestmark = pytest.mark.django_db

ROLES = ["vendor_owner", "vendor_staff", "editor", "programme_manager", "dpo"]


@pytest.fixture
def world():
    shop = BusinessFactory(trading_name="Cà Phê Sáng", can_take_payments=True)
    owner = vendor(business=shop, role=MembershipRole.OWNER)
    staff = vendor(business=shop, role=MembershipRole.STAFF)
    storefront = cms_services.storefront_ensure(business=shop)
    product = ProductFactory(business=shop, name="Cà phê trứng", price=55_000, stock=10)
    order = paid((product, 2)).orders.get()
    guide_page = guide("ban-hang-online", title="Bán hàng trực tuyến")
    picture = get_image_model()(title="Ly cà phê", uploaded_by_user=owner, width=64, height=48)
    picture.file = SimpleUploadedFile("ly.jpg", image_upload().read())
    picture.save()
    users = {
        "vendor_owner": owner,
        "vendor_staff": staff,
        "editor": UserFactory(roles=[Role.EDITOR]),
        "programme_manager": UserFactory(roles=[Role.PROGRAMME_MANAGER]),
        "dpo": UserFactory(roles=[Role.DATA_PROTECTION_OFFICER]),
    }
    return {
        "users": users,
        "shop": shop,
        "storefront": storefront,
        "product": product,
        "guide": guide_page,
        "picture": picture,
        "order": order,
    }


def _screens(world) -> list[str]:
    product = world["product"].pk
    storefront = world["storefront"]
    guide_page = world["guide"]
    guides = Page.objects.type(GuidePage).first().get_parent()
    return [
        "/admin/",
        "/admin/pages/",
        f"/admin/pages/{storefront.get_parent().pk}/",
        f"/admin/pages/{storefront.pk}/edit/",
        f"/admin/pages/{storefront.pk}/history/",
        f"/admin/pages/{guides.pk}/",
        f"/admin/pages/{guide_page.pk}/edit/",
        f"/admin/pages/{guides.pk}/add_subpage/",
        "/admin/pages/search/?q=c%C3%A0",
        "/admin/snippets/",
        "/admin/snippets/marketplace/product/",
        "/admin/snippets/marketplace/product/add/",
        f"/admin/snippets/marketplace/product/edit/{product}/",
        f"/admin/snippets/marketplace/product/history/{product}/",
        "/admin/images/",
        f"/admin/images/{world['picture'].pk}/",
        "/admin/images/multiple/add/",
        "/admin/documents/",
        "/admin/documents/multiple/add/",
        "/admin/reports/locked/",
        "/admin/reports/site-history/",
        "/admin/reports/aging-pages/",
        "/admin/reports/workflow/",
        "/admin/reports/workflow_tasks/",
        "/admin/account/",
        "/admin/choose-page/",
        "/admin/images/chooser/",
        "/admin/documents/chooser/",
        "/admin/products/import/",
        "/admin/orders/",
        f"/admin/orders/{world['order'].pk}/",
        "/admin/programme/",
    ]


def _records_own_words() -> frozenset[str]:
    """What the records themselves say (titles, names), shown as entered: Wagtail's root page is
    "Root" and its default workflow "Moderators approval" (data made by Wagtail's migrations),
    and an English translation of a guide has an English title."""
    return frozenset(
        [
            *Page.objects.values_list("title", flat=True),
            *Workflow.objects.values_list("name", flat=True),
            *Task.objects.values_list("name", flat=True),
            *Collection.objects.values_list("name", flat=True),
            *Business.objects.values_list("trading_name", flat=True),
            *Product.objects.values_list("name", flat=True),
            *get_image_model().objects.values_list("title", flat=True),
            # Stored under a random hex name (re-encoded uploads): "…0be33b…" is no English "be".
            *(
                name.rsplit("/", 1)[-1]
                for name in get_image_model().objects.values_list("file", flat=True)
            ),
        ]
    )


def _html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


@pytest.mark.parametrize("role", ROLES)
def test_workspace_screens_speak_vietnamese(client, world, role):
    client.force_login(world["users"][role])
    client.cookies["django_language"] = "vi"
    allowed = _records_own_words()
    findings = {}
    visited = 0
    for url in _screens(world):
        response = client.get(url)
        if response.status_code != 200:
            continue
        visited += 1
        english = english_in(_html(response), allowed=allowed)
        if english:
            findings[url] = english
    assert visited >= 5
    assert findings == {}, json.dumps(findings, ensure_ascii=False, indent=1)


def test_the_order_page_shows_phone_and_amounts_the_vietnamese_way(client, world):
    client.force_login(world["users"]["vendor_owner"])
    html = client.get(f"/admin/orders/{world['order'].pk}/").content.decode()
    assert "0903 555 111" in html
    assert "+84903555111" not in html
    assert "110.000 ₫" in html
