"""locale_thirdparty/vi translates what Wagtail, wagtail-localize and django-taggit leave in
English, keeps every placeholder, compiles, and outranks Wagtail's own (partial) catalogue."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext, pgettext

from accounts.roles import Role
from tests.factories import UserFactory
from tests.workspace_i18n.missing_msgids import missing_msgids

CATALOGUES = Path(settings.BASE_DIR) / "locale_thirdparty" / "vi" / "LC_MESSAGES"
PO = CATALOGUES / "django.po"
# %(name)s, %s, {name}, {} and HTML tags must survive translation unchanged.
PLACEHOLDERS = re.compile(r"%\(\w+\)[sdr]|%[sd]|\{\w*\}|</?\w+[^>]*>")


def test_every_wagtail_msgid_has_a_vietnamese_translation():
    assert missing_msgids("vi") == []


@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_placeholders_and_tags_match_the_msgid(domain):
    for entry in polib.pofile(str(CATALOGUES / f"{domain}.po")):
        source = entry.msgid_plural or entry.msgid
        texts = entry.msgstr_plural.values() if entry.msgid_plural else [entry.msgstr]
        for text in texts:
            assert text, entry.msgid
            assert sorted(PLACEHOLDERS.findall(text)) == sorted(PLACEHOLDERS.findall(source)), (
                entry.msgid
            )


@pytest.mark.skipif(not shutil.which("msgfmt"), reason="needs GNU gettext's msgfmt")
@pytest.mark.parametrize("domain", ["django", "djangojs"])
def test_the_catalogue_compiles_with_format_checks(tmp_path, domain):
    subprocess.run(
        ["msgfmt", "--check", "-o", str(tmp_path / "out.mo"), str(CATALOGUES / f"{domain}.po")],
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


@pytest.mark.django_db
def test_the_admin_javascript_speaks_vietnamese(client):
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    client.cookies["django_language"] = "vi"
    script = client.get("/admin/jsi18n/").content.decode()
    catalogue = json.loads(re.search(r"const newcatalog = (\{.*?\});", script, re.S).group(1))
    assert catalogue["Main menu"] == "Menu chính"
    assert catalogue["Toggle sidebar"] == "Mở/đóng thanh bên"
    assert catalogue["%(num)s error"] == ["%(num)s lỗi"]
