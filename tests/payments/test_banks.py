"""The NAPAS bank list: lookups, search with and without diacritics, deep links."""

import csv
from pathlib import Path
from urllib.parse import parse_qsl, urlsplit

import pytest

from payments.vietqr import banks
from payments.vietqr.payload import PayloadError, build

DATA = Path(banks.__file__).parent / "data"


def test_list_is_the_csv_without_former_banks_or_banks_without_bin():
    with (DATA / "banks.csv").open(encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    current = {(r["code"], r["bin"]) for r in rows if r["deprecated"] == "0" and r["bin"]}
    assert {(b.code, b.bin) for b in banks.all_banks()} == current
    assert len(banks.all_banks()) == 57
    assert banks.get("BIDC") is None  # no BIN: cannot be paid by VietQR
    assert banks.get("DONGABANK") is None and banks.get("OCEANBANK") is None
    assert all(len(b.bin) == 6 and b.bin.isdigit() for b in banks.all_banks())
    assert len({b.bin for b in banks.all_banks()}) == 57


def test_source_note_names_the_origin_and_date():
    note = (DATA / "SOURCE.md").read_text()
    assert banks.SOURCE_DATE in note
    assert "vietnam-qr-pay" in note


def test_get_and_by_bin():
    vcb = banks.get("vcb")
    assert vcb == banks.by_bin("970436")
    assert (vcb.code, vcb.short_name, vcb.swift, vcb.vietqr) == (
        "VCB",
        "Vietcombank",
        "BFTVVNVX",
        True,
    )
    assert banks.get("CIMB").vietqr is False  # receives, its app cannot pay VietQR
    assert banks.get("NOPE") is None
    assert banks.by_bin("000000") is None
    assert banks.get("") is None


def test_reused_bins_belong_to_the_bank_holding_them_now():
    assert banks.by_bin("970406").code == "VIKKI"
    assert banks.by_bin("970414").code == "MBV"
    assert banks.get("LPB").short_name == "LPBank"
    assert "LienVietPostBank" in banks.get("LPB").former_names


@pytest.mark.parametrize(
    ("query", "first"),
    [
        ("VCB", "VCB"),
        ("vcb", "VCB"),
        ("970436", "VCB"),
        ("Ngoại Thương", "VCB"),
        ("ngoai thuong", "VCB"),
        ("NGOAI THUONG", "VCB"),
        ("vietcom", "VCB"),
        ("Á Châu", "ACB"),
        ("a chau", "ACB"),
        ("Đầu tư và Phát triển", "BID"),
        ("dau tu va phat trien", "BID"),
        ("bidv", "BID"),
        ("Công thương Việt Nam", "CTG"),
        ("vietinbank", "CTG"),
        ("techcom", "TCB"),
        ("Sài Gòn Thương Tín", "STB"),
        ("sacombank", "STB"),
        ("Nông nghiệp", "AGRIBANK"),
        ("mb", "MBB"),
        ("Quân đội", "MBB"),
        ("Đông Á", "VIKKI"),
        ("ocean", "MBV"),
        ("lienviet", "LPB"),
    ],
)
def test_search_finds_by_code_or_name_with_or_without_diacritics(query, first):
    assert banks.search(query)[0].code == first


def test_search_with_and_without_diacritics_give_the_same_list():
    assert banks.search("Sài Gòn") == banks.search("sai gon") == banks.search("SAIGON")
    assert {b.code for b in banks.search("sai gon")} >= {"SGB", "SCB", "STB", "SHB"}


def test_search_empty_gives_all_and_nonsense_gives_none():
    assert banks.search("") == banks.all_banks()
    assert banks.search("   ") == banks.all_banks()
    assert banks.search("zzzz") == []
    assert banks.search("%_'") == banks.all_banks()  # only punctuation: no filter, no error


def test_deeplink_fills_account_amount_and_memo():
    payload = build(bin="970436", account="0011001932418", amount=150000, memo="CS1A2B3C4D")
    link = banks.deeplink(banks.get("MBB"), payload)
    parts = urlsplit(link)
    assert (parts.scheme, parts.netloc, parts.path) == ("https", "dl.vietqr.io", "/pay")
    assert dict(parse_qsl(parts.query)) == {
        "app": "mb",
        "ba": "0011001932418@970436",
        "am": "150000",
        "tn": "CS1A2B3C4D",
    }


def test_deeplink_for_a_static_code_leaves_amount_to_the_payer():
    link = banks.deeplink(banks.get("CTG"), build(bin="970422", account="123456789"))
    assert dict(parse_qsl(urlsplit(link).query)) == {"app": "icb", "ba": "123456789@970422"}


def test_deeplink_is_none_for_apps_without_one():
    payload = build(bin="970436", account="0011001932418", amount=1000)
    assert banks.deeplink(banks.get("VCB"), payload) is None
    assert banks.deeplink(banks.get("CIMB"), payload) is None
    assert [b.code for b in banks.deeplink_apps()] == sorted(
        ["ACB", "BID", "CTG", "MBB", "OCB"], key=lambda c: banks.get(c).short_name.lower()
    )


def test_deeplink_refuses_a_damaged_payload():
    with pytest.raises(PayloadError):
        banks.deeplink(banks.get("MBB"), "not a payload")
