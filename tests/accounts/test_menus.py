"""Member-only workspace menu items ask once per request whether the person is a member."""

import pytest
from django.test import RequestFactory

from accounts.menus import MemberMenuItem
from tests.factories import BusinessFactory, MembershipFactory, UserFactory

pytestmark = pytest.mark.django_db


def _request(user):
    request = RequestFactory().get("/admin/")
    request.user = user
    return request


def test_every_member_item_of_one_request_shares_one_query(django_assert_num_queries):
    member = MembershipFactory(business=BusinessFactory()).user
    request = _request(member)
    items = [MemberMenuItem(name, "/admin/x/", name=name) for name in ("a", "b", "c")]
    with django_assert_num_queries(1):
        assert all(item.is_shown(request) for item in items)


def test_people_outside_any_business_do_not_see_them():
    request = _request(UserFactory())
    assert not MemberMenuItem("Orders", "/admin/orders/", name="orders").is_shown(request)
