"""Connects the writes of the lower apps to the programme: once a write commits, the facts of its
business are recomputed and the cached figures invalidated (``programme.cache``).

A failure here is logged and never undoes the write it follows (``robust=True``); the scheduled
``programme_refresh`` repairs any row it missed, and bulk writes that send no signal.

Accounts have no facts row, but the funnel's first step counts the accounts that joined to sell
and belong to no business: a seller's signup and any membership change drop the cached figures.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from accounts.models import Business, JoinedAs, Membership, User
from cms.models import StorefrontPage
from marketplace.models import Product
from onboarding.models import Assessment
from orders.models import Order
from payments.models import BankAccount, PaymentAccount, PayOSChannel
from programme import cache, services

WATCHED = (
    Business,
    Assessment,
    PaymentAccount,
    BankAccount,
    PayOSChannel,
    StorefrontPage,
    Product,
    Order,
)


def _business_id(instance) -> int | None:
    return instance.pk if isinstance(instance, Business) else instance.business_id


def record_changed(sender, instance, **kwargs) -> None:
    business_id = _business_id(instance)
    if business_id is not None:
        transaction.on_commit(
            lambda: services.business_facts_refresh(business_ids=[business_id]), robust=True
        )
    transaction.on_commit(cache.invalidate, robust=True)


def _seller_account_changed(sender, instance, created=False, update_fields=None, **kwargs):
    # Logins save the user too (last_login): only what can move the count invalidates.
    if instance.joined_as != JoinedAs.SELLER:
        return
    if created or update_fields is None or {"joined_as", "is_active"} & set(update_fields):
        transaction.on_commit(cache.invalidate, robust=True)


def _membership_changed(sender, instance, **kwargs):
    transaction.on_commit(cache.invalidate, robust=True)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(record_changed, sender=model, dispatch_uid=f"programme-{model.__name__}")
        post_delete.connect(
            record_changed, sender=model, dispatch_uid=f"programme-del-{model.__name__}"
        )
    post_save.connect(_seller_account_changed, sender=User, dispatch_uid="programme-user")
    post_delete.connect(_seller_account_changed, sender=User, dispatch_uid="programme-del-user")
    post_save.connect(_membership_changed, sender=Membership, dispatch_uid="programme-member")
    post_delete.connect(_membership_changed, sender=Membership, dispatch_uid="programme-del-member")
    page_published.connect(record_changed, sender=StorefrontPage, dispatch_uid="programme-pub")
    page_unpublished.connect(record_changed, sender=StorefrontPage, dispatch_uid="programme-unpub")
