"""Connects the writes of the lower apps to the programme: once a write commits, the facts of its
business are recomputed and the cached figures invalidated (``programme.cache``).

A failure here is logged and never undoes the write it follows (``robust=True``); the scheduled
``programme_refresh`` repairs any row it missed, and bulk writes that send no signal.
"""

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from accounts.models import Business
from cms.models import StorefrontPage
from marketplace.models import Product
from onboarding.models import Assessment
from orders.models import Order
from payments.models import PaymentAccount
from programme import cache, services

WATCHED = (Business, Assessment, PaymentAccount, StorefrontPage, Product, Order)


def _business_id(instance) -> int | None:
    return instance.pk if isinstance(instance, Business) else instance.business_id


def record_changed(sender, instance, **kwargs) -> None:
    business_id = _business_id(instance)
    if business_id is not None:
        transaction.on_commit(
            lambda: services.business_facts_refresh(business_ids=[business_id]), robust=True
        )
    transaction.on_commit(cache.invalidate, robust=True)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(record_changed, sender=model, dispatch_uid=f"programme-{model.__name__}")
        post_delete.connect(
            record_changed, sender=model, dispatch_uid=f"programme-del-{model.__name__}"
        )
    page_published.connect(record_changed, sender=StorefrontPage, dispatch_uid="programme-pub")
    page_unpublished.connect(record_changed, sender=StorefrontPage, dispatch_uid="programme-unpub")
