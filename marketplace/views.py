"""Shopper pages of the catalogue: search across every shop, category pages, and the suggestions
the header's search box asks for as the shopper types.

Every page answers 200 whatever the query string holds: what cannot be used is left out and said
(``marketplace.search.parse_params``). Nothing is written on these GETs.

For visitors who are not signed in, the results (cards, counts, notes) are cached under the
catalogue version (``marketplace.cache``): a hit costs one primary-key read instead of the four
statements of a search, and any catalogue write shows on the next request on every server. The
header (cart, account) is rendered per request around them.
"""

import hashlib

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.money import format_vnd
from marketplace import links, search
from marketplace.cache import catalogue_version
from marketplace.page_cache import shareable
from marketplace.selectors import category_by_key, category_tree


def _english() -> bool:
    return (translation.get_language() or "vi")[:2] == "en"


def _cache_seconds() -> int:
    return getattr(settings, "MARKETPLACE_PAGE_CACHE_SECONDS", 300)


def _cache_key(request) -> str:
    query = hashlib.sha256(repr(sorted(request.GET.lists())).encode()).hexdigest()[:32]
    language = translation.get_language()
    return f"mkt:page:v1:{catalogue_version()}:{language}:{request.path}:{query}"


def _compute(params: search.SearchParams, category_url) -> dict:
    english = _english()
    result = search.run(params, english=english, category_url=category_url)
    links.with_urls(result.cards)
    found = {"result": result}
    if not result.total and params.terms:
        found["close_matches"] = search.close_matches(params, english=english)
        found["near_categories"] = search.categories_like(params, english=english)
    return found


def _results(request, params: search.SearchParams, *, category_url=None) -> dict:
    seconds = _cache_seconds()
    if seconds and not request.user.is_authenticated:
        key = _cache_key(request)
        found = cache.get(key)
        if found is None:
            found = _compute(params, category_url)
            cache.set(key, found, seconds)
    else:
        found = _compute(params, category_url)
    return {**found, "params": params, "search_query": params.q}


@require_safe
def search_page(request):
    params = search.parse_params(request.GET)
    return shareable(render(request, "marketplace/search.html", _results(request, params)))


@require_safe
def category(request, slug):
    node = category_by_key(slug)
    if node is None or node.slug != slug:
        raise Http404
    parent = next((top for top in category_tree() if top.id == node.parent_id), None)
    params = search.parse_params(request.GET, category=node)

    def category_url(other: str) -> str:
        query = params.query()
        return reverse("marketplace:category", args=[other]) + (query if query != "?" else "")

    context = _results(request, params, category_url=category_url)
    context.update({"category": node, "parent": parent, "english": _english()})
    return shareable(render(request, "marketplace/category.html", context))


@require_safe
def suggest(request):
    """``?q=``: up to six products for the words typed (name, shop, price, link) and up to three
    categories named like them, as JSON."""
    params = search.parse_params(request.GET)
    english = _english()
    products = links.with_urls(search.suggestions(params, english=english))
    body = {
        "query": params.q,
        "products": [
            {
                "name": product["name"],
                "shop": product["business"]["name"],
                "price": format_vnd(product["price"]),
                "url": product["url"],
            }
            for product in products
            if product["url"]
        ],
        "categories": [
            {
                "name": node.name_en if english and node.name_en else node.name,
                "url": reverse("marketplace:category", args=[node.slug]),
            }
            for node in search.categories_named(params)[:3]
        ],
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=60"
    return response
