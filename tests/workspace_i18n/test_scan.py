"""The English scan itself: it finds English words and leaves data alone."""

from tests.workspace_i18n.scan import english_in


def test_a_code_of_letters_and_digits_is_data_not_english():
    assert english_in("<p>Đơn hàng BE64D0A4-603</p>") == []


def test_english_words_are_still_found_beside_a_code():
    (found,) = english_in("<p>Save the page BE64D0A4-603</p>")
    assert "save" in found and "be" not in found.split("(")[1]
