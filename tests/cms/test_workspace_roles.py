"""The workspace by role: a vendor reads no other shop's collection name; the programme manager
and the data-protection officer may not choose from the root collection; on their storefront an
owner's main button publishes."""

import json
import re

import pytest
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission

from accounts.models import MembershipRole
from accounts.roles import Role
from cms.services import storefront_ensure
from marketplace.models import BusinessCollection
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import image_upload

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.PROGRAMME_MANAGER, Role.DATA_PROTECTION_OFFICER])
def test_site_roles_hold_no_choose_on_the_root_collection(client, role):
    assert not GroupCollectionPermission.objects.filter(
        group__name=role,
        collection=Collection.get_first_root_node(),
        permission__codename__in=["choose_image", "choose_document"],
    ).exists()
    shop = BusinessFactory(trading_name="Gốm Sứ Minh Long Độc Quyền")
    storefront_ensure(business=shop)
    collection = BusinessCollection.objects.get(business=shop).collection
    image = get_image_model()(
        title="Ảnh riêng của shop", width=64, height=48, collection=collection
    )
    image.file = image_upload()
    image.save()
    client.force_login(UserFactory(roles=[role]))
    response = client.get("/admin/images/chooser/")
    html = _html(response)
    assert "Ảnh riêng của shop" not in html
    assert "Gốm Sứ Minh Long Độc Quyền" not in html


def _html(response) -> str:
    if response["Content-Type"].startswith("application/json"):
        return json.loads(response.content).get("html", "")
    return response.content.decode()


def test_a_vendor_reads_no_other_shops_collection_name(client):
    mine = BusinessFactory(trading_name="Cà Phê Sáng")
    other = BusinessFactory(trading_name="Gốm Sứ Minh Long Độc Quyền")
    owner = vendor(business=mine)
    storefront_ensure(business=mine)
    storefront_ensure(business=other)
    client.force_login(owner)
    for url in ("/admin/images/", "/admin/images/chooser/", "/admin/images/multiple/add/"):
        response = client.get(url)
        assert response.status_code == 200, url
        assert "Gốm Sứ Minh Long Độc Quyền" not in _html(response), url


def _primary_action(html: str) -> str:
    """The editor's main button: the first of its action menu."""
    menu = html[html.index('class="w-dropdown-button"') :]
    button = re.search(r"<button[^>]*>", menu).group(0)
    return "action-publish" if 'name="action-publish"' in button else "action-save"


@pytest.mark.parametrize(
    "role,primary",
    [(MembershipRole.OWNER, "action-publish"), (MembershipRole.STAFF, "action-save")],
)
def test_an_owners_main_storefront_button_publishes(client, role, primary):
    shop = BusinessFactory(trading_name="Cà Phê Sáng")
    user = vendor(business=shop, role=role)
    page = storefront_ensure(business=shop)
    client.force_login(user)
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    assert _primary_action(html) == primary
