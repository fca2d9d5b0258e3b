"""Shops paid directly (VietQR, SePay, COD) for the tests/payments/test_vn_* modules."""

import copy
import json
from pathlib import Path

import pytest

from accounts.models import Business, MembershipRole
from orders import services as order_services
from orders.models import PaymentMethod
from payments import services
from payments.models import BankAccount
from payments.selectors import electronic_rail_ready_q
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import cart_with, contact

FIXTURES = Path(__file__).parent / "fixtures"
ACCOUNT = "0011001932418"


def sepay_fixture(name: str = "sepay_in", **changes) -> dict:
    data = json.loads((FIXTURES / f"{name}.json").read_text())
    data.update(changes)
    return copy.deepcopy(data)


def link_bank(business, owner, *, confirm=True, number=ACCOUNT) -> BankAccount:
    bank = services.bank_account_link(
        business=business,
        actor=owner,
        bank_code="VCB",
        account_number=number,
        holder_name="Nguyễn Thị Lan",
    )
    if confirm:
        bank = services.bank_account_confirm(business=business, actor=owner)
    return bank


def place_vietqr(*items):
    """Places ``(product, quantity)`` items, each shop paid by VietQR; returns the order group."""
    cart = cart_with(*items)
    shops = {product.business for product, _q in items}
    return order_services.order_group_place(
        cart=cart,
        user=None,
        contact=contact(),
        methods={shop.pk: PaymentMethod.VIETQR for shop in shops},
        allowed={shop.pk: [PaymentMethod.VIETQR] for shop in shops},
    )


@pytest.fixture
def shop(db):
    return BusinessFactory(trading_name="Cà Phê Sáng", owner_name="Nguyễn Thị Lan")


@pytest.fixture
def owner(shop):
    return vendor(business=shop)


@pytest.fixture
def staff(shop):
    return vendor(business=shop, role=MembershipRole.STAFF)


@pytest.fixture
def bank(shop, owner):
    return link_bank(shop, owner)


@pytest.fixture
def coffee(shop, bank):
    return ProductFactory(business=shop, name="Cà phê phin", price=45_000, stock=10)


@pytest.fixture
def order(coffee, shop):
    group = place_vietqr((coffee, 2))
    return group.orders.get(business=shop)


def electronic_rail_ready_business_ids() -> set[int]:
    """The businesses with an e-payment account in the programme's sense, read through
    ``payments.selectors.electronic_rail_ready_q`` (the oracle the rail tests compare with)."""
    return set(
        Business.objects.filter(electronic_rail_ready_q()).values_list("pk", flat=True).distinct()
    )
