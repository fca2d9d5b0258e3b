# ruff: noqa: F811 (the fixtures imported from vn_support are used as test arguments)
"""Shops paid directly: linking and self-testing the bank account, COD, SePay monitors, and
incoming transfers matched to orders (``payments.services``)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from accounts.models import Business
from core.errors import Conflict, DomainError, Forbidden
from orders.models import Order, OrderPaymentEvent, PaymentSource, PaymentState, ReviewReason
from payments import selectors, services
from payments.models import (
    AccountState,
    BankAccount,
    BankAccountState,
    ConfirmedVia,
    IncomingTransfer,
    PaymentAccount,
    SePayMonitor,
    ShopPaymentOptions,
    TransferState,
)
from tests.factories import BusinessFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.payments.vn_support import (  # noqa: F401 (fixtures)
    ACCOUNT,
    bank,
    coffee,
    electronic_rail_ready_business_ids,
    link_bank,
    order,
    owner,
    place_vietqr,
    shop,
    staff,
)

pytestmark = pytest.mark.django_db


def _receive(shop, *, memo, amount, txn="sepay-1", provider="sepay", account_number=""):
    return services.incoming_transfer_receive(
        business=shop,
        provider=provider,
        provider_txn_id=txn,
        amount=amount,
        memo=memo,
        received_at=timezone.now(),
        payload={"content": memo},
        account_number=account_number,
    )


# Linking the bank account ------------------------------------------------------------------------


def test_linking_stores_the_account_encrypted_and_waits_for_the_self_test(shop, owner):
    bank = services.bank_account_link(
        business=shop,
        actor=owner,
        bank_code="vcb",
        account_number=" 0011 0019 32418 ",
        holder_name="  Nguyễn  thị Lan ",
    )
    bank.refresh_from_db()
    assert (bank.bank_code, bank.bank_bin) == ("VCB", "970436")
    assert bank.account_number == ACCOUNT
    assert bank.holder_name == "NGUYEN THI LAN"
    assert bank.state == BankAccountState.UNCONFIRMED
    assert len(bank.self_test_code) == 8 and bank.self_test_memo == f"KT{bank.self_test_code}"
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT account_number, holder_name FROM payments_bankaccount WHERE id = %s", [bank.pk]
        )
        stored_number, stored_name = cursor.fetchone()
    assert ACCOUNT not in stored_number and "NGUYEN" not in stored_name
    # Not ready yet: an unconfirmed account does not let the shop sell.
    shop.refresh_from_db()
    assert shop.can_take_payments is False
    assert selectors.shop_rails(business=shop).vietqr is None


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"bank_code": "NOPE"}, "bank_code"),
        ({"bank_code": ""}, "bank_code"),
        ({"account_number": "12345"}, "account_number"),
        ({"account_number": "1" * 20}, "account_number"),
        ({"account_number": "0011A01932418"}, "account_number"),
        ({"account_number": ""}, "account_number"),
        ({"holder_name": "   "}, "holder_name"),
        ({"holder_name": "NGUYEN VAN 4N"}, "holder_name"),
        ({"holder_name": "Nguyễn Văn An!"}, "holder_name"),
        ({"holder_name": "李小龍"}, "holder_name"),
        ({"holder_name": "A" * 71}, "holder_name"),
    ],
)
def test_bad_bank_details_are_refused_naming_the_field(shop, owner, data, field):
    values = {"bank_code": "VCB", "account_number": ACCOUNT, "holder_name": "Nguyen Thi Lan"}
    values.update(data)
    with pytest.raises(DomainError) as caught:
        services.bank_account_link(business=shop, actor=owner, **values)
    assert caught.value.field == field
    assert not BankAccount.objects.exists()


def test_only_the_owner_links_or_confirms(shop, owner, staff):
    stranger = vendor()
    for actor in (staff, stranger):
        with pytest.raises(Forbidden):
            services.bank_account_link(
                business=shop,
                actor=actor,
                bank_code="VCB",
                account_number=ACCOUNT,
                holder_name="NGUYEN THI LAN",
            )
    link_bank(shop, owner, confirm=False)
    with pytest.raises(Forbidden):
        services.bank_account_confirm(business=shop, actor=staff)
    with pytest.raises(Forbidden):
        services.shop_cod_set(business=shop, actor=staff, enabled=True)
    with pytest.raises(Forbidden):
        services.sepay_monitor_connect(business=shop, actor=staff)
    assert BankAccount.objects.get().state == BankAccountState.UNCONFIRMED


def test_confirming_is_audited_and_makes_the_shop_ready(shop, owner):
    link_bank(shop, owner, confirm=False)
    bank = services.bank_account_confirm(business=shop, actor=owner)
    assert bank.state == BankAccountState.CONFIRMED
    assert bank.confirmed_by == owner
    assert bank.confirmed_via == ConfirmedVia.OWNER
    assert timezone.now() - bank.confirmed_at < timedelta(minutes=1)
    shop.refresh_from_db()
    assert shop.can_take_payments is True
    rails = selectors.shop_rails(business=shop)
    assert rails.vietqr.account_number == ACCOUNT and rails.methods == ["vietqr"]


def test_changing_the_account_asks_for_the_self_test_again(shop, owner, bank):
    code = bank.self_test_code
    same = link_bank(shop, owner, confirm=False)  # same details: nothing changes
    assert same.state == BankAccountState.CONFIRMED and same.self_test_code == code
    changed = link_bank(shop, owner, confirm=False, number="123456789")
    assert changed.state == BankAccountState.UNCONFIRMED
    assert changed.confirmed_by is None and changed.self_test_code != code
    shop.refresh_from_db()
    assert shop.can_take_payments is False


def test_confirming_without_an_account_is_a_conflict(shop, owner):
    with pytest.raises(Conflict):
        services.bank_account_confirm(business=shop, actor=owner)


def test_holder_name_suggestion_folds_the_owners_name(shop):
    assert services.holder_name_suggestion(business=shop) == "NGUYEN THI LAN"
    shop.owner_name = "Lan (chủ)"
    assert services.holder_name_suggestion(business=shop) == ""


# Readiness of the shop ---------------------------------------------------------------------------


def test_cod_alone_lets_a_shop_sell_and_turning_it_off_stops_it(shop, owner):
    services.shop_cod_set(business=shop, actor=owner, enabled=True)
    shop.refresh_from_db()
    assert shop.can_take_payments is True
    assert selectors.shop_rails(business=shop).methods == ["cod"]
    assert shop.pk not in electronic_rail_ready_business_ids()
    services.shop_cod_set(business=shop, actor=owner, enabled=False)
    shop.refresh_from_db()
    assert shop.can_take_payments is False
    assert ShopPaymentOptions.objects.get(business=shop).cod_enabled is False


def test_unlinking_keeps_the_shop_selling_on_its_other_rails(shop, owner, bank):
    services.shop_cod_set(business=shop, actor=owner, enabled=True)
    services.bank_account_unlink(business=shop, actor=owner)
    shop.refresh_from_db()
    assert shop.can_take_payments is True
    assert selectors.shop_rails(business=shop).methods == ["cod"]


def test_a_card_account_going_unready_keeps_a_shop_with_vietqr_selling(shop, owner, bank):
    from payments.providers.base import AccountStatus

    account = PaymentAccount.objects.create(
        business=shop, provider="sandbox", provider_account_id="sbx_1", state=AccountState.READY
    )
    services._apply_status(
        account,
        AccountStatus(
            account_id="sbx_1",
            charges_enabled=False,
            payouts_enabled=False,
            details_submitted=True,
            currently_due=("external_account",),
            past_due=("external_account",),
            disabled_reason="requirements.past_due",
        ),
        as_of=timezone.now(),
    )
    account.refresh_from_db()
    assert account.state == AccountState.RESTRICTED
    shop.refresh_from_db()
    assert shop.can_take_payments is True


# Incoming transfers --------------------------------------------------------------------------------


def test_an_exact_transfer_with_the_code_pays_the_order_once(shop, order):
    memo = f"MBVCB.3278907687.{order.payment_code}.CT tu 0011 NGUYEN VAN A"
    first = _receive(shop, memo=memo, amount=order.subtotal)
    assert first.duplicate is False
    assert first.outcome.state == PaymentState.PAID
    transfer = first.transfer
    assert (transfer.state, transfer.order, transfer.outcome) == (
        TransferState.MATCHED,
        order,
        PaymentState.PAID,
    )
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID
    assert order.payment_source == PaymentSource.MONITOR
    again = _receive(shop, memo=memo, amount=order.subtotal)
    assert again.duplicate is True and again.outcome is None
    assert IncomingTransfer.objects.count() == 1
    assert OrderPaymentEvent.objects.filter(order=order, kind="received").count() == 1
    order.refresh_from_db()
    assert order.amount_received == order.subtotal


def test_a_code_glued_to_other_words_is_still_found(shop, order):
    result = _receive(shop, memo=f"IBFT{order.payment_code.lower()}chuyen", amount=order.subtotal)
    assert result.outcome.state == PaymentState.PAID


@pytest.mark.parametrize(
    ("delta", "reason"), [(-1_000, ReviewReason.SHORT), (5_000, ReviewReason.OVER)]
)
def test_short_or_over_needs_review_with_the_reason(shop, order, delta, reason):
    result = _receive(shop, memo=order.payment_code, amount=order.subtotal + delta)
    assert result.outcome.state == PaymentState.NEEDS_REVIEW
    assert (result.transfer.outcome, result.transfer.reason) == (PaymentState.NEEDS_REVIEW, reason)
    order.refresh_from_db()
    assert (order.payment_state, order.payment_review_reason) == (
        PaymentState.NEEDS_REVIEW,
        reason,
    )


def test_unknown_or_missing_code_is_stored_unmatched(shop, order):
    unknown = _receive(shop, memo="CSZZZZZZZZ tien hang", amount=90_000, txn="a")
    missing = _receive(shop, memo="chuyen tien", amount=90_000, txn="b")
    assert (unknown.transfer.state, unknown.transfer.reason) == (
        TransferState.UNMATCHED,
        "unknown_code",
    )
    assert (missing.transfer.state, missing.transfer.reason) == (
        TransferState.UNMATCHED,
        "no_code",
    )
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_another_shops_code_pays_nothing_here(shop, order):
    other = BusinessFactory()
    result = _receive(other, memo=order.payment_code, amount=order.subtotal)
    assert result.transfer.state == TransferState.UNMATCHED
    assert result.transfer.business == other
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_a_transfer_into_another_account_waits_for_the_owner(shop, order):
    result = _receive(shop, memo=order.payment_code, amount=order.subtotal, account_number="999999")
    assert (result.transfer.state, result.transfer.reason) == (
        TransferState.UNMATCHED,
        "other_account",
    )
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_after_expiry_a_transfer_needs_review_and_stock_is_not_retaken(shop, order, coffee):
    from orders import services as order_services

    Order.objects.filter(pk=order.pk).update(
        payment_expires_at=timezone.now() - timedelta(minutes=1)
    )
    assert order_services.order_expire(order_id=order.pk)
    coffee.refresh_from_db()
    stock = coffee.stock
    result = _receive(shop, memo=order.payment_code, amount=order.subtotal)
    assert (result.outcome.state, result.outcome.reason) == (
        PaymentState.NEEDS_REVIEW,
        ReviewReason.LATE,
    )
    coffee.refresh_from_db()
    assert coffee.stock == stock


@pytest.mark.parametrize("amount", [0, -5, 1.5, True, "100"])
def test_a_bad_amount_is_refused_and_nothing_stored(shop, amount):
    with pytest.raises(DomainError):
        _receive(shop, memo="x", amount=amount)
    assert not IncomingTransfer.objects.exists()


def test_a_self_test_transfer_confirms_the_account(shop, owner):
    bank = link_bank(shop, owner, confirm=False)
    result = _receive(shop, memo=f"{bank.self_test_memo} kiem tra", amount=2_000)
    assert result.transfer.state == TransferState.SELF_TEST
    bank.refresh_from_db()
    assert (bank.state, bank.confirmed_via, bank.confirmed_by) == (
        BankAccountState.CONFIRMED,
        ConfirmedVia.TRANSFER,
        None,
    )
    assert Business.objects.get(pk=shop.pk).can_take_payments is True


def test_a_self_test_memo_into_another_account_confirms_nothing(shop, owner):
    bank = link_bank(shop, owner, confirm=False)
    result = _receive(shop, memo=bank.self_test_memo, amount=2_000, account_number="123456789")
    assert result.transfer.state == TransferState.UNMATCHED
    bank.refresh_from_db()
    assert bank.state == BankAccountState.UNCONFIRMED


def test_an_old_self_test_code_confirms_nothing(shop, owner):
    old = link_bank(shop, owner, confirm=False).self_test_memo
    link_bank(shop, owner, confirm=False, number="123456789")
    _receive(shop, memo=old, amount=2_000)
    assert BankAccount.objects.get().state == BankAccountState.UNCONFIRMED


# Matching by hand ----------------------------------------------------------------------------------


def test_the_owner_matches_an_unmatched_transfer_to_a_waiting_order(shop, owner, order):
    transfer = _receive(shop, memo="chuyen tien cafe", amount=order.subtotal).transfer
    result = services.incoming_transfer_match(transfer=transfer, order_id=order.pk, actor=owner)
    assert result.outcome.state == PaymentState.PAID
    transfer.refresh_from_db()
    assert (transfer.state, transfer.order, transfer.matched_by) == (
        TransferState.MATCHED,
        order,
        owner,
    )
    event = OrderPaymentEvent.objects.get(order=order, kind="received")
    assert event.actor == owner and event.reference == f"sepay:{transfer.provider_txn_id}"
    with pytest.raises(Conflict):
        services.incoming_transfer_match(transfer=transfer, order_id=order.pk, actor=owner)


def test_matching_refuses_other_shops_orders_and_paid_ones(shop, owner, order):
    transfer = _receive(shop, memo="x", amount=10_000, txn="t1").transfer
    other_shop = BusinessFactory(can_take_payments=True)
    other_owner = vendor(business=other_shop)
    link_bank(other_shop, other_owner, number="123456789")
    product = ProductFactory(business=other_shop, price=50_000)
    foreign = place_vietqr((product, 1)).orders.get()
    for order_id in (foreign.pk, 0):
        with pytest.raises(DomainError):
            services.incoming_transfer_match(transfer=transfer, order_id=order_id, actor=owner)
    _receive(shop, memo=order.payment_code, amount=order.subtotal, txn="t2")
    with pytest.raises(DomainError):
        services.incoming_transfer_match(transfer=transfer, order_id=order.pk, actor=owner)
    with pytest.raises(Forbidden):
        services.incoming_transfer_match(transfer=transfer, order_id=order.pk, actor=other_owner)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.UNMATCHED


def test_the_owner_sets_a_transfer_aside(shop, owner, staff):
    transfer = _receive(shop, memo="tien nha", amount=10_000).transfer
    with pytest.raises(Forbidden):
        services.incoming_transfer_ignore(transfer=transfer, actor=staff)
    services.incoming_transfer_ignore(transfer=transfer, actor=owner)
    transfer.refresh_from_db()
    assert transfer.state == TransferState.IGNORED
    assert not selectors.unmatched_transfers(business=shop).exists()


# SePay monitor -------------------------------------------------------------------------------------


def test_connecting_sepay_needs_a_bank_account_and_makes_a_new_key_each_time(shop, owner):
    with pytest.raises(Conflict):
        services.sepay_monitor_connect(business=shop, actor=owner)
    link_bank(shop, owner)
    first = services.sepay_monitor_connect(business=shop, actor=owner)
    second = services.sepay_monitor_connect(business=shop, actor=owner)
    assert first.api_key != second.api_key
    assert first.monitor.webhook_token != second.monitor.webhook_token
    monitor = SePayMonitor.objects.get()
    assert monitor.api_key == second.api_key and monitor.active
    assert selectors.shop_rails(business=shop).sepay is True
    services.sepay_monitor_disconnect(business=shop, actor=owner)
    assert selectors.shop_rails(business=shop).sepay is False
