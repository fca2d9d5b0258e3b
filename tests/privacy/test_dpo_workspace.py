"""The data-protection officer's workspace: who may open it, the request queue (overdue first,
complete or refuse with a reason), the access log (filters, CSV export with formulas escaped, no
values), consent counts, and the retention job with what its last run removed."""

import datetime

import pytest
from django.utils import timezone

from accounts.models import Invitation
from accounts.roles import Role
from core.scheduling import discover, next_due
from orders.models import Cart, GroupStatus, OrderGroup
from payments.models import IncomingTransfer, TransferState, WebhookEvent
from privacy import services
from privacy.models import AccessLog, RequestKind, RequestStatus, RetentionRun, RightsRequest
from tests.factories import BusinessFactory, MembershipFactory, UserFactory
from tests.orders.factories import placed_group
from tests.workspace_i18n.scan import english_in

pytestmark = pytest.mark.django_db

PAGES = [
    "/admin/privacy/",
    "/admin/privacy/access-log/",
    "/admin/privacy/consents/",
    "/admin/privacy/retention/",
    "/admin/snippets/privacy/breach/",
    "/admin/snippets/privacy/privacynotice/",
]


@pytest.fixture(autouse=True)
def _no_mfa_rule(settings):
    settings.WORKSPACE_REQUIRE_MFA = False


@pytest.mark.parametrize("url", PAGES)
@pytest.mark.parametrize(
    ("roles", "expected"),
    [
        ([Role.DATA_PROTECTION_OFFICER], 200),
        ([Role.PROGRAMME_MANAGER], 403),
        ([Role.VENDOR_OWNER], 403),
        ([Role.EDITOR], 403),
        ([], 302),  # a shopper: the workspace sends them away
    ],
)
def test_role_matrix(client, url, roles, expected):
    client.force_login(UserFactory(roles=roles))
    response = client.get(url)
    if expected == 403 and "/snippets/" in url:
        # Wagtail's own refusal for its snippet views: back to the dashboard with a message.
        assert (response.status_code, response["Location"]) == (302, "/admin/")
    else:
        assert response.status_code == expected
    if expected == 302:
        assert "/admin/" not in response["Location"] or "login" in response["Location"]


def test_the_dpo_is_sent_to_set_up_a_second_factor_first(client, dpo, settings):
    settings.WORKSPACE_REQUIRE_MFA = True
    client.force_login(dpo)
    response = client.get("/admin/privacy/")
    assert response.status_code == 302 and "totp" in response["Location"]


def test_programme_manager_cannot_unmask_without_the_dpo_role(client, dpo):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    business = BusinessFactory()
    client.force_login(manager)
    response = client.post(
        "/admin/programme/follow-up/?kind=not_assessed",
        {"business": business.pk, "reason": "call"},
    )
    assert response.status_code == 403
    assert not AccessLog.objects.exists()


def _request(kind, days_ago, user=None):
    row = services.rights_request_open(
        kind=kind, user=user, now=timezone.now() - datetime.timedelta(days=days_ago)
    )
    return row


def test_queue_overdue_first_and_actions(client, dpo, user):
    fresh = _request(RequestKind.CORRECTION, 0, user)
    old = _request(RequestKind.OBJECTION, 40, user)
    client.force_login(dpo)
    html = client.get("/admin/privacy/").content.decode()
    assert html.index(f'data-request="{old.pk}"') < html.index(f'data-request="{fresh.pk}"')
    assert "overdue" in html

    response = client.post("/admin/privacy/", {"request": old.pk, "action": "refuse", "reason": ""})
    assert response.status_code == 400
    assert 'role="alert"' in response.content.decode()
    assert RightsRequest.objects.get(pk=old.pk).status == RequestStatus.RECEIVED

    client.post("/admin/privacy/", {"request": old.pk, "action": "refuse", "reason": "Not ours"})
    old.refresh_from_db()
    assert old.status == RequestStatus.REFUSED and old.outcome == "Not ours"
    assert old.closed_by == dpo

    client.post("/admin/privacy/", {"request": fresh.pk, "action": "acknowledge"})
    client.post("/admin/privacy/", {"request": fresh.pk, "action": "complete", "reason": "Fixed"})
    fresh.refresh_from_db()
    assert fresh.status == RequestStatus.COMPLETED and fresh.acknowledged_at
    # A closed request cannot be closed again.
    again = client.post("/admin/privacy/", {"request": fresh.pk, "action": "refuse", "reason": "x"})
    assert again.status_code == 409


def test_access_log_filters_and_exports_without_values(client, dpo, person, other_person):
    reader = UserFactory(email="reader@example.vn")
    services.access_log_record(
        actor=reader, subject=person.business, fields=["phone"], reason="=HYPERLINK(1)"
    )
    client.force_login(dpo)
    html = client.get("/admin/privacy/access-log/", {"person": person.values["email"]}).content
    html = html.decode()
    assert "follow-up call 1" in html and "follow-up call 2" not in html
    html = client.get("/admin/privacy/access-log/", {"staff": "reader@example.vn"}).content.decode()
    assert "=HYPERLINK(1)" in html and "follow-up call 1" not in html
    html = client.get(
        "/admin/privacy/access-log/",
        {"record_type": "accounts.business", "record_id": str(other_person.business.pk)},
    ).content.decode()
    assert "follow-up call 2" in html and "follow-up call 1" not in html
    future = (timezone.localdate() + datetime.timedelta(days=1)).isoformat()
    html = client.get("/admin/privacy/access-log/", {"since": future}).content.decode()
    assert "follow-up call" not in html
    assert client.get("/admin/privacy/access-log/", {"since": "yesterday"}).status_code == 400

    csv_text = client.get(
        "/admin/privacy/access-log/", {"staff": "reader@example.vn", "format": "csv"}
    ).content.decode()
    assert "'=HYPERLINK(1)" in csv_text
    assert person.values["business_phone"] not in csv_text


def test_consent_counts_by_purpose_and_version_and_one_persons_history(client, dpo, person):
    client.force_login(dpo)
    html = client.get("/admin/privacy/consents/", {"person": person.values["email"]}).content
    html = html.decode()
    # Marketing and programme sharing, each once under version 2026-01, none withdrawn.
    assert html.count("<td>2026-01</td><td>1</td><td>0</td>") == 2
    services.consent_withdraw(user=person.user, purpose="marketing")
    html = client.get("/admin/privacy/consents/").content.decode()
    assert html.count("<td>2026-01</td><td>0</td><td>1</td>") == 1


def test_retention_purges_what_is_due_and_the_dpo_sees_the_counts(client, dpo, bread):
    long_ago = timezone.now() - datetime.timedelta(days=400)
    abandoned = Cart.objects.create()
    Cart.objects.filter(pk=abandoned.pk).update(updated_at=long_ago)
    recent = Cart.objects.create()
    unpaid = placed_group((bread, 1), email="unpaid@example.vn", contact_name="Khách Cũ")
    OrderGroup.objects.filter(pk=unpaid.pk).update(
        status=GroupStatus.CANCELLED, created_at=long_ago
    )
    owner = MembershipFactory().user
    expired = Invitation.objects.create(
        business=owner.memberships.get().business,
        email="old@example.vn",
        token_hash="a" * 64,
        invited_by=owner,
        expires_at=long_ago,
    )
    event = WebhookEvent.objects.create(
        provider="sandbox",
        endpoint="platform",
        event_id="evt_old",
        type="x",
        provider_created_at=long_ago,
        payload='{"name": "Khách Cũ"}',
    )
    WebhookEvent.objects.filter(pk=event.pk).update(received_at=long_ago)
    shop = owner.memberships.get().business

    def transfer(txn, state, received_at):
        return IncomingTransfer.objects.create(
            business=shop,
            provider="sepay",
            provider_txn_id=txn,
            amount=30_000,
            memo=f"CHOSO {txn}",
            received_at=received_at,
            payload='{"sender": "NGUYEN VAN A", "account": "0123456789"}',
            state=state,
        )

    old_matched = transfer("t1", TransferState.MATCHED, long_ago)
    old_waiting = transfer("t2", TransferState.UNMATCHED, long_ago)
    fresh = transfer("t3", TransferState.IGNORED, timezone.now())

    client.force_login(dpo)
    assert client.post("/admin/privacy/retention/run/").status_code == 302

    assert not Cart.objects.filter(pk=abandoned.pk).exists()
    assert Cart.objects.filter(pk=recent.pk).exists()
    unpaid.refresh_from_db()
    assert unpaid.email == "" and unpaid.contact_name == "—"
    assert not Invitation.objects.filter(pk=expired.pk).exists()
    assert WebhookEvent.objects.get(pk=event.pk).payload == ""
    payloads = dict(IncomingTransfer.objects.values_list("provider_txn_id", "payload"))
    assert payloads["t1"] == ""  # matched long ago: emptied
    assert "NGUYEN VAN A" in payloads["t2"]  # still waiting to be matched by hand
    assert "NGUYEN VAN A" in payloads["t3"]  # recent
    assert IncomingTransfer.objects.get(pk=old_matched.pk).memo == "CHOSO t1"
    assert {old_waiting.pk, fresh.pk} < set(IncomingTransfer.objects.values_list("pk", flat=True))
    run = RetentionRun.objects.get()
    assert run.removed["abandoned_carts"] == 1
    assert run.removed["guest_contacts"] == 1
    assert run.removed["expired_invitations"] == 1
    assert run.removed["webhook_payloads"] == 1
    assert run.removed["transfer_payloads"] == 1
    html = client.get("/admin/privacy/retention/").content.decode()
    assert 'data-removed="abandoned_carts">1<' in html
    assert 'data-removed="transfer_payloads">1<' in html
    assert "Báo cáo chuyển khoản" in html  # the kind is named, in Vietnamese


def test_the_dpo_pages_and_my_privacy_speak_vietnamese(client, dpo, person):
    # Records' own data (emails, record types, field names and reasons of the access log).
    allowed = frozenset({"private", "example", "accounts", "follow", "up", "phone"})
    client.force_login(dpo)
    _request(RequestKind.ACCESS, 30, person.user)
    findings = {}
    for url in PAGES:
        findings[url] = english_in(client.get(url).content.decode(), allowed=allowed)
    client.force_login(person.user)
    for url in ("/vi/me/privacy/", "/vi/me/privacy/delete/", "/vi/me/privacy/details/"):
        findings[url] = english_in(client.get(url).content.decode(), allowed=allowed)
    assert {url: words for url, words in findings.items() if words} == {}


def test_the_retention_job_runs_daily_through_the_scheduler():
    job = next(job for job in discover() if job.name == "privacy.tasks.run_retention")
    assert job.every == datetime.timedelta(days=1)
    now = timezone.now()
    assert next_due(last_run=None, every=job.every, now=now) == now
