"""Keeps storefronts in step with accounts: a new business gets its storefront once the business is
committed, a renamed one's storefront takes the new name, and the storefront's editors follow the
business's memberships. And no image file is stored that is not our own re-encoding."""

import logging

from django.db import transaction
from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from accounts.models import Business, Membership
from cms import services
from cms.models import CustomImage

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
def business_created(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    if created:
        transaction.on_commit(lambda: _ensure_storefront(instance.pk))
    elif update_fields is None or "trading_name" in update_fields:
        services.storefront_follow_business(business=instance)


def _file_is_new(image: CustomImage, update_fields) -> bool:
    if not image.file:
        return False
    if not image.file._committed or image._state.adding:
        return True
    if update_fields is not None and "file" not in update_fields:
        return False
    stored = CustomImage.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    return stored != image.file.name


@receiver(pre_save, sender=CustomImage, dispatch_uid="cms-image-file-strip")
def image_file_strip(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _file_is_new(instance, update_fields):
        services.image_file_strip(image=instance)


@receiver(post_save, sender=Membership, dispatch_uid="cms-membership-saved")
@receiver(post_delete, sender=Membership, dispatch_uid="cms-membership-deleted")
def membership_changed(sender, instance, raw=False, **kwargs):
    if not raw:
        services.storefront_editors_sync(business=instance.business)
