"""``payments.selectors.shop_rails_for`` (the shape checkout expects, in one query) and the
programme's "e-payment account" (an electronic rail ready)."""

import pytest

from orders.models import PaymentState
from orders.selectors import payment_methods_for
from payments import checkout, selectors
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    IncomingTransfer,
    PaymentAccount,
    PayOSChannel,
    PayOSChannelState,
    SePayMonitor,
    ShopPaymentOptions,
    TransferState,
)
from payments.vietqr import payload
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.payments.vn_support import (
    electronic_rail_ready_business_ids,
    link_bank,
    place_vietqr,
)

pytestmark = pytest.mark.django_db


def _bank(business, state=BankAccountState.CONFIRMED):
    return BankAccount.objects.create(
        business=business,
        bank_code="VCB",
        bank_bin="970436",
        account_number="0011001932418",
        holder_name="NGUYEN VAN A",
        state=state,
    )


def _payos(business, state=PayOSChannelState.VERIFIED):
    return PayOSChannel.objects.create(
        business=business,
        client_id="client-1",
        api_key="api-key-1",
        checksum_key="checksum-1",
        state=state,
    )


@pytest.fixture
def shops():
    from django.utils import timezone

    everything, vietqr_only, unconfirmed, cod_only, card, nothing, refused = (
        BusinessFactory() for _i in range(7)
    )
    _bank(everything)
    _payos(everything)
    ShopPaymentOptions.objects.create(business=everything, cod_enabled=True)
    SePayMonitor.objects.create(business=everything, api_key="k", connected_at=timezone.now())
    PaymentAccount.objects.create(
        business=everything, provider="stripe", provider_account_id="acct_1", state="ready"
    )
    _bank(vietqr_only)
    _bank(unconfirmed, BankAccountState.UNCONFIRMED)
    SePayMonitor.objects.create(business=unconfirmed, api_key="k", connected_at=timezone.now())
    _payos(unconfirmed, PayOSChannelState.UNVERIFIED)
    ShopPaymentOptions.objects.create(business=cod_only, cod_enabled=True)
    PaymentAccount.objects.create(
        business=card, provider="sandbox", provider_account_id="sbx_1", state=AccountState.READY
    )
    PaymentAccount.objects.create(
        business=nothing,
        provider="sandbox",
        provider_account_id="sbx_2",
        state=AccountState.UNDER_REVIEW,
    )
    _payos(refused, PayOSChannelState.REFUSED)
    return {
        "everything": everything,
        "vietqr_only": vietqr_only,
        "unconfirmed": unconfirmed,
        "cod_only": cod_only,
        "card": card,
        "nothing": nothing,
        "refused": refused,
    }


def test_shop_rails_match_the_contract(shops):
    rails = selectors.shop_rails_for(businesses=list(shops.values()))
    full = rails[shops["everything"].pk]
    assert (full.vietqr.bank_code, full.vietqr.bank_bin) == ("VCB", "970436")
    assert (full.vietqr.account_number, full.vietqr.holder_name) == (
        "0011001932418",
        "NGUYEN VAN A",
    )
    assert (full.payos.client_id, full.payos.api_key, full.payos.checksum_key) == (
        "client-1",
        "api-key-1",
        "checksum-1",
    )
    assert (full.cod, full.sepay, full.stripe) == (True, True, True)
    assert full.methods == ["vietqr", "payos", "cod", "stripe"]
    assert rails[shops["vietqr_only"].pk].methods == ["vietqr"]
    assert rails[shops["vietqr_only"].pk].sepay is False
    # Not confirmed / not verified: nothing offered; a monitor without a confirmed account neither.
    unconfirmed = rails[shops["unconfirmed"].pk]
    assert (unconfirmed.vietqr, unconfirmed.payos, unconfirmed.sepay) == (None, None, False)
    assert unconfirmed.methods == []
    assert rails[shops["cod_only"].pk].methods == ["cod"]
    assert rails[shops["card"].pk].methods == ["stripe"]
    assert rails[shops["nothing"].pk].methods == []
    assert rails[shops["refused"].pk].methods == []


def test_shop_rails_take_one_query_whatever_the_number_of_shops(shops, django_assert_num_queries):
    with django_assert_num_queries(1):
        selectors.shop_rails_for(businesses=[shops["everything"]])
    more = [BusinessFactory() for _i in range(5)]
    for business in more:
        _bank(business)
        _payos(business)
    with django_assert_num_queries(1):
        rails = selectors.shop_rails_for(businesses=list(shops.values()) + more)
    assert len(rails) == 12
    with django_assert_num_queries(0):
        assert selectors.shop_rails_for(businesses=[]) == {}


def test_checkout_asks_the_rails(shops):
    methods = payment_methods_for(businesses=[shops["everything"], shops["cod_only"]])
    assert methods == {
        shops["everything"].pk: ["vietqr", "payos", "cod", "stripe"],
        shops["cod_only"].pk: ["cod"],
    }


def test_electronic_rail_ready_counts_vietqr_payos_and_card_not_cod(shops):
    assert electronic_rail_ready_business_ids() == {
        shops["everything"].pk,
        shops["vietqr_only"].pk,
        shops["card"].pk,
    }


def test_an_unlinked_business_has_no_rails():
    business = BusinessFactory()
    rails = selectors.shop_rails(business=business)
    assert (rails.methods, rails.any, rails.electronic) == ([], False, False)


def test_checkout_pages_use_the_real_rails(client, settings):
    """The shopper's side (payments.checkout) on real rails: the QR block shows the confirmed
    account, and the sandbox's simulated transfer is stored as an incoming transfer and pays."""
    settings.PAYMENT_PROVIDER = "sandbox"
    shop = BusinessFactory(trading_name="Cà Phê Sáng", owner_name="Nguyễn Thị Lan")
    owner = vendor(business=shop)
    link_bank(shop, owner)
    product = ProductFactory(business=shop, price=45_000, stock=5)
    group = place_vietqr((product, 2))
    order = group.orders.get()
    [block] = checkout.payment_blocks(group=group)
    assert (block.account_number, block.holder_name, block.available) == (
        "0011001932418",
        "NGUYEN THI LAN",
        True,
    )
    data = payload.parse(block.payload)
    assert (data.bin, data.amount, data.memo) == ("970436", 90_000, order.payment_code)
    assert block.monitored is False
    outcome = checkout.sandbox_simulate_transfer(order=order)
    assert outcome.state == PaymentState.PAID
    transfer = IncomingTransfer.objects.get()
    assert (transfer.provider, transfer.state, transfer.order_id) == (
        "sandbox",
        TransferState.MATCHED,
        order.pk,
    )
