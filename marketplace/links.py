"""Where a product's page is.

Product pages belong to the cms app, a higher layer (they are routes below each shop's Wagtail
storefront), so the catalogue cannot build their URLs itself: cms registers the function that
does when it starts (``cms.apps.CmsConfig.ready``). Without it (an installation without cms),
cards simply have no link.
"""

from collections.abc import Callable, Iterable

# (business id, product slug) pairs -> their product page URLs in the active language.
ProductUrls = Callable[[list[tuple[int, str]]], dict[tuple[int, str], str]]

_product_urls: list[ProductUrls] = []


def register_product_urls(builder: ProductUrls) -> None:
    _product_urls[:] = [builder]


def product_urls(pairs: Iterable[tuple[int, str]]) -> dict[tuple[int, str], str]:
    pairs = list(dict.fromkeys(pairs))
    if not pairs or not _product_urls:
        return {}
    return _product_urls[0](pairs)


def with_urls(cards: list[dict]) -> list[dict]:
    """Adds ``url`` to each product card (one query for the whole list)."""
    urls = product_urls((card["business"]["id"], card["slug"]) for card in cards)
    for card in cards:
        card["url"] = urls.get((card["business"]["id"], card["slug"]), "")
    return cards
