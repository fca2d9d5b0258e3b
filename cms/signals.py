"""Keeps storefronts in step with accounts: a new business gets its storefront once the business is
committed, and the storefront's editors follow the business's memberships."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver

from accounts.models import Business, Membership
from cms import services

logger = logging.getLogger(__name__)


def _ensure_storefront(business_id: int) -> None:
    business = Business.objects.filter(pk=business_id).first()
    if business is None:
        return
    try:
        services.storefront_ensure(business=business)
    except services.MissingHomePage:
        # A site without its home page (an empty test database): the storefront is made on the
        # owner's first visit to the workspace instead.
        logger.warning("No home page: storefront for business %s not created yet", business_id)


@receiver(post_save, sender=Business, dispatch_uid="cms-business-created")
def business_created(sender, instance, created, raw=False, **kwargs):
    if created and not raw:
        transaction.on_commit(lambda: _ensure_storefront(instance.pk))


@receiver(post_save, sender=Membership, dispatch_uid="cms-membership-saved")
@receiver(post_delete, sender=Membership, dispatch_uid="cms-membership-deleted")
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.storefront_editors_sync(business=instance.business)
