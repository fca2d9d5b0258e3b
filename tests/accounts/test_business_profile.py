import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from accounts.models import Business, Membership, SizeBand
from accounts.roles import Role
from accounts.services import size_band_for
from tests.factories import BusinessFactory, UserFactory, vendor

pytestmark = pytest.mark.django_db

VALID = {
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


@pytest.fixture
def owner_client(client):
    user = UserFactory()
    client.force_login(user)
    client.user = user
    return client


def post_create(client, **changes):
    return client.post(reverse("accounts:business_create"), {**VALID, **changes})


def test_create_business_profile(owner_client):
    response = post_create(owner_client)
    business = Business.objects.get()
    assert response.status_code == 302
    assert response.url == business.get_absolute_url()
    assert business.tax_code == "0314409058"
    assert business.tax_code_kind == "tax_code"
    assert business.phone == "+84903123789"
    assert business.size_band == SizeBand.MICRO
    assert business.slug == "ca-phe-sang"
    membership = Membership.objects.get()
    assert (membership.user, membership.role) == (owner_client.user, "owner")
    assert owner_client.user.groups.filter(name=Role.VENDOR_OWNER).exists()


def test_household_may_use_personal_id_and_branch_code_is_formatted(owner_client):
    post_create(owner_client, tax_code="079185001234", business_type="household")
    post_create(owner_client, tax_code="0314409058002", trading_name="Chi nhánh 2")
    kinds = dict(Business.objects.values_list("trading_name", "tax_code_kind"))
    assert kinds == {"Cà Phê Sáng": "personal_id", "Chi nhánh 2": "branch"}
    assert Business.objects.get(trading_name="Chi nhánh 2").tax_code == "0314409058-002"


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("tax_code", "0314409059", "Enter a valid tax code"),
        ("tax_code", "123", "Enter a valid tax code"),
        ("tax_code", "999185001234", "must start with a province code"),
        ("phone", "12345", "Enter a Vietnamese phone number"),
        ("phone", "+14155550100", "Enter a Vietnamese phone number"),
        ("ward", "99999", "Select a valid choice"),
        ("legal_name", "", "This field is required"),
        ("owner_name", "", "This field is required"),
        ("employees", "-1", "greater than or equal to 0"),
        ("year_founded", "2999", "Enter a year from 1900 to"),
        ("sector", "Z", "Select a valid choice"),
    ],
)
def test_bad_input_is_a_form_error_and_saves_nothing(owner_client, field, value, message):
    response = owner_client.post("/en/me/business/new/", {**VALID, field: value})
    assert response.status_code == 200
    errors = response.context["form"].errors[field]
    assert any(message in error for error in errors), errors
    assert not Business.objects.exists()
    assert not Membership.objects.exists()


def test_duplicate_tax_code_is_refused(owner_client):
    BusinessFactory(tax_code="0314409058")
    response = owner_client.post("/en/me/business/new/", {**VALID, "tax_code": "031 440 9058"})
    assert response.status_code == 200
    assert response.context["form"].errors["tax_code"] == [
        "Another business is already registered with this tax code."
    ]
    assert Business.objects.count() == 1


def test_error_messages_are_translated_to_vietnamese(owner_client):
    response = owner_client.post("/vi/me/business/new/", {**VALID, "phone": "12"})
    assert response.context["form"].errors["phone"] == [
        "Hãy nhập số điện thoại Việt Nam, ví dụ 0903 123 456."
    ]


@pytest.mark.parametrize(
    ("sector", "employees", "revenue", "band"),
    [
        ("G", 10, 10_000_000_000, SizeBand.MICRO),
        ("G", 11, 1_000_000_000, SizeBand.SMALL),
        ("C", 10, 3_000_000_001, SizeBand.SMALL),
        ("C", 100, 50_000_000_000, SizeBand.SMALL),
        ("C", 150, 60_000_000_000, SizeBand.MEDIUM),
        ("G", 100, 300_000_000_000, SizeBand.MEDIUM),
        ("G", 101, 1_000_000, SizeBand.LARGE),
        ("A", 201, 1_000_000, SizeBand.LARGE),
    ],
)
def test_size_band_follows_decree_80(sector, employees, revenue, band):
    assert size_band_for(sector=sector, employees=employees, annual_revenue_vnd=revenue) == band


def test_owner_sees_full_values_staff_sees_masked(client):
    business = BusinessFactory(phone="+84903123789", tax_code="0314409058")
    owner = vendor(business=business)
    staff = vendor(business=business, role="staff")
    client.force_login(owner)
    page = client.get(business.get_absolute_url()).content.decode()
    assert "0314409058" in page and "0903 123 789" in page
    client.force_login(staff)
    page = client.get(business.get_absolute_url()).content.decode()
    assert "0314409058" not in page and "0903 *** 789" in page and "03******58" in page


def test_non_member_gets_404_and_staff_cannot_edit(client):
    business = BusinessFactory()
    client.force_login(vendor())
    assert client.get(business.get_absolute_url()).status_code == 404
    assert client.get(reverse("accounts:business_edit", args=[business.slug])).status_code == 404
    client.force_login(vendor(business=business, role="staff"))
    assert client.get(reverse("accounts:business_edit", args=[business.slug])).status_code == 403


def test_owner_edits_profile_and_bad_edit_changes_nothing(client):
    business = BusinessFactory(trading_name="Cũ", slug="cu")
    client.force_login(vendor(business=business))
    url = reverse("accounts:business_edit", args=[business.slug])
    form = client.get(url).context["form"]
    data = {**form.initial, "ward": business.ward_id}
    response = client.post(url, {**data, "trading_name": "Mới"})
    assert response.status_code == 302
    business.refresh_from_db()
    assert (business.trading_name, business.slug) == ("Mới", "cu")
    response = client.post(url, {**data, "trading_name": "Khác", "phone": "1"})
    assert response.status_code == 200
    business.refresh_from_db()
    assert business.trading_name == "Mới"


def test_invite_staff_and_accept(client, mailoutbox):
    business = BusinessFactory()
    owner = vendor(business=business)
    client.force_login(owner)
    client.post(
        reverse("accounts:business_invite", args=[business.slug]), {"email": "Tu@Example.vn"}
    )
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/invitations/" in line)
    invitee = UserFactory(email="tu@example.vn")
    other = UserFactory()
    client.force_login(other)
    client.post(link)
    assert not Membership.objects.filter(user=other).exists()
    client.force_login(invitee)
    response = client.post(link)
    assert response.status_code == 302
    assert Membership.objects.get(user=invitee).role == "staff"
    assert invitee.groups.filter(name=Role.VENDOR_STAFF).exists()
    client.post(link)
    assert Membership.objects.filter(user=invitee).count() == 1


def test_inviting_an_existing_member_is_refused(client, mailoutbox):
    business = BusinessFactory()
    owner = vendor(business=business)
    client.force_login(owner)
    client.post(reverse("accounts:business_invite", args=[business.slug]), {"email": owner.email})
    assert mailoutbox == []
    assert not business.invitations.exists()


def test_roles_exist_as_groups():
    names = set(Group.objects.values_list("name", flat=True))
    assert {role.value for role in Role} <= names


def test_slug_keeps_the_letter_d(owner_client):
    post_create(owner_client, trading_name="Trà Sen Tân Định")
    assert Business.objects.get().slug == "tra-sen-tan-dinh"
