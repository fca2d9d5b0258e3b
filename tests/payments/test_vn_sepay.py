# ruff: noqa: F811 (the fixtures imported from vn_support are used as test arguments)
"""The SePay webhook ``/payments/sepay/<token>/``: verified on the raw body before anything is
written, stored once per SePay id, matched by payment code (fixtures per SePay's documentation)."""

import json

import pytest

from orders.models import OrderPaymentEvent, PaymentState, ReviewReason
from payments import services
from payments.models import BankAccountState, IncomingTransfer, SePayMonitor, TransferState
from payments.sepay import notification
from tests.payments.vn_support import (  # noqa: F401 (fixtures)
    ACCOUNT,
    bank,
    coffee,
    link_bank,
    order,
    owner,
    sepay_fixture,
    shop,
    staff,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def monitor(shop, owner, bank):
    connected = services.sepay_monitor_connect(business=shop, actor=owner)
    return connected.monitor, connected.api_key


def _post(client, monitor, data=None, *, key=None, header=None, body=None):
    mon, api_key = monitor
    raw = body if body is not None else json.dumps(data if data is not None else sepay_fixture())
    headers = {}
    if header is not None:
        headers["HTTP_AUTHORIZATION"] = header
    else:
        headers["HTTP_AUTHORIZATION"] = f"Apikey {key or api_key}"
    return client.post(
        f"/payments/sepay/{mon.webhook_token}/",
        data=raw,
        content_type="application/json",
        **headers,
    )


def test_the_documented_payload_is_read():
    note = notification.parse(json.dumps(sepay_fixture()).encode())
    assert (note.id, note.amount, note.transfer_type, note.account_number) == (
        "92704",
        2_277_000,
        "in",
        ACCOUNT,
    )
    assert note.transaction_date.isoformat() == "2023-03-25T14:02:37+07:00"
    assert note.reference_code == "MBVCB.3278907687"


def test_an_exact_transfer_pays_the_order_and_answers_success(client, monitor, order):
    data = sepay_fixture(content=f"{order.payment_code} chuyen tien", transferAmount=order.subtotal)
    response = _post(client, monitor, data)
    assert response.status_code == 200
    assert response.json()["success"] is True
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID
    transfer = IncomingTransfer.objects.get()
    assert (transfer.provider, transfer.provider_txn_id, transfer.state) == (
        "sepay",
        "92704",
        TransferState.MATCHED,
    )
    assert SePayMonitor.objects.get().last_seen_at is not None


def test_sepays_recognised_code_is_used_when_the_content_lost_it(client, monitor, order):
    data = sepay_fixture(
        code=order.payment_code, content="chuyen tien", transferAmount=order.subtotal
    )
    assert _post(client, monitor, data).status_code == 200
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID


@pytest.mark.parametrize(
    "header",
    ["", "Apikey ", "Apikey wrong-key", "Bearer {key}", "{key}", "Apikey {key}x"],
)
def test_a_missing_or_wrong_key_is_400_and_nothing_is_written(client, monitor, order, header):
    data = sepay_fixture(content=order.payment_code, transferAmount=order.subtotal)
    response = _post(client, monitor, data, header=header.format(key=monitor[1]))
    assert response.status_code == 400
    assert not IncomingTransfer.objects.exists()
    assert SePayMonitor.objects.get().last_seen_at is None
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PENDING


def test_the_scheme_is_case_insensitive(client, monitor, order):
    response = _post(client, monitor, sepay_fixture(), header=f"APIKEY {monitor[1]}")
    assert response.status_code == 200


def test_an_unknown_or_disconnected_monitor_is_410(client, monitor, shop, owner):
    mon, key = monitor
    response = client.post(
        "/payments/sepay/not-a-token/",
        data=json.dumps(sepay_fixture()),
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Apikey {key}",
    )
    assert response.status_code == 410
    services.sepay_monitor_disconnect(business=shop, actor=owner)
    assert _post(client, monitor).status_code == 410
    assert not IncomingTransfer.objects.exists()


def test_a_key_of_another_shop_is_refused(client, monitor):
    from tests.factories import BusinessFactory, vendor

    other = BusinessFactory()
    other_owner = vendor(business=other)
    link_bank(other, other_owner)
    other_key = services.sepay_monitor_connect(business=other, actor=other_owner).api_key
    assert _post(client, monitor, key=other_key).status_code == 400
    assert not IncomingTransfer.objects.exists()


@pytest.mark.parametrize(
    "body",
    [
        "not json",
        "[]",
        json.dumps({k: v for k, v in sepay_fixture().items() if k != "id"}),
        json.dumps(sepay_fixture(transferAmount=0)),
        json.dumps(sepay_fixture(transferAmount=-100)),
        json.dumps(sepay_fixture(transferAmount="abc")),
        json.dumps(sepay_fixture(transferType="sideways")),
        json.dumps(sepay_fixture(transactionDate="25/03/2023")),
        json.dumps(sepay_fixture(id={"x": 1})),
    ],
)
def test_a_body_that_is_not_a_notification_is_400_and_nothing_is_written(client, monitor, body):
    assert _post(client, monitor, body=body).status_code == 400
    assert not IncomingTransfer.objects.exists()


def test_a_get_is_refused(client, monitor):
    assert client.get(f"/payments/sepay/{monitor[0].webhook_token}/").status_code == 405


def test_an_outgoing_transfer_is_acknowledged_and_not_stored(client, monitor):
    response = _post(client, monitor, sepay_fixture("sepay_out"))
    assert response.status_code == 200 and response.json()["success"] is True
    assert not IncomingTransfer.objects.exists()


def test_a_repeated_delivery_is_applied_once(client, monitor, order):
    data = sepay_fixture(content=order.payment_code, transferAmount=order.subtotal)
    assert _post(client, monitor, data).status_code == 200
    again = _post(client, monitor, data)
    assert again.status_code == 200 and again.json()["duplicate"] is True
    assert IncomingTransfer.objects.count() == 1
    assert OrderPaymentEvent.objects.filter(order=order, kind="received").count() == 1
    order.refresh_from_db()
    assert order.amount_received == order.subtotal
    assert order.payment_state == PaymentState.PAID


def test_an_unknown_code_is_stored_unmatched(client, monitor, order):
    assert _post(client, monitor, sepay_fixture(content="CS23456789 tra tien")).status_code == 200
    transfer = IncomingTransfer.objects.get()
    assert (transfer.state, transfer.reason, transfer.order) == (
        TransferState.UNMATCHED,
        "unknown_code",
        None,
    )


@pytest.mark.parametrize(
    ("delta", "reason"), [(-10_000, ReviewReason.SHORT), (1, ReviewReason.OVER)]
)
def test_short_or_over_needs_review(client, monitor, order, delta, reason):
    data = sepay_fixture(content=order.payment_code, transferAmount=order.subtotal + delta)
    assert _post(client, monitor, data).status_code == 200
    order.refresh_from_db()
    assert (order.payment_state, order.payment_review_reason) == (
        PaymentState.NEEDS_REVIEW,
        reason,
    )


def test_the_payload_is_stored_encrypted(client, monitor, order):
    from django.db import connection

    _post(client, monitor, sepay_fixture(content="NGUYEN VAN A chuyen tien"))
    with connection.cursor() as cursor:
        cursor.execute("SELECT payload, memo FROM payments_incomingtransfer")
        payload, memo = cursor.fetchone()
    assert "NGUYEN" not in payload and "NGUYEN" not in memo
    assert "NGUYEN VAN A" in IncomingTransfer.objects.get().memo


def test_the_sandbox_self_test_notification_confirms_the_account(client, shop, owner, settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    from payments.sepay.services import sepay_sandbox_self_test

    bank = link_bank(shop, owner, confirm=False)
    services.sepay_monitor_connect(business=shop, actor=owner)
    result = sepay_sandbox_self_test(business=shop, actor=owner)
    assert result.transfer.state == TransferState.SELF_TEST
    assert result.transfer.amount == 2_000 and result.transfer.provider == "sepay"
    bank.refresh_from_db()
    assert bank.state == BankAccountState.CONFIRMED
