"""A business's own changes (name, ward, active flag) show in product lists: invalidate them."""

from django.db.models.signals import post_save
from django.dispatch import receiver

from accounts.models import Business
from marketplace.cache import catalogue_changed


@receiver(post_save, sender=Business, dispatch_uid="marketplace-business-saved")
def business_saved(sender, instance, **kwargs):
    catalogue_changed()
