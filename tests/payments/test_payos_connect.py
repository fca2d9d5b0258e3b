"""Connecting a shop's payOS channel: the keys are checked with payOS (the fake server, through the
real SDK) before anything is kept, the webhook URL is confirmed (payOS's signed test webhook must
be answered by this site), and refused keys or an unreachable payOS leave nothing saved."""

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import translation

from accounts.models import MembershipRole
from core.errors import Conflict, Forbidden
from orders import services as order_services
from payments.models import PayOSChannel, PayOSChannelState, WebhookEvent
from payments.payos import services
from tests.factories import BusinessFactory, vendor
from tests.fakes.payos_server import FakePayOS
from tests.marketplace.factories import ProductFactory
from tests.payments.test_payos_webhooks import channel_for, payos_order

REFUSED_VI = "payOS không chấp nhận các khóa này"


@pytest.fixture
def fake(settings):
    server = FakePayOS().start()
    settings.PAYOS_BASE_URL = server.url
    yield server
    server.stop()


@pytest.fixture
def shop(db):
    return BusinessFactory(trading_name="Bánh Mì Cô Ba", can_take_payments=False)


@pytest.fixture
def owner(shop):
    return vendor(business=shop)


def keys(fake, **changes) -> dict:
    data = {
        "client_id": fake.client_id,
        "api_key": fake.api_key,
        "checksum_key": fake.checksum_key,
    }
    data.update(changes)
    return data


def connect_url(shop) -> str:
    return reverse("payments:payos_connect", kwargs={"slug": shop.slug})


@pytest.mark.django_db(transaction=True)
def test_owner_connects_payos(client, live_server, settings, fake, reference_rows):
    settings.SITE_URL = live_server.url
    shop = BusinessFactory(trading_name="Bánh Mì Cô Ba", can_take_payments=False)
    owner = vendor(business=shop)
    client.force_login(owner)
    response = client.post(connect_url(shop), keys(fake), follow=True)
    assert response.status_code == 200
    channel = PayOSChannel.objects.get(business=shop)
    assert channel.state == PayOSChannelState.VERIFIED
    assert channel.verified_at is not None
    assert (channel.client_id, channel.api_key, channel.checksum_key) == (
        fake.client_id,
        fake.api_key,
        fake.checksum_key,
    )
    # The webhook URL payOS now posts to, confirmed by answering its signed test webhook.
    assert fake.webhook_url == (f"{live_server.url}/payments/payos/{channel.webhook_token}/")
    assert fake.deliveries[0][0] == 200
    test_event = WebhookEvent.objects.get()
    assert (test_event.provider, test_event.outcome) == ("payos", "ignored")
    shop.refresh_from_db()
    assert shop.can_take_payments
    assert "0011001932418" in response.content.decode()
    assert response.context["channel"].pk == channel.pk
    # Encrypted at rest.
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT client_id, api_key, checksum_key FROM payments_payoschannel WHERE id = %s",
            [channel.pk],
        )
        stored = cursor.fetchone()
    assert not set(stored) & {fake.client_id, fake.api_key, fake.checksum_key}


@pytest.mark.django_db(transaction=True)
def test_a_wrong_checksum_key_fails_payos_test_webhook_and_nothing_is_kept(
    client, live_server, settings, fake, reference_rows
):
    settings.SITE_URL = live_server.url
    shop = BusinessFactory(can_take_payments=False)
    client.force_login(vendor(business=shop))
    response = client.post(connect_url(shop), keys(fake, checksum_key="not-the-checksum-key"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        "payOS không xác nhận được địa chỉ webhook của trang này. Hãy kiểm tra khóa checksum, "
        "và trang có truy cập được từ internet không."
    ]
    # Our endpoint refused payOS's test webhook (signed with the real key): 400, nothing stored.
    assert fake.deliveries == [(400, '{"success": false, "error": "invalid signature"}')]
    assert not PayOSChannel.objects.exists()
    assert not WebhookEvent.objects.exists()
    shop.refresh_from_db()
    assert not shop.can_take_payments


def test_keys_payos_refuses_are_a_form_error_and_nothing_is_saved(client, shop, owner, fake):
    client.force_login(owner)
    response = client.post(connect_url(shop), keys(fake, api_key="wrong-api-key"))
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [REFUSED_VI]
    assert REFUSED_VI in response.content.decode()
    assert not PayOSChannel.objects.exists()
    # Refused at the first call: confirm-webhook was never asked.
    assert fake.requests_to("POST", "/confirm-webhook") == []


def test_the_refusal_in_english(client, shop, owner, fake):
    client.force_login(owner)
    with translation.override("en"):
        url = connect_url(shop)
    response = client.post(url, keys(fake, client_id="someone-else"))
    assert response.context["form"].non_field_errors() == ["payOS did not accept these keys"]


def test_payos_unreachable_is_a_clear_error_and_nothing_is_saved(client, shop, owner, fake):
    client.force_login(owner)
    data = keys(fake)
    fake.stop()
    response = client.post(connect_url(shop), data)
    assert response.context["form"].non_field_errors() == [
        "Không kết nối được với payOS lúc này. Chưa có gì được lưu: hãy thử lại sau vài phút."
    ]
    assert not PayOSChannel.objects.exists()


def test_confirm_webhook_unreachable_leaves_nothing(shop, owner, fake):
    # payOS accepted the keys, then failed when confirming the webhook: the channel saved in
    # between is removed again.
    fake.failures = []
    original = fake.handle

    def failing(method, path, body, headers):
        if path == "/confirm-webhook":
            return 503, {"code": "503", "desc": "Service unavailable", "data": None}
        return original(method, path, body, headers)

    fake.handle = failing
    with pytest.raises(services.ProviderError) as caught:
        services.payos_channel_connect(business=shop, actor=owner, **keys(fake))
    assert caught.value.code == "payos_unavailable"
    assert not PayOSChannel.objects.exists()


def test_empty_fields_are_field_errors(client, shop, owner, fake):
    client.force_login(owner)
    response = client.post(connect_url(shop), {"client_id": " ", "api_key": "", "checksum_key": ""})
    assert set(response.context["form"].errors) == {"client_id", "api_key", "checksum_key"}
    assert fake.requests == []


def test_only_the_owner(client, shop, fake):
    staff = vendor(business=shop, role=MembershipRole.STAFF)
    client.force_login(staff)
    assert client.get(connect_url(shop)).status_code == 403
    assert client.post(connect_url(shop), keys(fake)).status_code == 403
    with pytest.raises(Forbidden):
        services.payos_channel_connect(business=shop, actor=staff, **keys(fake))
    stranger = vendor()
    client.force_login(stranger)
    assert client.get(connect_url(shop)).status_code == 404
    assert not PayOSChannel.objects.exists()
    assert fake.requests == []


def test_anonymous_is_sent_to_log_in(client, shop):
    response = client.get(connect_url(shop))
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_the_page_writes_nothing_on_get(client, shop, owner, django_assert_max_num_queries):
    client.force_login(owner)
    response = client.get(connect_url(shop))
    assert response.status_code == 200
    assert 'name="checksum_key"' in response.content.decode()
    assert not PayOSChannel.objects.exists()


def test_a_connected_channel_must_be_disconnected_before_new_keys(client, shop, owner, fake):
    channel_for(shop)
    client.force_login(owner)
    page = client.get(connect_url(shop))
    assert page.context["channel"] is not None
    assert 'name="checksum_key"' not in page.content.decode()
    with pytest.raises(Conflict):
        services.payos_channel_connect(business=shop, actor=owner, **keys(fake))
    assert fake.requests == []


def test_disconnect(client, shop, owner):
    channel_for(shop)
    client.force_login(owner)
    response = client.post(reverse("payments:payos_disconnect", kwargs={"slug": shop.slug}))
    assert response.status_code == 302
    assert not PayOSChannel.objects.exists()


def test_disconnect_waits_for_links_a_shopper_may_still_pay(client, shop, owner):
    shop.can_take_payments = True
    shop.save(update_fields=["can_take_payments"])
    channel = channel_for(shop)
    order = payos_order(ProductFactory(business=shop, price=40_000))
    client.force_login(owner)
    response = client.post(
        reverse("payments:payos_disconnect", kwargs={"slug": shop.slug}), follow=True
    )
    assert PayOSChannel.objects.filter(pk=channel.pk).exists()
    assert "1 liên kết thanh toán payOS" in response.content.decode()
    order_services.order_expire(order_id=order.pk)
    client.post(reverse("payments:payos_disconnect", kwargs={"slug": shop.slug}))
    assert not PayOSChannel.objects.exists()


def test_only_the_owner_disconnects(client, shop):
    channel_for(shop)
    client.force_login(vendor(business=shop, role=MembershipRole.STAFF))
    response = client.post(reverse("payments:payos_disconnect", kwargs={"slug": shop.slug}))
    assert response.status_code == 403
    assert PayOSChannel.objects.exists()


def test_sandbox_payos_accepts_any_keys(client, shop, owner, settings):
    settings.PAYOS_BASE_URL = ""
    settings.PAYMENT_PROVIDER = "sandbox"
    settings.PAYMENTS_SANDBOX_ENABLED = True
    client.force_login(owner)
    response = client.post(
        connect_url(shop), {"client_id": "demo", "api_key": "demo", "checksum_key": "demo"}
    )
    assert response.status_code == 302
    assert PayOSChannel.objects.get(business=shop).is_verified
    shop.refresh_from_db()
    assert shop.can_take_payments
