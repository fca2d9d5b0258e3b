"""django-allauth ships no Vietnamese catalogue; locale_thirdparty/vi translates its account and
MFA pages, form errors and messages, so /vi/accounts/ pages read in Vietnamese and /en/ in
English."""

import gettext
import re
from pathlib import Path

import polib
import pytest
from django.conf import settings

from tests.factories import DEFAULT_PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

CATALOGUE = Path(settings.BASE_DIR) / "locale_thirdparty" / "vi" / "LC_MESSAGES"
ENGLISH_LOGIN = [
    "Sign In",
    "If you have not created an account yet",
    "sign up</a> first",
    "Forgot your password?",
    "Remember Me",
    "Password:",
]
PLACEHOLDERS = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w+\}|</?\w+[^>]*>")


def _html(client, url) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return response.content.decode()


def _heading(html: str) -> str:
    match = re.search(r"<h1[^>]*>\s*(.*?)\s*</h1>", html, re.DOTALL)
    assert match, "no <h1> on the page"
    return match.group(1)


def test_the_login_page_is_vietnamese(client):
    html = _html(client, "/vi/accounts/login/")
    for english in ENGLISH_LOGIN:
        assert english not in html
    assert _heading(html) == "Đăng nhập"
    assert "Nếu bạn chưa có tài khoản, vui lòng" in html
    assert "Quên mật khẩu?" in html
    assert "Ghi nhớ đăng nhập" in html
    assert "Mật khẩu:" in html


def test_the_signup_page_is_vietnamese(client):
    html = _html(client, "/vi/accounts/signup/")
    for english in ["Sign Up", "Already have an account?", "Password (again)", "sign in</a>"]:
        assert english not in html
    assert _heading(html) == "Đăng ký"
    assert "Bạn đã có tài khoản? Vui lòng" in html
    assert "Nhập lại mật khẩu:" in html


def test_the_password_reset_page_is_vietnamese(client):
    html = _html(client, "/vi/accounts/password/reset/")
    for english in ["Password Reset", "Forgotten your password?", "Reset My Password"]:
        assert english not in html
    assert _heading(html) == "Đặt lại mật khẩu"
    assert "Bạn quên mật khẩu? Hãy nhập địa chỉ email bên dưới" in html


def test_the_english_login_page_stays_english(client):
    html = _html(client, "/en/accounts/login/")
    assert _heading(html) == "Sign In"
    assert "Forgot your password?" in html
    assert "Quên mật khẩu?" not in html


@pytest.mark.parametrize(
    ("language", "message"),
    [
        ("vi", "Địa chỉ email và/hoặc mật khẩu bạn nhập không đúng."),
        ("en", "The email address and/or password you specified are not correct."),
    ],
)
def test_a_wrong_password_is_refused_in_the_page_language(client, language, message):
    user = UserFactory()
    response = client.post(
        f"/{language}/accounts/login/", {"login": user.email, "password": "sai-mat-khau-1"}
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_sign_out_page_and_message_are_vietnamese(client):
    user = UserFactory()
    assert client.login(email=user.email, password=DEFAULT_PASSWORD)
    html = _html(client, "/vi/accounts/logout/")
    assert "Bạn có chắc muốn đăng xuất không?" in html
    assert "Are you sure you want to sign out?" not in html
    response = client.post("/vi/accounts/logout/", follow=True)
    assert "Bạn đã đăng xuất." in [str(m) for m in response.context["messages"]]


def test_the_catalogue_is_complete_compiled_and_does_not_shadow_project_catalogues():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.metadata["Plural-Forms"] == "nplurals=1; plural=0;"
    assert len(po) > 250
    assert po.untranslated_entries() == [] and po.fuzzy_entries() == []
    for entry in po:
        texts = list(entry.msgstr_plural.values()) if entry.msgid_plural else [entry.msgstr]
        # Vietnamese has one plural form, used for every count: it follows the plural msgid.
        source = entry.msgid_plural or entry.msgid
        for text in texts:
            assert sorted(PLACEHOLDERS.findall(text)) == sorted(PLACEHOLDERS.findall(source)), (
                entry.msgid
            )
    # The committed .mo matches the .po (msgfmt was run after the last edit).
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)
    for entry in po:
        if entry.msgid_plural:
            assert compiled.ngettext(entry.msgid, entry.msgid_plural, 2) == entry.msgstr_plural[0]
        elif entry.msgctxt:
            assert compiled.pgettext(entry.msgctxt, entry.msgid) == entry.msgstr
        else:
            assert compiled.gettext(entry.msgid) == entry.msgstr
    # LOCALE_PATHS outrank app catalogues: a msgid the project already translates stays out.
    ours = {(entry.msgctxt, entry.msgid) for entry in po}
    base = Path(settings.BASE_DIR)
    project_pos = [base / "locale"] + [base / app for app in settings.INSTALLED_APPS]
    for root in project_pos:
        path = (root if root.name == "locale" else root / "locale") / "vi/LC_MESSAGES/django.po"
        if path.exists():
            theirs = {(e.msgctxt, e.msgid) for e in polib.pofile(str(path)) if e.msgstr}
            assert not ours & theirs, path
    assert [base / "locale", base / "locale_thirdparty"] == settings.LOCALE_PATHS
