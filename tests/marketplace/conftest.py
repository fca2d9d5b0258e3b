"""Fixtures of the catalogue tests: one client per role of the security spec's matrix."""

import pytest
from django.core.cache import cache
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from accounts.models import MembershipRole
from accounts.roles import Role
from tests.factories import BusinessFactory, UserFactory, vendor


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def shop_a(db):
    return BusinessFactory(can_take_payments=True, trading_name="Cà Phê Sáng", slug="ca-phe-sang")


@pytest.fixture
def shop_b(db):
    return BusinessFactory(can_take_payments=True, trading_name="Gốm Lái Thiêu", slug="gom")


@pytest.fixture
def users(shop_a):
    admin = UserFactory(roles=[Role.ADMIN], email="admin@example.vn")
    admin.is_superuser = admin.is_staff = True
    admin.save()
    return {
        "anonymous": None,
        "shopper": UserFactory(roles=[Role.SHOPPER]),
        "vendor_owner": vendor(business=shop_a, role=MembershipRole.OWNER),
        "vendor_staff": vendor(business=shop_a, role=MembershipRole.STAFF),
        "programme_manager": UserFactory(roles=[Role.PROGRAMME_MANAGER]),
        "admin": admin,
    }


def token_client(user) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api():
    return APIClient()
