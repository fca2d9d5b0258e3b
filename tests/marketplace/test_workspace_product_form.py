"""The workspace's product form: the category picker is the tree (a group per top-level category,
its children indented), a one-shop owner's business is chosen for them, and each product has its
own low-stock threshold."""

import re

import pytest

from accounts.models import MembershipRole
from marketplace.models import Category
from tests.factories import BusinessFactory, MembershipFactory, vendor

pytestmark = pytest.mark.django_db

ADD = "/admin/snippets/marketplace/product/add/"


def test_the_category_picker_is_the_tree(client):
    shop = BusinessFactory()
    client.force_login(vendor(business=shop))
    html = client.get(ADD).content.decode()
    select = re.search(r'<select name="category".*?</select>', html, re.S).group(0)
    groups = re.findall(r'<optgroup label="([^"]+)">(.*?)</optgroup>', select, re.S)
    food = dict(groups)["Thực phẩm &amp; đồ uống"]
    options = re.findall(r'<option value="(\d+)"[^>]*>([^<]+)</option>', food)
    parent = Category.objects.get(slug="thuc-pham-do-uong")
    coffee = Category.objects.get(slug="ca-phe-tra")
    assert options[0] == (str(parent.pk), "Thực phẩm &amp; đồ uống")
    assert (str(coffee.pk), "\u2003\u2014 Cà phê &amp; trà") in options
    assert len(groups) == Category.objects.filter(parent=None).count()


def test_a_one_shop_owner_gets_their_business_chosen(client):
    shop = BusinessFactory(trading_name="Cà Phê Sáng")
    owner = vendor(business=shop)
    client.force_login(owner)
    html = client.get(ADD).content.decode()
    assert re.search(rf'<option value="{shop.pk}" selected>', html)
    MembershipFactory(user=owner, business=BusinessFactory(), role=MembershipRole.OWNER)
    html = client.get(ADD).content.decode()
    assert not re.search(rf'<option value="{shop.pk}" selected>', html)


def test_the_form_has_the_low_stock_threshold(client):
    client.force_login(vendor(business=BusinessFactory()))
    html = client.get(ADD).content.decode()
    assert 'name="low_stock_threshold"' in html
    assert "báo sắp hết hàng khi còn" in html.lower()
