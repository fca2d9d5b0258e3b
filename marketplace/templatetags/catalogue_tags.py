"""Catalogue blocks for pages of other apps: ``{% new_products %}`` (the home page's newest
products, as the search page's cards)."""

from django import template
from django.utils import translation

from marketplace import links
from marketplace.selectors import product_card_page, product_cards

register = template.Library()


@register.inclusion_tag("marketplace/includes/new_products.html")
def new_products(limit: int = 8) -> dict:
    """The newest products shoppers may see: three queries (rows, pictures, links)."""
    english = (translation.get_language() or "vi")[:2] == "en"
    cards, _more = product_card_page(
        product_cards().order_by("-created_at", "-id"), offset=0, limit=limit, english=english
    )
    return {"cards": links.with_urls(cards)}
