"""Fixtures of the orders tests: two shops that can take payments, each with products."""

import pytest

from accounts.models import MembershipRole
from payments.models import AccountState, PaymentAccount
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory


@pytest.fixture
def shop_a(db):
    business = BusinessFactory(trading_name="Cà Phê Sáng", can_take_payments=True)
    PaymentAccount.objects.create(
        business=business,
        provider="sandbox",
        provider_account_id="sbx_acct_a",
        state=AccountState.READY,
    )
    return business


@pytest.fixture
def shop_b(db):
    business = BusinessFactory(trading_name="Gốm Sứ Minh Long", can_take_payments=True)
    PaymentAccount.objects.create(
        business=business,
        provider="sandbox",
        provider_account_id="sbx_acct_b",
        state=AccountState.READY,
    )
    return business


@pytest.fixture
def coffee(shop_a):
    return ProductFactory(business=shop_a, name="Cà phê phin", price=45_000, stock=10)


@pytest.fixture
def tea(shop_a):
    return ProductFactory(business=shop_a, name="Trà sen", price=30_000, stock=3)


@pytest.fixture
def bowl(shop_b):
    return ProductFactory(business=shop_b, name="Bát gốm men lam", price=120_000, stock=5)


@pytest.fixture
def owner_a(shop_a):
    return vendor(business=shop_a)


@pytest.fixture
def owner_b(shop_b):
    return vendor(business=shop_b, role=MembershipRole.OWNER)


@pytest.fixture(autouse=True)
def _sandbox(settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PLATFORM_FEE_BPS = 500
    settings.MIN_PAYABLE_VND = 20_000
