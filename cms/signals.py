"""Receivers on the cms's own models, connected in ``CmsConfig.ready``: no image file is stored
that is not our own re-encoding, and a storefront published, unpublished or deleted (by any door:
our services or Wagtail's page actions) is announced as ``core.events.StorefrontChanged``.
Nothing here writes into another app; what other apps do about it is their subscription."""

from django.db.models.signals import post_delete, pre_save
from wagtail.signals import page_published, page_unpublished

from cms import services
from cms.models import CustomImage, StorefrontPage
from core.events import StorefrontChanged, publish


def _file_is_new(image: CustomImage, update_fields) -> bool:
    if not image.file:
        return False
    if not image.file._committed or image._state.adding:
        return True
    if update_fields is not None and "file" not in update_fields:
        return False
    stored = CustomImage.objects.filter(pk=image.pk).values_list("file", flat=True).first()
    return stored != image.file.name


def image_file_strip(sender, instance, raw=False, update_fields=None, **kwargs):
    if not raw and _file_is_new(instance, update_fields):
        services.image_file_strip(image=instance)


def storefront_changed(sender, instance, **kwargs):
    if instance.business_id is not None:
        publish(StorefrontChanged(business_id=instance.business_id))


def connect() -> None:
    pre_save.connect(image_file_strip, sender=CustomImage, dispatch_uid="cms-image-file-strip")
    page_published.connect(storefront_changed, sender=StorefrontPage, dispatch_uid="cms-sf-pub")
    page_unpublished.connect(storefront_changed, sender=StorefrontPage, dispatch_uid="cms-sf-unpub")
    post_delete.connect(storefront_changed, sender=StorefrontPage, dispatch_uid="cms-sf-deleted")
