"""What the cms does when accounts change (``core.events``; subscribed in ``CmsConfig.ready``):
a new business gets its storefront, a renamed one's storefront takes the new name, and the
storefront's editors follow the business's memberships."""

import logging

from accounts.models import Business
from cms import services
from core.events import BusinessChanged, MembershipChanged

logger = logging.getLogger(__name__)


def business_changed(event: BusinessChanged) -> None:
    business = Business.objects.filter(pk=event.business_id).first()
    if business is None:
        return
    if not event.created:
        services.storefront_follow_business(business=business)
        return
    try:
        services.storefront_ensure(business=business)
    except services.MissingHomePage:
        # A site without its home page (an empty test database): the workspace offers to make
        # the storefront once the site has one.
        logger.warning("No home page: storefront for business %s not created yet", business.pk)


def membership_changed(event: MembershipChanged) -> None:
    business = Business.objects.filter(pk=event.business_id).first()
    if business is not None:
        services.storefront_editors_sync(business=business)
