"""Delivery: a shop's options, the fee by zone and the free-from threshold, the choice at checkout,
the fee in the amount paid and in the refund, shipping with carrier and tracking number."""

import uuid

import pytest

from core.errors import DomainError, NotFound
from orders import delivery, services
from orders.models import (
    Carrier,
    DeliveryKind,
    DeliveryOption,
    DeliveryPricing,
    DeliveryZone,
    Order,
    OrderGroup,
    OrderStatus,
    PaymentMethod,
    PaymentSource,
    PaymentState,
)
from orders.selectors import delivery_options_for
from tests.factories import UserFactory, vendor, ward
from tests.orders.factories import cart_with, contact

pytestmark = pytest.mark.django_db

BEN_THANH = "26743"  # Quận 1
BAN_CO = "27154"  # Quận 3
TAN_HUNG = "27475"  # Quận 7
THU_DAU_MOT = "25747"  # Bình Dương


def pickup(business, **changes):
    data = {
        "business": business,
        "kind": DeliveryKind.PICKUP,
        "pickup_address": "45 Lê Thánh Tôn, Phường Bến Thành",
        "pickup_hours": "8:00–20:00",
        "estimate_days_min": 0,
        "estimate_days_max": 0,
    }
    data.update(changes)
    return DeliveryOption.objects.create(**data)


def zoned(business, *, free_above=None):
    """Own delivery: Quận 1 at 15.000, Quận 7 at 30.000, Bàn Cờ (Quận 3) named at 20.000."""
    option = DeliveryOption.objects.create(
        business=business,
        kind=DeliveryKind.SHOP,
        name="Giao nội thành",
        pricing=DeliveryPricing.ZONES,
        free_above=free_above,
        estimate_days_min=0,
        estimate_days_max=2,
    )
    DeliveryZone.objects.create(
        option=option, name="Trung tâm", fee=15_000, former_districts=["Quận 1"]
    )
    DeliveryZone.objects.create(option=option, name="Xa", fee=30_000, former_districts=["Quận 7"])
    named = DeliveryZone.objects.create(option=option, name="Bàn Cờ", fee=20_000)
    named.wards.set([BAN_CO])
    return option


def flat(business, *, fee=25_000, free_above=None):
    return DeliveryOption.objects.create(
        business=business,
        kind=DeliveryKind.SHOP,
        pricing=DeliveryPricing.FLAT,
        flat_fee=fee,
        free_above=free_above,
        estimate_days_min=1,
        estimate_days_max=3,
    )


def _loaded(option):
    """The option as checkout reads it (zones and their wards prefetched)."""
    options = delivery_options_for(businesses=[option.business], active_only=False)
    return next(o for o in options[option.business_id] if o.pk == option.pk)


# The rules ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "fee", "zone"),
    [(BEN_THANH, 15_000, "Trung tâm"), (TAN_HUNG, 30_000, "Xa"), (BAN_CO, 20_000, "Bàn Cờ")],
)
def test_fee_by_zone_of_the_ward(shop_a, code, fee, zone):
    option = _loaded(zoned(shop_a))
    quote = delivery.quote(option, ward=ward(code), subtotal=100_000)
    assert (quote.fee, quote.zone_name, quote.waived) == (fee, zone, False)
    assert quote.label == f"Giao nội thành · {zone}"


def test_a_ward_in_no_zone_is_not_reached_but_pickup_and_flat_reach_everyone(shop_a):
    zone_option = _loaded(zoned(shop_a))
    assert delivery.quote(zone_option, ward=ward(THU_DAU_MOT), subtotal=100_000) is None
    pickup(shop_a, position=1)
    flat(shop_a)
    options = delivery_options_for(businesses=[shop_a])[shop_a.pk]
    found = delivery.quotes(options, ward=ward(THU_DAU_MOT), subtotal=100_000)
    # In the shop's order; the zoned delivery does not reach Thủ Dầu Một.
    assert [(q.option.kind, q.option.pricing, q.fee) for q in found] == [
        (DeliveryKind.SHOP, DeliveryPricing.FLAT, 25_000),
        (DeliveryKind.PICKUP, DeliveryPricing.FLAT, 0),
    ]


def test_a_ward_in_two_zones_costs_the_cheaper(shop_a):
    option = zoned(shop_a)
    DeliveryZone.objects.create(
        option=option, name="Khuyến mãi", fee=5_000, former_districts=["Quận 1"]
    )
    quote = delivery.quote(_loaded(option), ward=ward(BEN_THANH), subtotal=1)
    assert (quote.fee, quote.zone_name) == (5_000, "Khuyến mãi")


@pytest.mark.parametrize(
    ("subtotal", "fee", "waived"),
    [(299_999, 25_000, False), (300_000, 0, True), (900_000, 0, True)],
)
def test_free_from_the_threshold(shop_a, subtotal, fee, waived):
    option = _loaded(flat(shop_a, free_above=300_000))
    quote = delivery.quote(option, ward=ward(), subtotal=subtotal)
    assert (quote.fee, quote.waived) == (fee, waived)


def test_an_option_not_offered_reaches_nobody(shop_a):
    option = flat(shop_a)
    option.is_active = False
    option.save()
    assert delivery_options_for(businesses=[shop_a])[shop_a.pk] == []
    assert delivery.quote(_loaded(option), ward=ward(), subtotal=1) is None


def test_estimate_and_tracking_links():
    assert delivery.estimate_text(0, 0) == "Trong ngày"
    assert delivery.estimate_text(2, 2) == "2 ngày"
    assert delivery.estimate_text(0, 2) == "Từ trong ngày đến 2 ngày"
    assert delivery.estimate_text(1, 3) == "1–3 ngày"
    assert (
        delivery.tracking_url(Carrier.GHN, "GHN5F8A2")
        == "https://donhang.ghn.vn/?order_code=GHN5F8A2"
    )
    assert delivery.tracking_url(Carrier.JNT, "a/b") == (
        "https://jtexpress.vn/vi/tracking?type=track&billcode=a%2Fb"
    )
    assert delivery.tracking_url(Carrier.OWN, "X1") == ""
    assert delivery.tracking_url(Carrier.GHTK, "") == ""


# Checkout ----------------------------------------------------------------------------------------


def test_the_chosen_option_and_its_fee_are_copied_onto_the_order(shop_a, shop_b, coffee, bowl):
    option = zoned(shop_a)
    pickup(shop_b)
    cart = cart_with((coffee, 2), (bowl, 1))

    group = services.order_group_place(
        cart=cart, user=None, contact=contact(), deliveries={shop_a.pk: str(option.pk)}
    )

    cafe = group.orders.get(business=shop_a)
    pottery = group.orders.get(business=shop_b)
    assert (cafe.delivery_option_id, cafe.delivery_kind, cafe.delivery_label) == (
        option.pk,
        DeliveryKind.SHOP,
        "Giao nội thành · Trung tâm",
    )
    assert (cafe.delivery_fee, cafe.delivery_days_min, cafe.delivery_days_max) == (15_000, 0, 2)
    assert (cafe.subtotal, cafe.total) == (90_000, 105_000)
    # The shop's one pickup needs no choice; its details are kept.
    assert (pottery.delivery_kind, pottery.delivery_fee) == (DeliveryKind.PICKUP, 0)
    assert pottery.delivery_detail == "45 Lê Thánh Tôn, Phường Bến Thành · 8:00–20:00"
    assert group.total == 90_000 + 15_000 + 120_000
    # The platform's fee is on the goods only.
    assert cafe.platform_fee == 4_500
    assert cafe.vendor_share == 105_000 - 4_500
    # A later change of the option does not touch the order.
    DeliveryZone.objects.filter(option=option).update(fee=99_000)
    cafe.refresh_from_db()
    assert cafe.delivery_fee == 15_000


def test_an_option_that_does_not_reach_the_ward_is_refused_and_nothing_is_written(shop_a, coffee):
    option = zoned(shop_a)
    cart = cart_with((coffee, 1))
    with pytest.raises(DomainError) as refused:
        services.order_group_place(
            cart=cart,
            user=None,
            contact=contact(ward=ward(THU_DAU_MOT)),
            deliveries={shop_a.pk: str(option.pk)},
        )
    assert refused.value.field == f"delivery_{shop_a.pk}"
    assert "không giao đến Phường Thủ Dầu Một" in refused.value.message
    assert OrderGroup.objects.count() == 0
    coffee.refresh_from_db()
    assert coffee.stock == 10


@pytest.mark.parametrize("chosen", ["", "0", "abc", "other-shop"])
def test_a_choice_is_required_among_the_options_that_reach(shop_a, shop_b, coffee, chosen):
    pickup(shop_a)
    flat(shop_a)
    theirs = flat(shop_b)
    cart = cart_with((coffee, 1))
    wanted = str(theirs.pk) if chosen == "other-shop" else chosen
    with pytest.raises(DomainError) as refused:
        services.order_group_place(
            cart=cart, user=None, contact=contact(), deliveries={shop_a.pk: wanted}
        )
    assert refused.value.field == f"delivery_{shop_a.pk}"
    assert refused.value.message == "Hãy chọn cách Cà Phê Sáng giao hàng cho bạn."
    assert Order.objects.count() == 0


def test_a_shop_without_options_arranges_delivery_itself(shop_a, coffee):
    group = services.order_group_place(cart=cart_with((coffee, 1)), user=None, contact=contact())
    order = group.orders.get()
    assert (order.delivery_kind, order.delivery_fee, order.total) == ("", 0, 45_000)


# The fee in the amount paid ----------------------------------------------------------------------


def test_card_payment_amount_includes_each_shops_fee(shop_a, shop_b, coffee, bowl):
    zoned(shop_a)
    flat(shop_b, fee=25_000)
    group = services.order_group_place(
        cart=cart_with((coffee, 1), (bowl, 1)), user=None, contact=contact()
    )
    assert services.card_total(group) == 45_000 + 15_000 + 120_000 + 25_000
    # The provider reports the goods only: flagged, nothing paid.
    outcome, _group = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=165_000, currency="VND"
    )
    assert outcome == services.PaidOutcome.FLAGGED


def test_card_payment_of_the_full_amount_pays(shop_a, coffee):
    zoned(shop_a)
    group = services.order_group_place(cart=cart_with((coffee, 1)), user=None, contact=contact())
    outcome, _group = services.order_group_mark_paid(
        reference=group.reference, provider="sandbox", amount=60_000, currency="VND"
    )
    assert outcome == services.PaidOutcome.PAID


def _direct(shop, coffee, method=PaymentMethod.VIETQR):
    zoned(shop)
    group = services.order_group_place(
        cart=cart_with((coffee, 2)),
        user=None,
        contact=contact(),
        methods={shop.pk: method},
        allowed={shop.pk: [method]},
    )
    return group.orders.get()


def test_a_transfer_of_the_goods_only_is_short(shop_a, coffee):
    order = _direct(shop_a, coffee)
    outcome = services.order_payment_received(
        order=order, amount=90_000, source=PaymentSource.SANDBOX, reference="t1"
    )
    assert (outcome.state, outcome.reason) == (PaymentState.NEEDS_REVIEW, "short")
    rest = services.order_payment_received(
        order=order, amount=15_000, source=PaymentSource.SANDBOX, reference="t2"
    )
    assert rest.state == PaymentState.PAID


def test_a_transfer_of_goods_and_fee_pays(shop_a, coffee):
    order = _direct(shop_a, coffee)
    outcome = services.order_payment_received(
        order=order, amount=105_000, source=PaymentSource.SANDBOX, reference="t1"
    )
    assert outcome.state == PaymentState.PAID


def test_cash_on_delivery_collects_goods_and_fee(shop_a, coffee):
    order = _direct(shop_a, coffee, PaymentMethod.COD)
    owner = vendor(business=shop_a)
    order = services.order_cod_delivered(order=order, actor=owner)
    assert order.amount_received == 105_000


# The fee in the refund ---------------------------------------------------------------------------


@pytest.fixture
def paid_order(shop_a, coffee, tea):
    zoned(shop_a)
    group = services.order_group_place(
        cart=cart_with((coffee, 2), (tea, 1)), user=None, contact=contact()
    )
    services.order_group_mark_paid(
        reference=group.reference,
        provider="sandbox",
        amount=120_000 + 15_000,
        currency="VND",
        payment_id="sbx_pi_1",
    )
    return group.orders.get()


def test_refunding_everything_gives_the_fee_back(paid_order):
    lines = {line.name: line for line in paid_order.lines.all()}
    refund = services.order_refund(
        order=paid_order,
        quantities={lines["Cà phê phin"].pk: 2, lines["Trà sen"].pk: 1},
        key=uuid.uuid4(),
    )
    assert (refund.amount, refund.delivery_fee) == (135_000, 15_000)
    assert refund.provider_refund_id.startswith("sbx_re")
    paid_order.refresh_from_db()
    assert paid_order.status == OrderStatus.REFUNDED
    assert (paid_order.refunded_amount, paid_order.delivery_fee_refunded) == (135_000, 15_000)
    assert paid_order.net_total == 0


def test_a_partial_refund_keeps_the_fee_unless_asked(paid_order):
    lines = {line.name: line for line in paid_order.lines.all()}
    first = services.order_refund(
        order=paid_order, quantities={lines["Trà sen"].pk: 1}, key=uuid.uuid4()
    )
    assert (first.amount, first.delivery_fee) == (30_000, 0)
    fee_only = services.order_refund(
        order=paid_order, quantities={}, key=uuid.uuid4(), delivery_fee=True
    )
    assert (fee_only.amount, fee_only.delivery_fee) == (15_000, 15_000)
    with pytest.raises(DomainError):
        services.order_refund(order=paid_order, quantities={}, key=uuid.uuid4(), delivery_fee=True)
    # The last goods: the fee was already given back, it is not refunded twice.
    last = services.order_refund(
        order=paid_order, quantities={lines["Cà phê phin"].pk: 2}, key=uuid.uuid4()
    )
    assert (last.amount, last.delivery_fee) == (90_000, 0)
    paid_order.refresh_from_db()
    assert paid_order.refunded_amount == paid_order.total == 135_000
    assert paid_order.status == OrderStatus.REFUNDED


# Shipping ----------------------------------------------------------------------------------------


def test_ship_order_records_carrier_and_tracking(
    paid_order, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        order = services.ship_order(
            order=paid_order, carrier=Carrier.GHTK, tracking_number=" S1 2.A "
        )
    assert (order.status, order.carrier, order.tracking_number) == (
        OrderStatus.FULFILLED,
        "ghtk",
        "S12.A",
    )
    assert order.fulfilled_at is not None
    assert len(mailoutbox) == 1
    assert "Gửi qua: GHTK · mã vận đơn S12.A" in mailoutbox[0].body
    assert "Theo dõi đơn: https://i.ghtk.vn/S12.A" in mailoutbox[0].body


@pytest.mark.parametrize(
    ("carrier", "number", "field"),
    [
        ("", "X1", "carrier"),
        ("dhl", "X1", "carrier"),
        ("ghn", "", "tracking_number"),
        ("viettel_post", "mã-có-dấu", "tracking_number"),
        ("other", "x" * 65, "tracking_number"),
    ],
)
def test_ship_order_refuses_bad_carrier_details(paid_order, carrier, number, field):
    with pytest.raises(DomainError) as refused:
        services.ship_order(order=paid_order, carrier=carrier, tracking_number=number)
    assert refused.value.field == field
    paid_order.refresh_from_db()
    assert (paid_order.status, paid_order.carrier, paid_order.fulfilled_at) == (
        OrderStatus.PAID,
        "",
        None,
    )


def test_own_delivery_needs_no_tracking_number(paid_order):
    order = services.ship_order(order=paid_order, carrier=Carrier.OWN)
    assert (order.status, order.carrier, order.tracking_number) == (
        OrderStatus.FULFILLED,
        "own",
        "",
    )


def test_a_cash_on_delivery_order_is_sent_and_still_waits_for_its_cash(shop_a, coffee):
    order = _direct(shop_a, coffee, PaymentMethod.COD)
    assert order.status == OrderStatus.PLACED
    order = services.ship_order(order=order, carrier=Carrier.AHAMOVE, tracking_number="AHA1")
    assert (order.status, order.carrier) == (OrderStatus.PLACED, "ahamove")
    done = services.order_cod_delivered(order=order, actor=vendor(business=shop_a))
    assert done.status == OrderStatus.COMPLETED


def test_an_unpaid_order_cannot_be_sent(shop_a, coffee):
    group = services.order_group_place(cart=cart_with((coffee, 1)), user=None, contact=contact())
    with pytest.raises(DomainError):
        services.ship_order(order=group.orders.get(), carrier=Carrier.OWN)


# A shop's settings -------------------------------------------------------------------------------


def test_a_member_saves_zones_and_replaces_them(shop_a):
    owner = vendor(business=shop_a)
    option = services.delivery_option_save(
        business=shop_a,
        actor=owner,
        kind=DeliveryKind.SHOP,
        pricing=DeliveryPricing.ZONES,
        free_above=500_000,
        zones=[
            services.ZoneInput(name="Gần", fee=15_000, former_districts=("Quận 1",)),
            services.ZoneInput(name="Bàn Cờ", fee=20_000, ward_codes=(BAN_CO,)),
        ],
    )
    zones = {z.name: z for z in option.zones.all()}
    assert zones["Gần"].former_districts == ["Quận 1"]
    assert [w.pk for w in zones["Bàn Cờ"].wards.all()] == [BAN_CO]
    services.delivery_option_save(
        business=shop_a,
        actor=owner,
        option=option,
        kind=DeliveryKind.SHOP,
        pricing=DeliveryPricing.FLAT,
        flat_fee=30_000,
    )
    option.refresh_from_db()
    assert (option.pricing, option.flat_fee, option.zones.count()) == ("flat", 30_000, 0)


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"kind": DeliveryKind.PICKUP, "pickup_address": " "}, "pickup_address"),
        ({"pricing": DeliveryPricing.ZONES, "zones": []}, "pricing"),
        (
            {"pricing": DeliveryPricing.ZONES, "zones": [services.ZoneInput(name="A", fee=1)]},
            "zones",
        ),
        (
            {
                "pricing": DeliveryPricing.ZONES,
                "zones": [services.ZoneInput(name="A", fee=1, former_districts=("Quận 99",))],
            },
            "zones",
        ),
        ({"estimate_days_min": 3, "estimate_days_max": 1}, "estimate_days_min"),
        ({"kind": "drone"}, "kind"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_written(shop_a, changes, field):
    data = {"kind": DeliveryKind.SHOP, "pricing": DeliveryPricing.FLAT, "flat_fee": 10_000}
    data.update(changes)
    with pytest.raises(DomainError) as refused:
        services.delivery_option_save(business=shop_a, actor=vendor(business=shop_a), **data)
    assert refused.value.field == field
    assert DeliveryOption.objects.count() == 0


def test_another_shops_options_are_out_of_reach(shop_a, shop_b):
    stranger = UserFactory()
    with pytest.raises(NotFound):
        services.delivery_option_save(
            business=shop_a, actor=stranger, kind=DeliveryKind.SHOP, flat_fee=1
        )
    theirs = flat(shop_b)
    with pytest.raises(NotFound):
        services.delivery_option_save(
            business=shop_a,
            actor=vendor(business=shop_a),
            option=theirs,
            kind=DeliveryKind.SHOP,
            flat_fee=1,
        )
    with pytest.raises(NotFound):
        services.delivery_option_delete(option=theirs, actor=vendor(business=shop_a))
    assert DeliveryOption.objects.get(pk=theirs.pk).flat_fee == 25_000
