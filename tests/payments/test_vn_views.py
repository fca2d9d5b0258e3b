# ruff: noqa: F811 (the fixtures imported from vn_support are used as test arguments)
"""The owner's "receive payments" pages: who sees what, forms with their errors, the self-test,
the counter QR (SVG and PNG decoded back), COD, SePay connect, matching transfers, the bank list."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.models import PaymentState
from payments import services
from payments.models import (
    BankAccount,
    BankAccountState,
    IncomingTransfer,
    SePayMonitor,
    ShopPaymentOptions,
    TransferState,
)
from payments.vietqr import payload
from tests.factories import vendor
from tests.payments.vn_support import (  # noqa: F401 (fixtures)
    ACCOUNT,
    bank,
    coffee,
    link_bank,
    order,
    owner,
    shop,
    staff,
)

pytestmark = pytest.mark.django_db


def url(name, shop, **kwargs):
    return reverse(f"payments:{name}", kwargs={"slug": shop.slug, **kwargs})


def _tables():
    return (
        BankAccount.objects.count(),
        SePayMonitor.objects.count(),
        ShopPaymentOptions.objects.count(),
        IncomingTransfer.objects.count(),
    )


def test_pages_need_a_member_and_changes_need_the_owner(client, shop, owner, staff):
    stranger = vendor()
    client.force_login(stranger)
    assert client.get(url("receive", shop)).status_code == 404
    client.force_login(staff)
    assert client.get(url("receive", shop)).status_code == 200
    for name in ("receive_bank", "receive_self_test", "receive_counter_qr", "receive_transfers"):
        assert client.get(url(name, shop)).status_code == 403
    for name in ("receive_bank", "receive_cod", "receive_sepay", "receive_sepay_disconnect"):
        assert client.post(url(name, shop), {"enabled": "on"}).status_code == 403
    assert _tables() == (0, 0, 0, 0)
    client.logout()
    response = client.get(url("receive", shop))
    assert response.status_code == 302 and "login" in response["Location"]


def test_staff_see_the_account_masked(client, shop, bank, staff):
    client.force_login(staff)
    page = client.get(url("receive", shop)).content.decode()
    assert ACCOUNT not in page and "NGUYEN THI LAN" not in page
    assert "*********2418" in page


def test_the_owner_links_an_account_with_the_holder_name_prefilled(client, shop, owner):
    client.force_login(owner)
    page = client.get(url("receive_bank", shop)).content.decode()
    assert 'value="NGUYEN THI LAN"' in page
    assert 'data-search="vcb 970436 vietcombank' in page
    assert _tables() == (0, 0, 0, 0)  # nothing written on a GET
    response = client.post(
        url("receive_bank", shop),
        {"bank_code": "VCB", "account_number": "0011 0019 32418", "holder_name": "Nguyễn Thị Lan"},
    )
    assert response.status_code == 302
    assert response["Location"] == url("receive_self_test", shop)
    bank = BankAccount.objects.get()
    assert (bank.account_number, bank.holder_name, bank.state) == (
        ACCOUNT,
        "NGUYEN THI LAN",
        BankAccountState.UNCONFIRMED,
    )


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"bank_code": "XYZ"}, "bank_code", "Chọn ngân hàng của bạn trong danh sách."),
        ({"account_number": "12345"}, "account_number", "từ 6 đến 19 chữ số"),
        ({"account_number": "00110019324189999999"}, "account_number", "từ 6 đến 19 chữ số"),
        ({"holder_name": ""}, "holder_name", "Trường này là bắt buộc."),
        ({"holder_name": "Lan & Co"}, "holder_name", "Chỉ dùng chữ cái và khoảng trắng"),
    ],
)
def test_bad_details_are_form_errors_in_vietnamese(client, shop, owner, data, field, message):
    client.force_login(owner)
    values = {"bank_code": "VCB", "account_number": ACCOUNT, "holder_name": "NGUYEN THI LAN"}
    values.update(data)
    response = client.post(url("receive_bank", shop), values)
    assert response.status_code == 400
    assert field in response.context["form"].errors
    assert message in response.content.decode()
    assert not BankAccount.objects.exists()


def test_the_self_test_shows_the_test_qr_and_needs_the_tick(client, shop, owner):
    link_bank(shop, owner, confirm=False)
    client.force_login(owner)
    response = client.get(url("receive_self_test", shop))
    page = response.content.decode()
    assert "<svg" in page and "NGUYEN THI LAN" in page
    assert response.context["qr_svg"].startswith("<svg")
    bank = BankAccount.objects.get()
    assert bank.self_test_memo in page
    refused = client.post(url("receive_self_test", shop), {})
    assert refused.status_code == 400
    assert BankAccount.objects.get().state == BankAccountState.UNCONFIRMED
    done = client.post(url("receive_self_test", shop), {"name_matches": "yes"})
    assert done.status_code == 302
    bank.refresh_from_db()
    assert (bank.state, bank.confirmed_by) == (BankAccountState.CONFIRMED, owner)


def test_the_counter_qr_is_the_shops_static_code(client, shop, owner, bank):
    import zxingcpp
    from PIL import Image

    client.force_login(owner)
    page = client.get(url("receive_counter_qr", shop))
    assert page.status_code == 200 and shop.trading_name in page.content.decode()
    expected = payload.build(bin="970436", account=ACCOUNT)
    svg = client.get(url("receive_counter_qr_svg", shop))
    assert svg["Content-Type"] == "image/svg+xml"
    assert "attachment" in svg["Content-Disposition"]
    assert b"<svg" in svg.content and shop.trading_name.encode() in svg.content
    png = client.get(url("receive_counter_qr_png", shop))
    assert png["Content-Type"] == "image/png"
    decoded = zxingcpp.read_barcodes(Image.open(io.BytesIO(png.content)))
    assert [d.text for d in decoded] == [expected]
    data = payload.parse(decoded[0].text)
    assert (data.amount, data.dynamic, data.account) == (None, False, ACCOUNT)


def test_no_counter_qr_before_the_account_is_confirmed(client, shop, owner):
    link_bank(shop, owner, confirm=False)
    client.force_login(owner)
    assert client.get(url("receive_counter_qr", shop)).status_code == 302
    assert client.get(url("receive_counter_qr_svg", shop)).status_code == 404
    assert client.get(url("receive_counter_qr_png", shop)).status_code == 404


def test_cod_toggle(client, shop, owner):
    client.force_login(owner)
    client.post(url("receive_cod", shop), {"enabled": "on"})
    assert ShopPaymentOptions.objects.get().cod_enabled is True
    shop.refresh_from_db()
    assert shop.can_take_payments is True
    client.post(url("receive_cod", shop), {})
    assert ShopPaymentOptions.objects.get().cod_enabled is False


def test_sepay_connect_shows_the_key_once(client, shop, owner, bank):
    client.force_login(owner)
    response = client.post(url("receive_sepay", shop))
    assert response.status_code == 200
    monitor = SePayMonitor.objects.get()
    page = response.content.decode()
    assert monitor.api_key in page
    assert f"/payments/sepay/{monitor.webhook_token}/" in page
    assert "no-store" in response["Cache-Control"]
    hub = client.get(url("receive", shop)).content.decode()
    assert monitor.api_key not in hub
    client.post(url("receive_sepay_disconnect", shop))
    assert SePayMonitor.objects.get().active is False


def test_the_sandbox_simulates_a_sepay_self_test(client, shop, owner, settings):
    settings.PAYMENT_PROVIDER = "sandbox"
    link_bank(shop, owner, confirm=False)
    services.sepay_monitor_connect(business=shop, actor=owner)
    client.force_login(owner)
    assert "sepay/simulate" in client.get(url("receive_self_test", shop)).content.decode()
    client.post(url("receive_sepay_simulate", shop))
    assert BankAccount.objects.get().state == BankAccountState.CONFIRMED
    settings.PAYMENT_PROVIDER = "stripe"
    assert client.post(url("receive_sepay_simulate", shop)).status_code == 404
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = False
    assert client.post(url("receive_sepay_simulate", shop)).status_code == 404
    assert IncomingTransfer.objects.count() == 1


def _unmatched(shop, amount):
    return services.incoming_transfer_receive(
        business=shop,
        provider="sepay",
        provider_txn_id=f"t{amount}",
        amount=amount,
        memo="chuyen khoan",
        received_at=timezone.now(),
        payload={},
    ).transfer


def test_unmatched_transfers_are_matched_by_hand(client, shop, owner, order):
    transfer = _unmatched(shop, order.subtotal)
    client.force_login(owner)
    page = client.get(url("receive_transfers", shop)).content.decode()
    assert order.payment_code in page
    bad = client.post(
        url("receive_transfer_match", shop, pk=transfer.pk), {f"t{transfer.pk}-order": "0"}
    )
    assert bad.status_code == 400
    ok = client.post(
        url("receive_transfer_match", shop, pk=transfer.pk),
        {f"t{transfer.pk}-order": str(order.pk)},
    )
    assert ok.status_code == 302
    order.refresh_from_db()
    assert order.payment_state == PaymentState.PAID
    transfer.refresh_from_db()
    assert transfer.state == TransferState.MATCHED


def test_transfers_page_query_count_is_fixed(
    client, shop, owner, order, django_assert_max_num_queries
):
    client.force_login(owner)
    _unmatched(shop, 1_000)
    with django_assert_max_num_queries(12) as one:
        assert client.get(url("receive_transfers", shop)).status_code == 200
    for amount in (2_000, 3_000, 4_000):
        _unmatched(shop, amount)
    with django_assert_max_num_queries(12) as many:
        response = client.get(url("receive_transfers", shop))
    assert len(response.context["rows"]) == 4
    assert len(many.captured_queries) == len(one.captured_queries)
    sql = [q["sql"] for q in many.captured_queries]
    # One read of the transfers and one of the orders to match, whatever their number.
    assert sum('FROM "payments_incomingtransfer"' in q for q in sql) == 1
    assert sum('FROM "orders_order"' in q for q in sql) == 1


def test_bank_search_json(client, owner):
    client.force_login(owner)
    found = client.get(reverse("payments:receive_banks"), {"q": "ngoai thuong"}).json()
    assert found["banks"][0]["code"] == "VCB"
    assert client.get(reverse("payments:receive_banks"), {"q": "VCB"}).json()["banks"][0] == {
        "code": "VCB",
        "bin": "970436",
        "short_name": "Vietcombank",
        "name": found["banks"][0]["name"],
    }
    assert client.get(reverse("payments:receive_banks"), {"q": "zzzz"}).json()["banks"] == []


def test_the_hub_in_english(client, shop, owner, bank):
    client.force_login(owner)
    page = client.get(f"/en/payments/receive/{shop.slug}/").content.decode()
    assert "Receive money by VietQR" in page and "Confirmed" in page
    page_vi = client.get(f"/vi/payments/receive/{shop.slug}/").content.decode()
    assert "Nhận tiền qua VietQR" in page_vi
