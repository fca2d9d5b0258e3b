"""The VietQR payload builder and parser, against the spec's example and `vietnam-qr-pay` as oracle."""

import binascii

import pytest
from django.utils import translation
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from vietnam_qr_pay import QRPay
from vietnam_qr_pay.constants import VietQRService

from payments.vietqr import banks
from payments.vietqr.payload import (
    HolderNameError,
    PayloadError,
    VietQRData,
    build,
    clean_holder_name,
    crc,
    parse,
    valid_account_number,
    valid_memo,
)

SPEC_EXAMPLE = (
    "00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA"
    "530370454061500005802VN62110807DH1234563043029"
)

BINS = st.sampled_from([bank.bin for bank in banks.all_banks()])
ACCOUNTS = st.text(alphabet="0123456789", min_size=6, max_size=19)
AMOUNTS = st.none() | st.integers(min_value=1, max_value=10**13 - 1)
MEMOS = st.just("") | st.text(
    alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
    min_size=1,
    max_size=25,
)
SERVICES = st.sampled_from(["QRIBFTTA", "QRIBFTTC"])


def oracle(*, bin, account, amount, memo, service):
    qr = QRPay.init_viet_qr(
        bank_bin=bin,
        bank_number=account,
        amount=None if amount is None else str(amount),
        purpose=memo or None,
        service=VietQRService(service),
    )
    return qr.build()


def test_spec_example_built_exactly():
    payload = build(bin="970436", account="0011001932418", amount=150000, memo="DH12345")
    assert payload == SPEC_EXAMPLE


def test_spec_example_parsed():
    assert parse(SPEC_EXAMPLE) == VietQRData(
        bin="970436",
        account="0011001932418",
        amount=150000,
        memo="DH12345",
        service="QRIBFTTA",
        dynamic=True,
    )


def test_static_code_has_initiation_11_and_no_amount():
    payload = build(bin="970436", account="0011001932418")
    assert payload == (
        "00020101021138570010A00000072701270006970436011300110019324180208QRIBFTTA"
        "53037045802VN6304E0BB"
    )
    assert parse(payload) == VietQRData(
        bin="970436",
        account="0011001932418",
        amount=None,
        memo="",
        service="QRIBFTTA",
        dynamic=False,
    )


def test_crc_is_ccitt_false_over_text_including_6304():
    body = SPEC_EXAMPLE[:-4]
    assert body.endswith("6304")
    assert crc(body) == "3029"
    assert crc("123456789") == "29B1"  # the CRC-16/CCITT-FALSE check value
    assert crc(body) == f"{binascii.crc_hqx(body.encode(), 0xFFFF):04X}"


@settings(max_examples=1200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bin=BINS, account=ACCOUNTS, amount=AMOUNTS, memo=MEMOS, service=SERVICES)
def test_builder_matches_oracle_and_round_trips(bin, account, amount, memo, service):
    payload = build(bin=bin, account=account, amount=amount, memo=memo, service=service)
    assert payload == oracle(bin=bin, account=account, amount=amount, memo=memo, service=service)
    read = QRPay(payload)
    assert read.is_valid
    assert (read.consumer.bank_bin, read.consumer.bank_number) == (bin, account)
    assert parse(payload) == VietQRData(
        bin=bin,
        account=account,
        amount=amount,
        memo=memo,
        service=service,
        dynamic=amount is not None,
    )


@settings(max_examples=300, deadline=None)
@given(
    bin=BINS,
    account=ACCOUNTS,
    amount=AMOUNTS,
    memo=MEMOS,
    position=st.integers(min_value=0),
    char=st.sampled_from("0123456789ABCDEFZ"),
)
def test_any_altered_character_is_rejected(bin, account, amount, memo, position, char):
    payload = build(bin=bin, account=account, amount=amount, memo=memo)
    i = position % len(payload)
    altered = payload[:i] + char + payload[i + 1 :]
    if altered.upper() == payload.upper():
        return
    with pytest.raises(PayloadError):
        parse(altered)


def test_parser_reads_oracle_codes_with_extra_tags():
    qr = QRPay.init_viet_qr(
        bank_bin="970416", bank_number="257678859", amount="10000", purpose="CS1A2B3C4D"
    )
    qr.merchant.name = "CHO SO"
    qr.city = "HCM"
    assert parse(qr.build()) == VietQRData(
        bin="970416",
        account="257678859",
        amount=10000,
        memo="CS1A2B3C4D",
        service="QRIBFTTA",
        dynamic=True,
    )


def test_parser_accepts_lower_case_crc():
    assert parse(SPEC_EXAMPLE[:-4] + SPEC_EXAMPLE[-4:].lower()).amount == 150000


@pytest.mark.parametrize(
    ("payload", "reason"),
    [
        ("", "too short"),
        ("0002016304ABCD", "CRC does not match"),
        (SPEC_EXAMPLE[:-8] + "6305" + SPEC_EXAMPLE[-4:], "must come last"),
        (SPEC_EXAMPLE.replace("A000000727", "A000000775"), "CRC"),
    ],
)
def test_parser_rejects_damaged_codes(payload, reason):
    with pytest.raises(PayloadError, match=reason):
        parse(payload)


def _sealed(body: str) -> str:
    text = body + "6304"
    return text + crc(text)


@pytest.mark.parametrize(
    ("body", "reason"),
    [
        ("000201010211", "data object 38 is missing"),
        ("000202010211", "payload format indicator"),
        ("000201010213", "point of initiation"),
        ("00020101021138300010A000000775011200000000012353037045802VN", "not a NAPAS"),
        (
            "000201010212385" + "70010A00000072701270006970436011300110019324180208QRIBFTTA",
            "53 is missing",
        ),
        (
            "00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA5303840",
            "currency",
        ),
        (
            "00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA"
            "53037045802VN5802VN",
            "appears twice",
        ),
        (
            "00020101021238570010A00000072701270006970436011300110019324180208QRIBFTTA"
            "530370454031.05802VN",
            "amount",
        ),
        ("0002010102113899", "cut short"),
    ],
)
def test_parser_names_what_is_wrong(body, reason):
    with pytest.raises(PayloadError, match=reason):
        parse(_sealed(body))


@pytest.mark.parametrize(
    "fields",
    [
        {"bin": "97043", "account": "0011001932418"},
        {"bin": "970436", "account": "12345"},
        {"bin": "970436", "account": "12345678901234567890"},
        {"bin": "970436", "account": "00110019324A"},
        {"bin": "970436", "account": "0011001932418", "amount": 0},
        {"bin": "970436", "account": "0011001932418", "amount": -5},
        {"bin": "970436", "account": "0011001932418", "amount": 10**13},
        {"bin": "970436", "account": "0011001932418", "amount": True},
        {"bin": "970436", "account": "0011001932418", "amount": 1.5},
        {"bin": "970436", "account": "0011001932418", "memo": "DH 123"},
        {"bin": "970436", "account": "0011001932418", "memo": "Đơn123"},
        {"bin": "970436", "account": "0011001932418", "memo": "A" * 26},
        {"bin": "970436", "account": "0011001932418", "service": "QRPUSH"},
    ],
)
def test_builder_refuses_fields_a_bank_app_would_not_carry(fields):
    with pytest.raises(PayloadError):
        build(**fields)


def test_valid_account_number():
    assert valid_account_number("123456")
    assert valid_account_number("1" * 19)
    assert not valid_account_number("12345")
    assert not valid_account_number("1" * 20)
    assert not valid_account_number("12345a")
    assert not valid_account_number("１２３４５６")  # full-width digits
    assert not valid_account_number(None)


def test_valid_memo():
    assert valid_memo("CS1A2B3C4D")
    assert valid_memo("A" * 25)
    assert not valid_memo("")
    assert not valid_memo("A" * 26)
    assert not valid_memo("KT 1234")
    assert not valid_memo("Đ123")


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Nguyễn Văn An", "NGUYEN VAN AN"),
        ("  đặng   thị  ánh ", "DANG THI ANH"),
        ("TRẦN ĐỨC BẢO", "TRAN DUC BAO"),
        ("Lê Thị Hương", "LE THI HUONG"),
        ("NGUYEN VAN AN", "NGUYEN VAN AN"),
    ],
)
def test_clean_holder_name(raw, clean):
    assert clean_holder_name(raw) == clean


@pytest.mark.parametrize("raw", ["", "   ", "Nguyen Van 2", "Cty A.B", "李小龍", "A" * 71])
def test_clean_holder_name_refuses_what_a_bank_would_not_print(raw):
    with pytest.raises(HolderNameError) as caught:
        clean_holder_name(raw)
    assert str(caught.value.message)


def test_holder_name_errors_are_translated():
    with translation.override("vi"):
        with pytest.raises(HolderNameError) as caught:
            clean_holder_name("Nguyen 2")
        assert str(caught.value.message) == (
            "Chỉ dùng chữ cái và khoảng trắng, như ngân hàng in tên (ví dụ NGUYEN VAN AN)."
        )
        with pytest.raises(HolderNameError) as caught:
            clean_holder_name(" ")
        assert str(caught.value.message) == "Nhập tên chủ tài khoản đúng như ngân hàng hiển thị."
