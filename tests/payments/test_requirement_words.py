"""The e-payment account page names what the provider still needs in plain words, never its code."""

import pytest
from django.template import Context, Template
from django.utils import translation

from payments.requirements import LABELS, describe

CODES = [
    "external_account",
    "individual.verification.document",
    "individual.address.line1",
    "person_1AbC.verification.document",
    "tos_acceptance.date",
    "company.tax_id",
    "something_new.from_the_provider",
]


def test_each_code_reads_as_a_sentence_in_vietnamese():
    with translation.override("vi"):
        words = [describe(code) for code in CODES]
    assert words == [
        "Tài khoản ngân hàng nhận tiền bán hàng của bạn",
        "Ảnh căn cước công dân (CCCD) hoặc hộ chiếu của bạn",
        "Địa chỉ nhà của bạn",
        "Ảnh căn cước công dân (CCCD) hoặc hộ chiếu của bạn",
        "Việc bạn đồng ý với điều khoản dịch vụ của nhà cung cấp",
        "Mã số thuế của công ty",
        "Một thông tin khác nhà cung cấp yêu cầu: mở biểu mẫu của nhà cung cấp để xem",
    ]


@pytest.mark.parametrize("language", ["vi", "en"])
def test_the_filter_never_shows_a_raw_code(language):
    template = Template(
        "{% load payment_requirements %}{% for c in codes %}{{ c|requirement_label }}|{% endfor %}"
    )
    with translation.override(language):
        text = template.render(Context({"codes": CODES}))
    for code in CODES:
        assert code not in text
    assert text.count("|") == len(CODES)


def test_every_label_is_translated():
    with translation.override("en"):
        english = {key: str(label) for key, label in LABELS.items()}
    with translation.override("vi"):
        untranslated = [key for key, label in LABELS.items() if str(label) == english[key]]
    assert untranslated == []
