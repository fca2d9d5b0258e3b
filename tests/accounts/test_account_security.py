"""Account-side holes of security issue #13: invitation tokens stored as hashes, invitations and
tax-code checks rate-limited, a personal-ID clash not confirmed to the asker (items 17, 20 and
"Also"), and Wagtail's own password reset and account email/password forms closed (15, 16)."""

import hashlib
import importlib
import re

import pytest
from django.db import connection
from django.urls import reverse

from accounts import ratelimit
from accounts.models import Business, Invitation, Membership
from tests.accounts.test_business_profile import VALID
from tests.factories import BusinessFactory, UserFactory, valid_tax_code, vendor

pytestmark = pytest.mark.django_db

hashing = importlib.import_module("accounts.migrations.0007_hash_invitation_tokens")


@pytest.fixture
def business():
    return BusinessFactory()


@pytest.fixture
def owner_client(client, business):
    owner = vendor(business=business)
    client.force_login(owner)
    client.user = owner
    return client


def _invite(client, business, email):
    return client.post(reverse("accounts:business_invite", args=[business.slug]), {"email": email})


def _link(message) -> str:
    return next(line for line in message.body.splitlines() if "/invitations/" in line)


# Invitation tokens ---------------------------------------------------------------------------


def test_the_invitation_token_is_not_stored_only_its_hash(owner_client, business, mailoutbox):
    _invite(owner_client, business, "tu@example.vn")
    token = re.search(r"/invitations/([^/]+)/", _link(mailoutbox[0])).group(1)
    invitation = Invitation.objects.get()
    assert invitation.token_hash == hashlib.sha256(token.encode()).hexdigest()
    with connection.cursor() as cursor:
        cursor.execute("SELECT * FROM accounts_invitation")
        assert token not in repr(cursor.fetchall())
    # Whoever reads the table holds the hash, which is no link.
    invitee = UserFactory(email="tu@example.vn")
    owner_client.force_login(invitee)
    stolen = reverse("accounts:invitation_accept", args=[invitation.token_hash])
    assert owner_client.post(stolen).status_code == 302
    assert not Membership.objects.filter(user=invitee).exists()
    owner_client.post(_link(mailoutbox[0]))
    assert Membership.objects.get(user=invitee).role == "staff"


def test_the_migration_hashes_tokens_already_stored():
    class Row:  # an invitation as the historical model has it: token column, no hash yet
        def __init__(self, token):
            self.token, self.token_hash, self.saved = token, None, None

        def save(self, update_fields):
            self.saved = update_fields

    rows = [Row("old-token-in-plain-text"), Row("another-one")]

    class Rows:
        @staticmethod
        def filter(**lookup):
            assert lookup == {"token_hash__isnull": True}
            return type("QuerySet", (), {"iterator": staticmethod(lambda: iter(rows))})

    class HistoricalApps:
        @staticmethod
        def get_model(app_label, name):
            assert (app_label, name) == ("accounts", "Invitation")
            return type("Invitation", (), {"objects": Rows})

    hashing.hash_tokens(HistoricalApps, None)
    assert [row.token_hash for row in rows] == [
        hashlib.sha256(b"old-token-in-plain-text").hexdigest(),
        hashlib.sha256(b"another-one").hexdigest(),
    ]
    assert all(row.saved == ["token_hash"] for row in rows)


# Rate limits ----------------------------------------------------------------------------------


def test_invitations_are_limited_per_user(owner_client, business, mailoutbox):
    limit = ratelimit.INVITATIONS_PER_USER.count
    for n in range(limit):
        _invite(owner_client, business, f"staff{n}@example.vn")
    assert len(mailoutbox) == limit
    response = _invite(owner_client, business, "one-more@example.vn")
    assert response.status_code == 302
    assert len(mailoutbox) == limit
    assert not Invitation.objects.filter(email="one-more@example.vn").exists()
    messages = [str(m) for m in response.wsgi_request._messages]
    assert messages[-1:] == [
        "Gần đây đã gửi quá nhiều lời mời. Hãy thử lại sau một giờ hoặc vào ngày mai."
    ]


def test_invitations_are_limited_per_business(client, business, mailoutbox):
    per_business = ratelimit.INVITATIONS_PER_BUSINESS.count
    per_user = ratelimit.INVITATIONS_PER_USER.count
    owners = [vendor(business=business) for _ in range(per_business // per_user + 1)]
    sent = 0
    for owner in owners:
        client.force_login(owner)
        for _n in range(per_user):
            _invite(client, business, f"staff{sent}@example.vn")
            sent += 1
    assert len(mailoutbox) == per_business
    assert business.invitations.count() == per_business
    # Another business of the same person is not held back by this one's count.
    other = BusinessFactory()
    fresh_owner = vendor(business=other)
    client.force_login(fresh_owner)
    _invite(client, other, "new@example.vn")
    assert len(mailoutbox) == per_business + 1


def _create(client, tax_code, **changes):
    return client.post(
        reverse("accounts:business_create"),
        {**VALID, "tax_code": tax_code, "trading_name": f"Shop {tax_code}", **changes},
    )


def test_tax_code_checks_are_limited_per_user(client):
    asker = UserFactory()
    client.force_login(asker)
    limit = ratelimit.TAX_CODE_CHECKS_PER_USER.count
    taken = [BusinessFactory(tax_code=valid_tax_code(900 + n)).tax_code for n in range(limit)]
    for code in taken:
        assert _create(client, code).status_code == 200  # each one a form error: taken
    free = valid_tax_code(999)
    response = _create(client, free)
    assert response.status_code == 429
    assert response.context["form"].errors["tax_code"] == [
        "Quá nhiều mã số thuế đã được kiểm tra từ tài khoản của bạn. Hãy thử lại sau một giờ."
    ]
    assert not Business.objects.filter(created_by=asker).exists()
    # A malformed code is refused for its form, without counting or answering 429.
    assert _create(client, "123").status_code == 200


def test_a_personal_id_clash_is_not_confirmed(client):
    BusinessFactory(tax_code="079185001234", business_type="household")
    client.force_login(UserFactory())
    response = _create(client, "079 185 001 234", business_type="household")
    assert response.status_code == 200
    errors = response.context["form"].errors["tax_code"]
    assert errors == [
        "Không thể dùng số này cho một hồ sơ doanh nghiệp mới. Hãy kiểm tra lại; nếu đây là số "
        "của bạn, hãy liên hệ bộ phận hỗ trợ của chương trình."
    ]
    assert "đã đăng ký" not in " ".join(errors)
    assert Business.objects.count() == 1


# Wagtail's own account forms ----------------------------------------------------------------


def test_wagtail_password_reset_is_closed(client, mailoutbox):
    user = UserFactory(is_staff=True, is_superuser=True)
    response = client.post("/admin/password_reset/", {"email": user.email})
    assert response.status_code == 404
    assert mailoutbox == []


def test_wagtail_account_settings_cannot_change_email_or_password(client):
    user = UserFactory(is_staff=True, is_superuser=True, password="Str0ng-Passw0rd!")
    client.force_login(user)
    page = client.get("/admin/account/")
    assert page.status_code == 200
    html = page.content.decode()
    assert 'name="name_email-email"' not in html
    assert 'name="password-old_password"' not in html
    client.post(
        "/admin/account/",
        {
            "name_email-first_name": "A",
            "name_email-last_name": "B",
            "name_email-email": "attacker@example.vn",
            "password-old_password": "Str0ng-Passw0rd!",
            "password-new_password1": "An0ther-Passw0rd!",
            "password-new_password2": "An0ther-Passw0rd!",
        },
    )
    user.refresh_from_db()
    assert user.email != "attacker@example.vn"
    assert user.check_password("Str0ng-Passw0rd!")
