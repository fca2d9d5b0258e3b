"""What the catalogue does when another app's records change (``core.events``; subscribed in
``MarketplaceConfig.ready``)."""

from core.events import BusinessChanged, StorefrontChanged
from marketplace.cache import catalogue_changed


def business_changed(event: BusinessChanged) -> None:
    # A business's name, ward, active flag and payment readiness show in product lists.
    catalogue_changed()


def storefront_changed(event: StorefrontChanged) -> None:
    # Cached storefront and product pages (marketplace.page_cache) show the storefront's content.
    catalogue_changed()
