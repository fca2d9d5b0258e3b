"""locale_thirdparty/vi translates what Wagtail, wagtail-localize and django-taggit leave in
English, keeps every placeholder, compiles, and outranks Wagtail's own (partial) catalogue."""

import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from tests.workspace_i18n.missing_msgids import missing_msgids

PO = Path(settings.BASE_DIR) / "locale_thirdparty" / "vi" / "LC_MESSAGES" / "django.po"
# %(name)s, %s, {name}, {} and HTML tags must survive translation unchanged.
PLACEHOLDERS = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|</?\w+[^>]*>")


def test_every_wagtail_msgid_has_a_vietnamese_translation():
    assert missing_msgids("vi") == []


def test_placeholders_and_tags_match_the_msgid():
    for entry in polib.pofile(str(PO)):
        source = entry.msgid_plural or entry.msgid
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert text, entry.msgid
            assert sorted(PLACEHOLDERS.findall(text)) == sorted(PLACEHOLDERS.findall(source)), (
                entry.msgid
            )


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext's msgfmt")
def test_the_catalogue_compiles_with_format_checks(tmp_path):
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "django.mo"), str(PO)],
        check=True,
        capture_output=True,
    )


@pytest.mark.parametrize(
    ("english", "vietnamese"),
    [
        ("Save draft", "Lưu nháp"),
        ("Promote", "Quảng bá"),
        ("Site summary", "Tổng quan trang web"),
        ("Log out", "Đăng xuất"),
        ("Reports", "Báo cáo"),
        ("Choose another image", "Chọn hình khác"),
    ],
)
def test_workspace_words_read_in_vietnamese(english, vietnamese):
    with translation.override("vi"):
        assert gettext(english) == vietnamese
    with translation.override("en"):
        assert gettext(english) == english


def test_messages_with_a_model_name_read_in_vietnamese():
    with translation.override("vi"):
        text = gettext("The %(model_name)s could not be created due to errors.") % {
            "model_name": "sản phẩm"
        }
        assert text == "Không tạo được sản phẩm vì có lỗi."
        moved = ngettext("Moved up 1 place.", "Moved up %(counter)s places.", 3)
        assert moved % {"counter": 3} == "Đã chuyển lên 3 vị trí."
        assert pgettext("A tag name", "name") == "tên"


def test_wagtails_translations_of_its_own_keep_working():
    """Msgids Wagtail's own vi catalogue translates are not copied here."""
    with translation.override("vi"):
        assert gettext("Publish") == "Xuất bản"
