"""Consent per purpose: each optional purpose asked on its own, off by default, recorded with the
notice version and time where it was given (signup, guest checkout, business, My privacy), withdrawn
in one click, and the withdrawal takes effect where the purpose is used."""

import re

import pytest
from django.urls import reverse

from onboarding.research import research_answers, respondent_key
from privacy import selectors
from privacy.models import (
    BUSINESS_PURPOSES,
    OPTIONAL_PURPOSES,
    Consent,
    ConsentPurpose,
    ConsentSource,
    PrivacyNotice,
)
from programme.filters import Filters
from programme.selectors import follow_up
from programme.services import business_facts_refresh
from tests.factories import DEFAULT_PASSWORD, BusinessFactory, MembershipFactory, UserFactory, ward
from tests.onboarding.factories import take_assessment

pytestmark = pytest.mark.django_db
CONSENT = "/vi/me/privacy/consent/"


@pytest.fixture
def owner(db):
    return MembershipFactory().user


def _business(user):
    return user.memberships.get().business


@pytest.mark.parametrize("purpose", OPTIONAL_PURPOSES)
def test_each_purpose_is_off_by_default_given_and_withdrawn_in_one_click(client, owner, purpose):
    client.force_login(owner)
    business_id = _business(owner).pk if purpose in BUSINESS_PURPOSES else None
    extra = {"business": business_id} if business_id else {}
    page = client.get(reverse("privacy:centre")).content.decode()
    key = f"{purpose}-{business_id}" if business_id else purpose
    assert f'data-consent="{key}">Tắt<' in page
    assert not selectors.consent_active(user=owner, purpose=purpose, business_id=business_id)

    assert client.post(CONSENT, {"purpose": purpose, "action": "give", **extra}).status_code == 302
    record = Consent.objects.get(purpose=purpose)
    assert record.user == owner and record.business_id == business_id
    assert record.text_version == "2026-01" and record.given_at and record.withdrawn_at is None
    assert record.source == ConsentSource.PRIVACY_PAGE
    assert selectors.consent_active(user=owner, purpose=purpose, business_id=business_id)
    assert f'data-consent="{key}">Bật<' in client.get(reverse("privacy:centre")).content.decode()

    assert (
        client.post(CONSENT, {"purpose": purpose, "action": "withdraw", **extra}).status_code == 302
    )
    record.refresh_from_db()
    assert record.withdrawn_at is not None
    assert not selectors.consent_active(user=owner, purpose=purpose, business_id=business_id)


def test_consent_records_the_notice_version_in_force(client, owner):
    PrivacyNotice.objects.create(version="2026-12", body_vi="Mới", body_en="New", published=True)
    client.force_login(owner)
    client.post(CONSENT, {"purpose": ConsentPurpose.MARKETING, "action": "give"})
    assert Consent.objects.get().text_version == "2026-12"


def test_a_business_purpose_for_another_persons_business_is_refused(client, owner):
    stranger = BusinessFactory()
    client.force_login(owner)
    client.post(CONSENT, {"purpose": "programme", "action": "give", "business": stranger.pk})
    client.post(CONSENT, {"purpose": "terms", "action": "give"})
    client.post(CONSENT, {"purpose": "programme", "action": "give", "business": "x"})
    assert not Consent.objects.exists()


def test_withdrawing_programme_sharing_takes_the_business_off_the_follow_up_list(client, owner):
    business = _business(owner)
    business_facts_refresh()

    def listed():
        return business.pk in {f.business_id for f in follow_up(Filters(), "not_assessed")}

    assert listed()
    client.force_login(owner)
    client.post(CONSENT, {"purpose": "programme", "action": "give", "business": business.pk})
    assert listed()
    client.post(CONSENT, {"purpose": "programme", "action": "withdraw", "business": business.pk})
    assert not listed()
    client.post(CONSENT, {"purpose": "programme", "action": "give", "business": business.pk})
    assert listed()


def test_withdrawing_marketing_stops_marketing_email(client, owner):
    client.force_login(owner)
    client.post(CONSENT, {"purpose": "marketing", "action": "give"})
    assert list(selectors.users_accepting_marketing().values_list("user_id", flat=True)) == [
        owner.pk
    ]
    client.post(CONSENT, {"purpose": "marketing", "action": "withdraw"})
    assert not selectors.users_accepting_marketing().exists()


def test_signup_asks_marketing_off_by_default(client):
    page = client.get("/vi/accounts/signup/").content.decode()
    assert 'name="marketing_consent"' in page and 'name="marketing_consent" checked' not in page
    for email, ticked in (("a@example.vn", {}), ("b@example.vn", {"marketing_consent": "on"})):
        client.post(
            "/vi/accounts/signup/",
            {
                "email": email,
                "password1": DEFAULT_PASSWORD,
                "password2": DEFAULT_PASSWORD,
                "joined_as": "shopper",
                **ticked,
            },
        )
        client.logout()
    assert list(Consent.objects.values_list("user__email", "purpose", "source")) == [
        ("b@example.vn", "marketing", "signup")
    ]


def test_a_guest_is_asked_at_checkout_and_a_shopper_may_save_the_address(client, bread):
    client.post(reverse("orders:cart_add"), {"product": bread.pk, "quantity": 1})
    data = {
        "email": "khach@example.vn",
        "contact_name": "Trần Thị Bích",
        "phone": "0903 555 111",
        "street_address": "12 Nguyễn Huệ",
        "ward": ward().pk,
        "note": "",
        "marketing_consent": "on",
        "save_address": "on",
    }
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'name="marketing_consent"' in page and 'name="save_address"' not in page
    client.post(reverse("orders:checkout"), data)
    consent = Consent.objects.get()
    assert consent.user is None and consent.email == "khach@example.vn"
    assert consent.source == ConsentSource.CHECKOUT and consent.text_version == "2026-01"

    shopper = UserFactory()
    client.force_login(shopper)
    client.post(reverse("orders:cart_add"), {"product": bread.pk, "quantity": 1})
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'name="save_address"' in page and 'name="marketing_consent"' not in page
    client.post(reverse("orders:checkout"), data)
    saved = shopper.addresses.get()
    assert (saved.street_address, saved.phone, saved.ward_code) == (
        "12 Nguyễn Huệ",
        "+84903555111",
        ward().pk,
    )
    assert Consent.objects.count() == 1
    # The next checkout starts from the saved address.
    page = client.get(reverse("orders:checkout")).content.decode()
    assert 'value="12 Nguyễn Huệ"' in page


PROFILE = {
    "legal_name": "Công ty TNHH Cà Phê Sáng",
    "trading_name": "Cà Phê Sáng",
    "business_type": "company",
    "tax_code": "0314409058",
    "owner_name": "Nguyễn Thị Lan",
    "phone": "0903 123 789",
    "email": "lienhe@caphesang.vn",
    "street_address": "45 Lê Thánh Tôn",
    "ward": "26743",
    "sector": "I",
    "employees": "4",
    "annual_revenue_vnd": "1200000000",
    "year_founded": "2016",
}


def _ticked(page: str, name: str) -> bool:
    box = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert box is not None, name
    return " checked" in box.group(0)


def test_the_business_profile_asks_both_business_purposes_off_by_default(client):
    seller = UserFactory()
    client.force_login(seller)
    page = client.get(reverse("accounts:business_create")).content.decode()
    assert not _ticked(page, "programme_consent") and not _ticked(page, "research_consent")
    client.post(reverse("accounts:business_create"), {**PROFILE, "programme_consent": "on"})
    business = seller.memberships.get().business
    record = Consent.objects.get()
    assert (record.user, record.business_id, record.purpose) == (
        seller,
        business.pk,
        ConsentPurpose.PROGRAMME,
    )
    assert record.source == ConsentSource.BUSINESS_PROFILE and record.text_version == "2026-01"
    assert record.withdrawn_at is None
    assert not selectors.consent_active(purpose=ConsentPurpose.RESEARCH, business_id=business.pk)


def test_unticking_on_the_profile_withdraws_and_the_business_leaves_the_follow_up_list(client):
    seller = UserFactory()
    client.force_login(seller)
    client.post(
        reverse("accounts:business_create"),
        {**PROFILE, "programme_consent": "on", "research_consent": "on"},
    )
    business = seller.memberships.get().business
    business_facts_refresh()
    edit = reverse("accounts:business_edit", kwargs={"slug": business.slug})

    def listed():
        return business.pk in {f.business_id for f in follow_up(Filters(), "not_assessed")}

    page = client.get(edit).content.decode()
    assert _ticked(page, "programme_consent") and _ticked(page, "research_consent")
    assert listed()

    assert client.post(edit, {**PROFILE, "research_consent": "on"}).status_code == 302
    page = client.get(edit).content.decode()
    assert not _ticked(page, "programme_consent") and _ticked(page, "research_consent")
    assert not listed()
    assert not selectors.consent_active(purpose=ConsentPurpose.PROGRAMME, business_id=business.pk)
    assert selectors.consent_active(purpose=ConsentPurpose.RESEARCH, business_id=business.pk)
    assert Consent.objects.filter(purpose=ConsentPurpose.PROGRAMME).get().withdrawn_at is not None

    client.post(edit, {**PROFILE, "programme_consent": "on", "research_consent": "on"})
    assert listed()
    assert Consent.objects.filter(withdrawn_at__isnull=True).count() == 2


def test_research_reads_the_answers_of_consenting_businesses_only(client):
    asked, silent = MembershipFactory(), MembershipFactory()
    for membership in (asked, silent):
        take_assessment(business=membership.business, user=membership.user)
    assert research_answers() == []

    client.force_login(asked.user)
    client.post(CONSENT, {"purpose": "research", "action": "give", "business": asked.business_id})
    rows = research_answers()
    assert [row.respondent for row in rows] == [respondent_key(asked.business_id)]
    assert rows[0].answers and rows[0].respondent != str(asked.business_id)
    assert asked.business.trading_name not in repr(rows)

    client.post(
        CONSENT, {"purpose": "research", "action": "withdraw", "business": asked.business_id}
    )
    assert research_answers() == []
