"""Domain events (core.events): who listens to what, delivery after commit and never on rollback,
the owning services publishing, and no model signal crossing an app."""

import weakref

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import signals as model_signals

from accounts import services as account_services
from cms import handlers as cms_handlers
from cms import services as cms_services
from cms.models import StorefrontPage
from core import events
from marketplace import handlers as marketplace_handlers
from marketplace import services as marketplace_services
from marketplace.cache import catalogue_version
from marketplace.models import ProductStatus
from programme import handlers as programme_handlers
from programme.models import BusinessFacts
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import category

PROJECT_APPS = {
    "core",
    "privacy",
    "accounts",
    "marketplace",
    "orders",
    "payments",
    "cms",
    "onboarding",
    "programme",
}

WHO_LISTENS = {
    events.BusinessChanged: (
        marketplace_handlers.business_changed,
        cms_handlers.business_changed,
        programme_handlers.business_record_changed,
    ),
    events.MembershipChanged: (
        cms_handlers.membership_changed,
        programme_handlers.figures_changed,
    ),
    events.AccountChanged: (programme_handlers.figures_changed,),
    events.ProductChanged: (programme_handlers.business_record_changed,),
    events.OrderChanged: (programme_handlers.business_record_changed,),
    events.AssessmentChanged: (programme_handlers.business_record_changed,),
    events.PaymentAccountChanged: (programme_handlers.business_record_changed,),
    events.StorefrontChanged: (
        marketplace_handlers.storefront_changed,
        programme_handlers.business_record_changed,
    ),
}

SAMPLES = {
    events.BusinessChanged: events.BusinessChanged(business_id=1),
    events.MembershipChanged: events.MembershipChanged(business_id=1, user_id=2),
    events.AccountChanged: events.AccountChanged(user_id=2),
    events.ProductChanged: events.ProductChanged(business_id=1),
    events.OrderChanged: events.OrderChanged(business_id=1),
    events.AssessmentChanged: events.AssessmentChanged(business_id=1),
    events.PaymentAccountChanged: events.PaymentAccountChanged(business_id=1),
    events.StorefrontChanged: events.StorefrontChanged(business_id=1),
}


def test_each_event_has_exactly_the_documented_subscribers_in_layer_order():
    for event_type, handlers in WHO_LISTENS.items():
        assert events.subscribers(event_type) == handlers, event_type.__name__


@pytest.fixture
def spies(monkeypatch):
    """Every subscription replaced by a recorder, so only delivery is under test."""
    delivered = []

    def spy(handler):
        return lambda event: delivered.append((handler, event))

    monkeypatch.setattr(
        events,
        "_handlers",
        {kind: [spy(h) for h in handlers] for kind, handlers in WHO_LISTENS.items()},
    )
    return delivered


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", list(WHO_LISTENS), ids=lambda kind: kind.__name__)
def test_each_subscription_is_delivered_after_commit_only(
    event_type, spies, django_capture_on_commit_callbacks
):
    event = SAMPLES[event_type]
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        events.publish(event)
        assert spies == []  # not before the commit
    assert spies == [(handler, event) for handler in WHO_LISTENS[event_type]]


@pytest.mark.django_db
@pytest.mark.parametrize("event_type", list(WHO_LISTENS), ids=lambda kind: kind.__name__)
def test_no_subscription_is_delivered_when_the_write_rolls_back(
    event_type, spies, django_capture_on_commit_callbacks
):
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        events.publish(SAMPLES[event_type])
        raise RuntimeError
    assert spies == []


@pytest.mark.django_db
def test_a_failing_handler_is_logged_and_the_next_still_runs(
    monkeypatch, django_capture_on_commit_callbacks, caplog
):
    seen = []

    def broken(event):
        raise ValueError("boom")

    monkeypatch.setattr(events, "_handlers", {events.OrderChanged: [broken, seen.append]})
    with django_capture_on_commit_callbacks(execute=True):
        events.publish(events.OrderChanged(business_id=7))
    assert seen == [events.OrderChanged(business_id=7)]
    assert "broken" in caplog.text and "boom" in caplog.text


def test_subscribing_twice_keeps_one(monkeypatch):
    monkeypatch.setattr(events, "_handlers", {})
    events.subscribe(events.OrderChanged, print)
    events.subscribe(events.OrderChanged, print)
    assert events.subscribers(events.OrderChanged) == (print,)


def _receiver_function(receiver):
    if isinstance(receiver, weakref.ReferenceType):
        return receiver()
    return receiver


@pytest.mark.parametrize(
    "signal",
    [
        model_signals.pre_save,
        model_signals.post_save,
        model_signals.pre_delete,
        model_signals.post_delete,
        model_signals.m2m_changed,
    ],
    ids=["pre_save", "post_save", "pre_delete", "post_delete", "m2m_changed"],
)
def test_no_model_signal_receiver_crosses_an_app(signal):
    """What another app does after a write is a subscription to a domain event, published by the
    owning service: a project module may listen to its own app's models only."""
    models_by_id = {id(model): model for model in apps.get_models()}
    crossing = []
    for (_receiver_key, sender_key), receiver, _is_async in signal.receivers:
        function = _receiver_function(receiver)
        module = getattr(function, "__module__", "") or ""
        app = module.split(".")[0]
        if app not in PROJECT_APPS:
            continue
        model = models_by_id.get(sender_key)
        if model is None or model._meta.app_label != app:
            crossing.append(f"{module}.{function.__qualname__} <- {model}")
    assert crossing == []


@pytest.fixture
def sections(db):
    return cms_services.site_sections_ensure()


# --- the owning services publish, and the subscribers act once the write commits ------------


@pytest.mark.django_db
def test_a_rename_reaches_the_catalogue_and_the_storefront_after_commit(
    sections, django_capture_on_commit_callbacks
):
    business = BusinessFactory(trading_name="Tiệm Cũ", slug="tiem-cu")
    page = cms_services.storefront_ensure(business=business)
    before = catalogue_version()
    profile = {field: getattr(business, field) for field in account_services.PROFILE_FIELDS}
    profile["trading_name"] = "Tiệm Mới"
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        account_services.business_update(business=business, **profile)
        page.refresh_from_db()
        assert page.title == "Tiệm Cũ"  # the storefront follows after the commit
    page.refresh_from_db()
    assert page.title == "Tiệm Mới"
    assert catalogue_version() == before + 1
    assert BusinessFacts.objects.filter(business=business).exists()


@pytest.mark.django_db
def test_a_rolled_back_rename_changes_no_other_app(sections, django_capture_on_commit_callbacks):
    business = BusinessFactory(trading_name="Tiệm Cũ", slug="tiem-cu")
    page = cms_services.storefront_ensure(business=business)
    before = catalogue_version()
    profile = {field: getattr(business, field) for field in account_services.PROFILE_FIELDS}
    profile["trading_name"] = "Tiệm Mới"
    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(RuntimeError),
        transaction.atomic(),
    ):
        account_services.business_update(business=business, **profile)
        raise RuntimeError
    assert callbacks == []
    page.refresh_from_db()
    assert page.title == "Tiệm Cũ"
    assert catalogue_version() == before
    assert not BusinessFacts.objects.filter(business=business).exists()


@pytest.mark.django_db
def test_a_new_business_gets_its_storefront_and_editors_after_commit(
    sections, django_capture_on_commit_callbacks
):
    owner = UserFactory()
    business = BusinessFactory.build()
    profile = {field: getattr(business, field) for field in account_services.PROFILE_FIELDS}
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        created = account_services.business_create(owner=owner, **profile)
        assert not StorefrontPage.objects.filter(business=created).exists()
    page = StorefrontPage.objects.get(business=created, locale__language_code="vi")
    assert page.permissions_for_user(owner).can_edit()
    assert BusinessFacts.objects.get(business=created).storefront_live


@pytest.mark.django_db
def test_an_accepted_invitation_makes_a_storefront_editor_after_commit(
    sections, django_capture_on_commit_callbacks
):
    business = BusinessFactory()
    owner = vendor(business=business)
    page = cms_services.storefront_ensure(business=business)
    _invitation, token = account_services.invitation_create(
        business=business, email="nhanvien@example.vn", invited_by=owner
    )
    staff = UserFactory(email="nhanvien@example.vn")
    group = Group.objects.get(name=cms_services.storefront_group_name(business))
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        account_services.invitation_accept(token=token, user=staff)
        assert not group.user_set.filter(pk=staff.pk).exists()
    assert group.user_set.filter(pk=staff.pk).exists()
    assert page.permissions_for_user(staff).can_edit()


@pytest.mark.django_db
def test_a_new_product_reaches_the_programme_facts_after_commit(
    django_capture_on_commit_callbacks,
):
    business = BusinessFactory(can_take_payments=True)
    with django_capture_on_commit_callbacks(execute=True):
        marketplace_services.product_create(
            business=business,
            category=category(),
            name="Cà phê",
            price=85_000,
            stock=3,
            status=ProductStatus.ACTIVE,
        )
    assert BusinessFacts.objects.get(business=business).has_visible_product
