"""Delete my account: the person is anonymised everywhere, orders stay for the shops' accounts with
their contact replaced; refused while an order is open; shared businesses handed over first.
Guests ask by email and order number, confirmed by email, with one neutral answer."""

import re

import pytest
from allauth.mfa.models import Authenticator
from django.contrib.sessions.models import Session
from django.core import mail
from django.db import connection
from django.urls import reverse

from accounts.models import Business, Membership, MembershipRole, User
from cms import services as cms_services
from cms.models import StorefrontPage
from orders.models import Order, OrderGroup, OrderStatus
from privacy.models import DataExport, RequestKind, RequestStatus, RightsRequest
from tests.factories import DEFAULT_PASSWORD, MembershipFactory
from tests.marketplace.factories import ProductFactory
from tests.orders.factories import placed_group

pytestmark = pytest.mark.django_db

IDENTIFYING = (
    "email",
    "phone",
    "address_phone",
    "address_street",
    "order_phone",
    "order_street",
    "business_owner",
    "business_phone",
    "business_email",
    "business_street",
    "tax_code",
    "bank_holder",
    "bank_number",
)


def _every_text_in_database() -> str:
    """Every row of every table, read with raw SQL, as one text to search."""
    chunks = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f'SELECT * FROM "{table}"')  # noqa: S608 - names from introspection
            for row in cursor.fetchall():
                chunks.append(" ".join(str(value) for value in row if value is not None))
    return "\n".join(chunks)


def _without_tokens(response) -> str:
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", response.content.decode())


def _delete(client, user, **extra):
    client.force_login(user)
    return client.post(
        reverse("privacy:delete"), {"password": DEFAULT_PASSWORD, "understood": "on", **extra}
    )


def test_deletion_leaves_no_identifying_value_in_any_table_and_totals_add_up(
    client, person, other_person
):
    Authenticator.objects.create(user=person.user, type=Authenticator.Type.TOTP, data={})
    other_client = client.__class__()
    other_client.force_login(person.user)  # a second session, on another device
    values = person.values
    full_name = values["business_owner"]
    before = _every_text_in_database()
    assert values["email"] in before and values["last_name"] in before

    response = _delete(client, person.user)

    assert response.status_code == 302
    after = _every_text_in_database()
    for key in IDENTIFYING:
        assert values[key] not in after, key
    assert full_name not in after and values["last_name"] not in after
    assert other_person.values["email"] in after  # the scan does see what stays

    user = User.objects.get(pk=person.user.pk)
    assert not user.is_active and not user.has_usable_password()
    assert user.first_name == user.last_name == ""
    assert not Authenticator.objects.filter(user=user).exists()
    assert not [s for s in Session.objects.all() if s.get_decoded().get("_auth_user_id")]
    assert not user.addresses.exists() and not Membership.objects.filter(user=user).exists()

    group = OrderGroup.objects.get(pk=person.group.pk)
    assert group.user is None
    assert group.email == "" and group.phone == "" and group.street_address == "—"
    orders = list(Order.objects.filter(group=group).prefetch_related("lines"))
    assert sum(order.subtotal for order in orders) == group.total == 60_000
    for order in orders:
        assert sum(line.line_total for line in order.lines.all()) == order.subtotal
    # Decrypted too: the encrypted columns hold nothing of the person either.
    business = person.business.__class__.objects.get(pk=person.business.pk)
    assert business.owner_name == "—" and business.phone == "" and not business.is_active
    assert business.tax_code != values["tax_code"]
    assert business.bank_account.account_number == "" and business.bank_account.holder_name == ""
    request = RightsRequest.objects.get(user=user, kind=RequestKind.DELETION)
    assert request.status == RequestStatus.COMPLETED


def test_deletion_waits_while_an_order_is_open_and_names_it(client, person, bread):
    open_group = placed_group((bread, 1), email=person.values["email"], phone="+84912000111")
    OrderGroup.objects.filter(pk=open_group.pk).update(user=person.user)
    number = open_group.orders.get().number

    client.force_login(person.user)
    page = client.get(reverse("privacy:delete"))
    assert number in page.content.decode()
    response = _delete(client, person.user)

    assert response.status_code == 409
    assert number in response.content.decode()
    user = User.objects.get(pk=person.user.pk)
    assert user.is_active and user.email == person.values["email"]
    assert OrderGroup.objects.get(pk=open_group.pk).phone != ""


def test_a_sole_owners_shop_waits_for_its_open_orders_then_its_storefront_goes_offline(
    client, person
):
    cms_services.site_sections_ensure()
    cms_services.storefront_ensure(business=person.business)
    assert StorefrontPage.objects.filter(business=person.business).live().count() == 2
    shop_url = StorefrontPage.objects.filter(business=person.business).first().url
    assert client.get(shop_url).status_code == 200
    Business.objects.filter(pk=person.business.pk).update(can_take_payments=True)
    cake = ProductFactory(business=person.business, name="Bánh bò", price=20_000, stock=9)
    customer_group = placed_group((cake, 1), email="customer@example.vn")
    shop_order = customer_group.orders.get()

    client.force_login(person.user)
    page = client.get(reverse("privacy:delete")).content.decode()
    assert shop_order.number in page and person.business.trading_name in page
    response = _delete(client, person.user)
    assert response.status_code == 409
    assert shop_order.number in response.content.decode()
    assert User.objects.get(pk=person.user.pk).is_active
    assert StorefrontPage.objects.filter(business=person.business).live().count() == 2

    Order.objects.filter(pk=shop_order.pk).update(status=OrderStatus.COMPLETED)
    assert _delete(client, person.user).status_code == 302
    business = Business.objects.get(pk=person.business.pk)
    assert not business.is_active
    assert not StorefrontPage.objects.filter(business=business).live().exists()
    assert client.get(shop_url).status_code == 404


def test_a_shared_business_is_handed_over_first(client, person):
    staff = MembershipFactory(business=person.business, role=MembershipRole.STAFF).user

    response = _delete(client, person.user)
    assert response.status_code == 400
    assert User.objects.get(pk=person.user.pk).is_active

    response = _delete(client, person.user, **{f"handover_{person.business.pk}": staff.pk})
    assert response.status_code == 302
    membership = Membership.objects.get(business=person.business)
    assert membership.user == staff and membership.role == MembershipRole.OWNER
    business = person.business.__class__.objects.get(pk=person.business.pk)
    assert business.is_active  # kept for the new owner
    assert business.owner_name == "—"


def test_wrong_password_changes_nothing(client, person):
    client.force_login(person.user)
    response = client.post(reverse("privacy:delete"), {"password": "nope", "understood": "on"})
    assert response.status_code == 400
    assert User.objects.get(pk=person.user.pk).is_active


def test_guest_request_answers_the_same_for_known_and_unknown_pairs(client, bread):
    group = placed_group((bread, 1), email="guest.buyer@example.vn", contact_name="Khách Vãng Lai")
    group.orders.update(status=OrderStatus.COMPLETED)
    number = group.orders.get().number
    url = reverse("privacy:guest_request")

    unknown = client.post(
        url, {"email": "someone@example.vn", "order_number": number, "kind": "deletion"}
    )
    wrong_number = client.post(
        url, {"email": "guest.buyer@example.vn", "order_number": "ABC-1", "kind": "deletion"}
    )
    assert mail.outbox == []
    known = client.post(
        url, {"email": "Guest.Buyer@example.vn", "order_number": number, "kind": "deletion"}
    )
    assert unknown.status_code == wrong_number.status_code == known.status_code == 200
    assert _without_tokens(unknown) == _without_tokens(wrong_number) == _without_tokens(known)
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["Guest.Buyer@example.vn"]
    link = next(w for w in mail.outbox[0].body.split() if "/guest/" in w)
    path = link[link.index("/vi/") :]

    assert client.get(path).status_code == 200
    assert (
        OrderGroup.objects.get(pk=group.pk).contact_name == "Khách Vãng Lai"
    )  # GET writes nothing
    done = client.post(path)
    assert done.status_code == 200
    group.refresh_from_db()
    assert group.email == "" and group.contact_name == "—" and group.phone == ""
    row = RightsRequest.objects.get(order_number=number)
    assert row.status == RequestStatus.COMPLETED and row.email == ""
    assert client.post(path).status_code == 404  # the link works once


def test_a_guest_access_request_gives_the_orders_data_to_the_confirming_browser_only(
    client, bread, settings
):
    group = placed_group(
        (bread, 2), email="guest.reader@example.vn", contact_name="Khách Đọc", phone="+84912345670"
    )
    number = group.orders.get().number
    client.post(
        reverse("privacy:guest_request"),
        {"email": "guest.reader@example.vn", "order_number": number, "kind": "access"},
    )
    link = next(w for w in mail.outbox[0].body.split() if "/guest/" in w)
    path = link[link.index("/vi/") :]
    assert not DataExport.objects.exists()  # nothing before the guest confirms

    done = client.post(path)
    export = DataExport.objects.get()
    assert export.user is None
    body = done.content.decode()
    json_url = reverse("privacy:guest_export_json", kwargs={"token": export.token})
    assert json_url in body
    data = client.get(json_url).json()
    order = data["orders"]["orders"][0]
    assert (order["name"], order["phone"], order["email"]) == (
        "Khách Đọc",
        "+84912345670",
        "guest.reader@example.vn",
    )
    assert order["shops"][0]["number"] == number
    assert order["shops"][0]["lines"][0]["quantity"] == 2
    html_url = reverse("privacy:guest_export_html", kwargs={"token": export.token})
    assert "Khách Đọc" in client.get(html_url).content.decode()
    row = RightsRequest.objects.get(order_number=number)
    assert row.status == RequestStatus.COMPLETED and row.email == ""

    other_browser = client.__class__()
    assert other_browser.get(json_url).status_code == 404
    DataExport.objects.update(expires_at=export.created_at)
    assert client.get(json_url).status_code == 404


def test_guest_requests_are_limited_per_email(client):
    url = reverse("privacy:guest_request")
    data = {"email": "flood@example.vn", "order_number": "AAAA1111-1", "kind": "deletion"}
    answers = [client.post(url, data).status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    assert RightsRequest.objects.count() == 0
