"""Fixtures of the privacy-rights tests: a shop that takes payments, and a person with one of
everything the platform can hold about them (plus another person, who must never leak)."""

from dataclasses import dataclass

import pytest
from django.core.cache import cache

from accounts.models import Business, User
from accounts.roles import Role
from orders.models import OrderGroup, OrderStatus
from payments.models import AccountState, BankAccount, PaymentAccount
from privacy import services as privacy_services
from privacy.models import Address, ConsentPurpose, ConsentSource
from tests.factories import BusinessFactory, MembershipFactory, UserFactory, valid_tax_code
from tests.marketplace.factories import ProductFactory
from tests.onboarding.factories import take_assessment
from tests.orders.factories import placed_group


@pytest.fixture
def shop(db):
    business = BusinessFactory(trading_name="Quán Bánh Mì Đêm", can_take_payments=True)
    PaymentAccount.objects.create(
        business=business, provider="sandbox", provider_account_id="sbx_shop", state="ready"
    )
    return business


@pytest.fixture
def bread(shop):
    return ProductFactory(business=shop, name="Bánh mì thịt", price=30_000, stock=50)


@dataclass
class Person:
    user: User
    business: Business
    group: OrderGroup
    address: Address
    # Every identifying value, as typed: none may survive a deletion anywhere in the database.
    values: dict


def make_person(n: int, *, bread, dpo=None) -> Person:
    name_first, name_last = ("Thảo", "Trần Phương") if n == 1 else ("Quân", "Lê Minh")
    full = f"{name_last} {name_first}"
    values = {
        "email": f"person{n}.private@example.vn",
        "first_name": name_first,
        "last_name": name_last,
        "phone": f"+8491234{n}678",
        "address_phone": f"+8491234{n}679",
        "address_street": f"{n}8 Đường Hoa Sứ Tím",
        "order_phone": f"+8491234{n}671",
        "order_street": f"{n}9 Ngõ Sen Hồng",
        "business_owner": full,
        "business_phone": f"+8491234{n}670",
        "business_email": f"shop{n}.private@example.vn",
        "business_street": f"{n}7 Phố Lụa Vàng",
        "tax_code": valid_tax_code(9000 + n),
        "bank_holder": f"HOLDER {n} {full.upper()}",
        "bank_number": f"99887766{n}",
    }
    user = UserFactory(email=values["email"], first_name=name_first, last_name=name_last)
    privacy_services.details_update(
        user=user, first_name=name_first, last_name=name_last, phone=values["phone"]
    )
    address = privacy_services.address_save(
        user=user,
        label="Nhà",
        contact_name=full,
        phone=values["address_phone"],
        street_address=values["address_street"],
        ward_code="26743",
    )
    business = BusinessFactory(
        owner_name=full,
        phone=values["business_phone"],
        email=values["business_email"],
        street_address=values["business_street"],
        tax_code=values["tax_code"],
    )
    MembershipFactory(user=user, business=business)
    PaymentAccount.objects.create(
        business=business,
        provider="sandbox",
        provider_account_id=f"sbx_p{n}",
        state=AccountState.READY,
    )
    BankAccount.objects.create(
        business=business,
        bank_code="VCB",
        bank_bin="970436",
        account_number=values["bank_number"],
        holder_name=values["bank_holder"],
    )
    privacy_services.consent_give(
        user=user, purpose=ConsentPurpose.MARKETING, source=ConsentSource.SIGNUP
    )
    privacy_services.consent_give(
        user=user,
        purpose=ConsentPurpose.PROGRAMME,
        business_id=business.pk,
        source=ConsentSource.BUSINESS_PROFILE,
    )
    take_assessment(business=business, user=user)
    group = placed_group(
        (bread, 2),
        user=user,
        email=values["email"],
        contact_name=full,
        phone=values["order_phone"],
        street_address=values["order_street"],
    )
    group.orders.update(status=OrderStatus.COMPLETED)
    if dpo is not None:
        privacy_services.access_log_record(
            actor=dpo, subject=business, fields=["phone"], reason=f"follow-up call {n}"
        )
    return Person(user=user, business=business, group=group, address=address, values=values)


@pytest.fixture
def dpo(db):
    return UserFactory(email="dpo@example.vn", roles=[Role.DATA_PROTECTION_OFFICER])


@pytest.fixture
def person(bread, dpo):
    return make_person(1, bread=bread, dpo=dpo)


@pytest.fixture
def other_person(bread, dpo):
    return make_person(2, bread=bread, dpo=dpo)


@pytest.fixture(autouse=True)
def _own_cache(settings):
    """Rate-limit counters in a fresh in-process cache: never shared with other test runs."""
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
    cache.clear()
    yield
    cache.clear()
