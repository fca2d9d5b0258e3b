"""Amounts typed the Vietnamese (and the English) way, and amounts shown back."""

import pytest
from django import forms
from django.template import Context, Template
from django.utils import translation

from core.forms import VNDField, VNDInput
from core.money import AmountError, format_vnd, parse_vnd
from core.phones import format_phone

ACCEPTED = [
    ("85000", 85_000),
    ("85.000", 85_000),
    ("85 000", 85_000),
    ("85\u00a0000", 85_000),
    ("85\u202f000", 85_000),
    ("85.000 ₫", 85_000),
    ("85.000₫", 85_000),
    ("85.000đ", 85_000),
    ("85.000 đ", 85_000),
    ("85.000 VND", 85_000),
    ("85.000 vnđ", 85_000),
    ("85.000 đồng", 85_000),
    ("85,000", 85_000),
    ("  85.000  ", 85_000),
    ("900.000.000", 900_000_000),
    ("900,000,000", 900_000_000),
    ("1 250 000", 1_250_000),
    ("0", 0),
    ("1.000", 1_000),
    ("150", 150),
]

REFUSED = [
    ("85,5", "ambiguous"),
    ("85.5", "ambiguous"),
    ("85.50", "ambiguous"),
    ("85.0000", "ambiguous"),
    ("1.000,50", "ambiguous"),
    ("1,000.50", "ambiguous"),
    ("1.000.00", "ambiguous"),
    ("1.000,000", "ambiguous"),
    ("-85000", "negative"),
    ("-85.000", "negative"),
    ("\u221285.000", "negative"),
    ("abc", "invalid"),
    ("85k", "invalid"),
    ("85.", "invalid"),
    (".5", "invalid"),
    ("₫", "invalid"),
    ("1e6", "invalid"),
    ("9" * 50, "invalid"),
]


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("text", "amount"), ACCEPTED)
def test_accepted_amounts(text, amount, language):
    with translation.override(language):
        assert parse_vnd(text) == amount


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize(("text", "code"), REFUSED)
def test_refused_amounts_name_the_fault(text, code, language):
    with translation.override(language), pytest.raises(AmountError) as caught:
        parse_vnd(text)
    assert caught.value.code == code


@pytest.mark.parametrize("blank", ["", "   ", None])
def test_blank_is_no_amount(blank):
    assert parse_vnd(blank) is None


@pytest.mark.parametrize(
    ("language", "shown", "bare"),
    [("vi", "1.250.000 ₫", "1.250.000"), ("en", "1,250,000 ₫", "1,250,000")],
)
def test_format_per_language(language, shown, bare):
    with translation.override(language):
        assert format_vnd(1_250_000) == shown
        assert format_vnd("1250000", symbol=False) == bare
        assert format_vnd(None) == ""
        assert format_vnd("abc") == ""


class _PriceForm(forms.Form):
    price = VNDField(label="Price", max_value=1_000_000_000)


@pytest.mark.parametrize(
    ("language", "typed"), [("vi", "85.000"), ("vi", "85.000 ₫"), ("en", "85,000"), ("en", "85000")]
)
def test_field_cleans_to_a_whole_number(language, typed):
    with translation.override(language):
        form = _PriceForm({"price": typed})
        assert form.is_valid(), form.errors
        assert form.cleaned_data["price"] == 85_000


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Đồng không có phần thập phân"),
        ("en", "Đồng have no decimals"),
    ],
)
def test_ambiguous_amount_is_a_translated_form_error(language, message):
    with translation.override(language):
        form = _PriceForm({"price": "85,5"})
        assert not form.is_valid()
        assert message in form.errors["price"][0]


@pytest.mark.parametrize(
    ("language", "typed", "message"),
    [
        ("vi", "-5", "Nhập số tiền từ 0 trở lên."),
        ("en", "-5", "Enter an amount of zero or more."),
        ("vi", "tám mươi", "Nhập số tiền bằng đồng, ví dụ 85.000."),
        ("en", "eighty", "Enter an amount in đồng, for example 85.000."),
        ("vi", "2.000.000.000", "Nhập số tiền tối đa 1.000.000.000 đồng."),
        ("en", "2,000,000,000", "Enter an amount of at most 1,000,000,000 đồng."),
    ],
)
def test_refusals_are_translated(language, typed, message):
    with translation.override(language):
        form = _PriceForm({"price": typed})
        assert not form.is_valid()
        assert form.errors["price"] == [message]


@pytest.mark.parametrize(
    ("language", "shown"), [("vi", 'value="85.000"'), ("en", 'value="85,000"')]
)
def test_widget_is_a_numeric_text_input_showing_the_grouped_amount(language, shown):
    with translation.override(language):
        html = str(_PriceForm(initial={"price": 85_000})["price"])
    assert 'type="text"' in html
    assert 'inputmode="numeric"' in html
    assert shown in html
    assert "min=" not in html and "step=" not in html


def test_widget_shows_back_what_was_typed_beside_its_error():
    html = str(_PriceForm({"price": "85,5"})["price"])
    assert 'value="85,5"' in html


def test_widget_alone_formats_ints():
    assert VNDInput().format_value(1_000) == "1.000"
    assert VNDInput().format_value("12abc") == "12abc"


@pytest.mark.parametrize(
    ("stored", "shown"),
    [
        ("+84903555123", "0903 555 123"),
        ("+842838123456", "028 3812 3456"),
        ("", ""),
        (None, ""),
        ("not a phone", "not a phone"),
        ("0903 *** 123", "0903 *** 123"),
        ("0903555123", "0903 555 123"),
    ],
)
def test_phone_shown_the_national_way(stored, shown):
    assert format_phone(stored) == shown


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "85.000 ₫ · 85.000 · 0903 555 123"), ("en", "85,000 ₫ · 85,000 · 0903 555 123")],
)
def test_template_filters(language, expected):
    template = Template("{% load vn_format %}{{ a|vnd }} · {{ a|vnd_number }} · {{ p|phone }}")
    with translation.override(language):
        assert template.render(Context({"a": 85_000, "p": "+84903555123"})) == expected
