"""Builders for the programme tests: assessments with chosen scores, and a hand-counted city."""

import datetime
from dataclasses import dataclass

from django.utils import timezone

from accounts.models import Business, BusinessType, Sector
from cms import services as cms_services
from marketplace.models import ProductStatus
from onboarding.models import Assessment, AssessmentStatus
from orders.models import Order, OrderGroup, OrderStatus, PaymentMethod, PaymentSource
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    PayOSChannel,
    PayOSChannelState,
)
from programme.services import business_facts_refresh
from tests.factories import BusinessFactory, ward
from tests.marketplace.factories import ProductFactory
from tests.payments.factories import PaymentAccountFactory

BEN_THANH = "26743"  # Quận 1
AN_NHON = "26876"  # Quận Gò Vấp
DIMENSIONS = ("S", "E", "P", "O", "C", "H")


def level_for(overall: float) -> str:
    for code, top in (("L0", 10), ("L1", 30), ("L2", 50), ("L3", 70), ("L4", 85)):
        if overall <= top:
            return code
    return "L5"


def assessment(business, *, overall, taken_at, answers=None, dimensions=None, level=None):
    """A submitted assessment with the given score (every dimension at ``overall`` unless
    ``dimensions`` says otherwise)."""
    scores = {code: float(overall) for code in DIMENSIONS}
    scores.update(dimensions or {})
    return Assessment.objects.create(
        business=business,
        version="2026.1",
        status=AssessmentStatus.SUBMITTED,
        answers=answers or {"E2": 0, "O1": 0, "O2": 0},
        dimension_scores=scores,
        overall=overall,
        unweighted_mean=overall,
        level=level or level_for(overall),
        taken_at=taken_at,
    )


def joined(business: Business, month: str) -> Business:
    year, number = map(int, month.split("-"))
    when = timezone.make_aware(datetime.datetime(year, number, 10, 9, 0))
    Business.objects.filter(pk=business.pk).update(created_at=when)
    business.created_at = when
    return business


def at(month: str, day: int = 15) -> datetime.datetime:
    year, number = map(int, month.split("-"))
    return timezone.make_aware(datetime.datetime(year, number, day, 10, 0))


def order(
    business,
    *,
    status=OrderStatus.PAID,
    paid_at=None,
    subtotal=100_000,
    method=PaymentMethod.STRIPE,
    source="",
    completed_at=None,
) -> Order:
    group = OrderGroup.objects.create(
        email="khach@example.vn",
        contact_name="Đặng An",
        phone="+84908000111",
        street_address="5 Pasteur",
        ward=business.ward,
        total=subtotal,
        expires_at=timezone.now(),
        paid_at=paid_at,
    )
    return Order.objects.create(
        group=group,
        business=business,
        subtotal=subtotal,
        fee_bps=500,
        platform_fee=subtotal // 20,
        status=status,
        paid_at=paid_at,
        completed_at=completed_at,
        payment_method=method,
        payment_source=source,
    )


def cod_sale(business, *, month: str, subtotal: int) -> Order:
    """A cash-on-delivery order delivered with the cash collected in ``month``."""
    when = at(month)
    return order(
        business,
        status=OrderStatus.COMPLETED,
        paid_at=when,
        completed_at=when,
        subtotal=subtotal,
        method=PaymentMethod.COD,
        source=PaymentSource.COD,
    )


def bank_account(business, *, confirmed: bool) -> BankAccount:
    return BankAccount.objects.create(
        business=business,
        bank_code="VCB",
        bank_bin="970436",
        account_number="0071000123456",
        holder_name="NGUYEN VAN A",
        state=BankAccountState.CONFIRMED if confirmed else BankAccountState.UNCONFIRMED,
        confirmed_at=timezone.now() if confirmed else None,
    )


def payos_channel(business, *, verified: bool) -> PayOSChannel:
    return PayOSChannel.objects.create(
        business=business,
        client_id="client",
        api_key="key",
        checksum_key="checksum",
        state=PayOSChannelState.VERIFIED if verified else PayOSChannelState.UNVERIFIED,
        verified_at=timezone.now() if verified else None,
    )


def can_be_paid(business: Business) -> None:
    """What the payments app records once a rail is ready (``Business.can_take_payments``)."""
    Business.objects.filter(pk=business.pk).update(can_take_payments=True)
    business.can_take_payments = True


@dataclass
class City:
    b1: Business
    b2: Business
    b3: Business
    b4: Business
    b5: Business
    b6: Business
    b7: Business
    inactive: Business


def city() -> City:
    """Seven active businesses (five in Bến Thành, two in An Nhơn) and one inactive one.

    b1 Bến Thành G household 2026-01: T0 20 (L1) -> 60 (L3, E2=2, E=100); card account ready;
       live shop + a product shoppers see; sales: 100,000 by VietQR (2026-04), 100,000 by card
       and 50,000 cash on delivery (2026-06)
    b2 Bến Thành G company   2026-01: 40 (L2, O1=3); card account needs information, bank account
       not confirmed: not ready
    b3 Bến Thành I household 2026-02: T0 55 (L3) -> 45 (L2); VietQR bank account confirmed;
       live shop, draft product only; an order never paid
    b4 Bến Thành I company   2026-02: never assessed; payOS channel verified; live shop whose only
       product is out of stock; 80,000 cash on delivery (2026-05)
    b5 Bến Thành C household 2026-03: 80 (L4, E2=4); live shop and an active product in stock,
       but no e-payment account, so shoppers cannot see it
    b6 An Nhơn   G household 2026-03: 5 (L0)
    b7 An Nhơn   G household 2026-03: never assessed; payOS channel not verified
    inactive Bến Thành G: 90 (L5), ready — counted nowhere

    Hand counts: registered 7, assessed 5, re-assessed 2, ready 3 (b1 b3 b4), storefront live 4,
    selling online 1 (b1), first sale 2 (b1 b4), digital platforms 3 (b1 b2 b5), L3+ 2 (b1 b5),
    sales 330,000 of which electronic 200,000 (60.6%).
    """
    w1, w2 = ward(BEN_THANH), ward(AN_NHON)
    household, company = BusinessType.HOUSEHOLD, BusinessType.COMPANY
    b1 = joined(BusinessFactory(ward=w1, sector=Sector.G, business_type=household), "2026-01")
    b2 = joined(BusinessFactory(ward=w1, sector=Sector.G, business_type=company), "2026-01")
    b3 = joined(BusinessFactory(ward=w1, sector=Sector.I, business_type=household), "2026-02")
    b4 = joined(BusinessFactory(ward=w1, sector=Sector.I, business_type=company), "2026-02")
    b5 = joined(BusinessFactory(ward=w1, sector=Sector.C, business_type=household), "2026-03")
    b6 = joined(BusinessFactory(ward=w2, sector=Sector.G, business_type=household), "2026-03")
    b7 = joined(BusinessFactory(ward=w2, sector=Sector.G, business_type=household), "2026-03")
    inactive = BusinessFactory(ward=w1, sector=Sector.G, is_active=False)

    assessment(b1, overall=20, taken_at=at("2026-01"))
    assessment(
        b1,
        overall=60,
        taken_at=at("2026-04"),
        answers={"E2": 2, "O1": 1, "O2": 0},
        dimensions={"E": 100.0},
    )
    assessment(b2, overall=40, taken_at=at("2026-02"), answers={"E2": 0, "O1": 3, "O2": 1})
    assessment(b3, overall=55, taken_at=at("2026-02"))
    assessment(b3, overall=45, taken_at=at("2026-05"))
    assessment(b5, overall=80, taken_at=at("2026-03"), answers={"E2": 4, "O1": 0, "O2": 0})
    assessment(b6, overall=5, taken_at=at("2026-03"))
    assessment(inactive, overall=90, taken_at=at("2026-03"))

    for business in (b1, inactive):
        PaymentAccountFactory(business=business, state=AccountState.READY, ready_at=at("2026-02"))
    PaymentAccountFactory(business=b2, state=AccountState.INFORMATION_NEEDED)
    bank_account(b2, confirmed=False)
    bank_account(b3, confirmed=True)
    payos_channel(b4, verified=True)
    payos_channel(b7, verified=False)
    for business in (b1, b3, b4, inactive):
        can_be_paid(business)

    for business in (b1, b3, b4, b5):
        cms_services.storefront_ensure(business=business)
    ProductFactory(business=b1)
    ProductFactory(business=b3, status=ProductStatus.DRAFT)
    ProductFactory(business=b4, stock=0)
    ProductFactory(business=b5)
    order(b1, paid_at=at("2026-04"), method=PaymentMethod.VIETQR, source=PaymentSource.MANUAL)
    order(b1, status=OrderStatus.COMPLETED, paid_at=at("2026-06"))
    cod_sale(b1, month="2026-06", subtotal=50_000)
    order(b3, status=OrderStatus.PENDING_PAYMENT)
    cod_sale(b4, month="2026-05", subtotal=80_000)
    business_facts_refresh()
    return City(b1, b2, b3, b4, b5, b6, b7, inactive)
