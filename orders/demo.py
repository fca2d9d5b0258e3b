"""Demo orders: a few paid, sent and completed orders of the demo shopper and a guest, and every
demo shop's delivery options (pickup at the shop, and its own delivery in the inner city by zone
or at one fee across the city, free above an amount).

Runs before the payments demo (lower layer first), when no demo shop can take payments yet, so the
groups are written as history directly rather than through checkout; their stock is taken off the
products as a sale would. Idempotent: each demo group has a fixed reference and is made once.
"""

import uuid
from datetime import timedelta

from django.conf import settings
from django.db.models import F
from django.utils import timezone

from accounts.models import Business, User, Ward
from core.events import OrderChanged, publish
from marketplace.models import Product, ProductStatus
from orders import delivery
from orders.models import (
    Carrier,
    DeliveryKind,
    DeliveryOption,
    DeliveryPricing,
    DeliveryZone,
    GroupStatus,
    Order,
    OrderGroup,
    OrderLine,
    OrderStatus,
)
from orders.services import platform_fee

NAMESPACE = uuid.UUID("5b0f2f3e-7f1c-4d8a-9a57-0c5f1a0f6d21")

# (key, shopper email or None for a guest, days ago, [(shop index, [(product index, quantity)],
#  status)])
DEMO_GROUPS = [
    ("demo-1", "shopper@choso.local", 9, [(0, [(0, 2), (2, 3)], OrderStatus.COMPLETED)]),
    (
        "demo-2",
        "shopper@choso.local",
        3,
        [(0, [(1, 1)], OrderStatus.FULFILLED), (1, [(0, 1)], OrderStatus.PAID)],
    ),
    ("demo-3", None, 1, [(2, [(0, 1), (1, 1)], OrderStatus.PAID)]),
]

GUEST = ("khach.demo@example.vn", "Phạm Thị Mai", "+84912000111", "88 Pasteur")

# Zones of the demo shops' own delivery, by the former districts their wards were made from.
NEAR = ("Quận 1", "Quận 3", "Quận 4", "Quận 5", "Quận 10", "Quận Phú Nhuận", "Quận Bình Thạnh")
FAR = (
    "Quận 6",
    "Quận 7",
    "Quận 8",
    "Quận 11",
    "Quận 12",
    "Quận Gò Vấp",
    "Quận Tân Bình",
    "Quận Tân Phú",
    "Quận Bình Tân",
    "Thành phố Thủ Đức",
)


def _delivery_options(business: Business) -> None:
    """A pickup at the shop and the shop's own delivery: every other shop prices it by zone
    (inner city near, further out), the others at one fee; free from 500.000 ₫."""
    if DeliveryOption.objects.filter(business=business).exists():
        return
    DeliveryOption.objects.create(
        business=business,
        kind=DeliveryKind.PICKUP,
        pickup_address=f"{business.street_address}, {business.ward.full_name}",
        pickup_hours="8:00–20:00, thứ Hai – thứ Bảy",
        estimate_days_min=0,
        estimate_days_max=0,
        position=1,
    )
    if business.pk % 2:
        option = DeliveryOption.objects.create(
            business=business,
            kind=DeliveryKind.SHOP,
            name="Giao hàng nội thành",
            pricing=DeliveryPricing.ZONES,
            free_above=500_000,
            estimate_days_min=0,
            estimate_days_max=2,
        )
        DeliveryZone.objects.create(
            option=option, name="Trung tâm", fee=15_000, former_districts=list(NEAR)
        )
        DeliveryZone.objects.create(
            option=option, name="Ngoại vi", fee=30_000, former_districts=list(FAR)
        )
    else:
        DeliveryOption.objects.create(
            business=business,
            kind=DeliveryKind.SHOP,
            name="Giao tận nơi toàn thành phố",
            pricing=DeliveryPricing.FLAT,
            flat_fee=25_000,
            free_above=500_000,
            estimate_days_min=1,
            estimate_days_max=3,
        )


def _delivery_of(business: Business, ward: Ward, subtotal: int) -> dict:
    """The demo order's copy of the shop's own delivery to ``ward`` (as checkout makes it)."""
    options = DeliveryOption.objects.filter(business=business, kind=DeliveryKind.SHOP)
    found = delivery.quotes(options.prefetch_related("zones__wards"), ward=ward, subtotal=subtotal)
    if not found:
        return {}
    choice = found[0]
    return {
        "delivery_option": choice.option,
        "delivery_kind": choice.option.kind,
        "delivery_label": choice.label,
        "delivery_days_min": choice.option.estimate_days_min,
        "delivery_days_max": choice.option.estimate_days_max,
        "delivery_fee": choice.fee,
    }


def _shops() -> list[tuple[Business, list[Product]]]:
    shops = []
    for business in Business.objects.order_by("pk"):
        products = list(
            Product.objects.filter(
                business=business, status=ProductStatus.ACTIVE, stock__gte=5
            ).order_by("pk")[:3]
        )
        if len(products) >= 3:
            shops.append((business, products))
    return shops


def _create(key, user, days_ago, parts, shops, ward) -> bool:
    reference = uuid.uuid5(NAMESPACE, key)
    if OrderGroup.objects.filter(reference=reference).exists():
        return False
    if user is not None:
        email, name, phone, street = (
            user.email,
            user.get_full_name(),
            "+84903111222",
            "45 Lý Tự Trọng",
        )
    else:
        email, name, phone, street = GUEST
    when = timezone.now() - timedelta(days=days_ago)
    lines = []
    for shop_index, items, status in parts:
        business, products = shops[shop_index]
        lines.append((business, [(products[i], q) for i, q in items], status))
    deliveries = {
        business.pk: _delivery_of(business, ward, sum(p.price * q for p, q in items))
        for business, items, _s in lines
    }
    total = sum(p.price * q for _b, items, _s in lines for p, q in items) + sum(
        d.get("delivery_fee", 0) for d in deliveries.values()
    )
    group = OrderGroup.objects.create(
        reference=reference,
        user=user,
        email=email,
        contact_name=name,
        phone=phone,
        street_address=street,
        ward=ward,
        language="vi",
        total=total,
        status=GroupStatus.PAID,
        provider="sandbox",
        provider_session_id=f"sbx_cs_{key}",
        provider_payment_id=f"sbx_pi_{key}",
        expires_at=when + timedelta(minutes=35),
        paid_at=when,
    )
    fee_bps = settings.PLATFORM_FEE_BPS
    for business, items, status in lines:
        subtotal = sum(p.price * q for p, q in items)
        order = Order.objects.create(
            group=group,
            business=business,
            subtotal=subtotal,
            fee_bps=fee_bps,
            platform_fee=platform_fee(subtotal=subtotal, fee_bps=fee_bps),
            status=status,
            paid_at=when,
            **deliveries[business.pk],
            carrier=Carrier.GHN if status != OrderStatus.PAID else "",
            tracking_number=f"GHN{reference.hex[:8].upper()}" if status != OrderStatus.PAID else "",
            fulfilled_at=when + timedelta(days=1) if status != OrderStatus.PAID else None,
            completed_at=when + timedelta(days=3) if status == OrderStatus.COMPLETED else None,
        )
        for product, quantity in items:
            OrderLine.objects.create(
                order=order,
                product=product,
                name=product.name,
                unit_price=product.price,
                quantity=quantity,
            )
            Product.objects.filter(pk=product.pk, stock__gte=quantity).update(
                stock=F("stock") - quantity
            )
    return True


def seed(*, stdout, style, password):
    for business in Business.objects.select_related("ward").order_by("pk"):
        _delivery_options(business)
    shops = _shops()
    if len(shops) < 3:
        stdout.write("orders: not enough demo shops with products; no demo orders")
        return
    shopper = User.objects.filter(email="shopper@choso.local").first()
    ward = Ward.objects.get(code="26743")
    made = sum(
        _create(key, shopper if email else None, days, parts, shops, ward)
        for key, email, days, parts in DEMO_GROUPS
    )
    if made:
        # Rows made directly (history cannot be placed through the services): said once per shop.
        for business, _products in shops:
            publish(OrderChanged(business_id=business.pk))
    stdout.write(f"orders: {made} demo order groups created")
