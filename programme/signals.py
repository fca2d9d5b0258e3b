"""Connects the writes of the lower apps to the programme's data version (``programme.cache``)."""

from django.db.models.signals import post_delete, post_save
from wagtail.signals import page_published, page_unpublished

from accounts.models import Business
from cms.models import StorefrontPage
from marketplace.models import Product
from onboarding.models import Assessment
from payments.models import PaymentAccount
from programme.cache import data_changed

WATCHED = (Business, Assessment, PaymentAccount, StorefrontPage, Product)


def connect() -> None:
    for model in WATCHED:
        post_save.connect(data_changed, sender=model, dispatch_uid=f"programme-{model.__name__}")
        post_delete.connect(
            data_changed, sender=model, dispatch_uid=f"programme-del-{model.__name__}"
        )
    page_published.connect(data_changed, sender=StorefrontPage, dispatch_uid="programme-pub")
    page_unpublished.connect(data_changed, sender=StorefrontPage, dispatch_uid="programme-unpub")
