"""Guest orders: the emails carry a signed link that opens the order on any device; a changed or
expired link is a 404; the order lookup mails that link and answers the same whatever was typed."""

import re

import pytest
from django.core import signing
from django.test import Client

from orders import emails, links
from orders.models import OrderGroup
from tests.reviews.conftest import completed_order

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://testserver(/vi/tra-cuu-don-hang/[^/\s]+/)")


@pytest.fixture(autouse=True)
def _site_url(settings):
    settings.SITE_URL = "http://testserver"


@pytest.fixture
def guest_order(coffee):
    return completed_order(coffee, user=None, email="khach@example.vn")


def _mailed_link(mailoutbox) -> str:
    (path,) = LINK.findall(mailoutbox[-1].body)
    return path


def test_the_confirmation_email_link_opens_the_order_in_a_new_browser(
    guest_order, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        emails.send_order_confirmed(order=guest_order)
    shopper_mail = next(mail for mail in mailoutbox if mail.to == ["khach@example.vn"])
    (path,) = LINK.findall(shopper_mail.body)
    fresh = Client()
    response = fresh.get(path)
    assert response.status_code == 200
    html = response.content.decode()
    assert guest_order.group.short_reference in html
    assert "Cà phê phin" in html
    # the review link carries the token, so the new device can review too
    assert f"/vi/danh-gia/don-hang/{guest_order.pk}/?t=" in html
    # the session-bound page alone stays closed to that browser
    assert fresh.get(f"/vi/cart/orders/{guest_order.group.reference}/").status_code == 404


def test_a_changed_or_foreign_token_is_a_404(guest_order, client):
    token = links.group_link_token(guest_order.group)
    assert client.get(f"/vi/tra-cuu-don-hang/{token}/").status_code == 200
    changed = token[:-2] + ("AA" if not token.endswith("AA") else "BB")
    assert client.get(f"/vi/tra-cuu-don-hang/{changed}/").status_code == 404
    other_salt = signing.dumps(str(guest_order.group.reference), salt="privacy.export")
    assert client.get(f"/vi/tra-cuu-don-hang/{other_salt}/").status_code == 404
    assert client.get("/vi/tra-cuu-don-hang/%00/").status_code in (400, 404)
    assert client.get(f"/vi/tra-cuu-don-hang/{'x' * 400}/").status_code == 404


def test_an_expired_link_is_a_404(guest_order, client, monkeypatch):
    old = signing.TimestampSigner.timestamp
    expired_at = signing.b62_encode(
        int(signing.time.time() - links.ORDER_LINK_MAX_AGE.total_seconds() - 60)
    )
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", lambda self: expired_at)
    token = links.group_link_token(guest_order.group)
    monkeypatch.setattr(signing.TimestampSigner, "timestamp", old)
    assert client.get(f"/vi/tra-cuu-don-hang/{token}/").status_code == 404
    assert (
        client.get(f"/vi/tra-cuu-don-hang/{links.group_link_token(guest_order.group)}/").status_code
        == 200
    )


def test_lookup_mails_the_link_only_on_a_match_and_answers_the_same(
    guest_order, client, mailoutbox
):
    number = guest_order.number
    assert client.get("/vi/tra-cuu-don-hang/").status_code == 200
    answers = []
    for email, typed in [
        ("KHACH@example.vn ", number.lower()),  # a match, whatever the case
        ("someone@example.vn", number),
        ("khach@example.vn", f"{guest_order.group.short_reference}-999999"),
        ("khach@example.vn", "not-a-number"),
    ]:
        response = client.post("/vi/tra-cuu-don-hang/", {"email": email, "order_number": typed})
        assert response.status_code == 200
        page = response.content.decode()
        main = page[page.index("<main") : page.index("</main>")]
        answers.append(re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", main))
    assert len(set(answers)) == 1
    assert len(mailoutbox) == 1
    assert mailoutbox[0].to == ["khach@example.vn"]
    assert Client().get(_mailed_link(mailoutbox)).status_code == 200


def test_lookup_bad_input_is_a_form_error_and_attempts_are_limited(guest_order, client, mailoutbox):
    response = client.post("/vi/tra-cuu-don-hang/", {"email": "not an email", "order_number": ""})
    assert response.status_code == 400
    for _attempt in range(3):
        client.post("/en/order-lookup/", {"email": "khach@example.vn", "order_number": "X-1"})
    response = client.post(
        "/en/order-lookup/", {"email": "khach@example.vn", "order_number": guest_order.number}
    )
    assert response.status_code == 429
    assert mailoutbox == []
    assert OrderGroup.objects.count() == 1
