"""Shopper pages of the catalogue: search across every shop, category pages, and the suggestions
the header's search box asks for as the shopper types.

Every page answers 200 whatever the query string holds: what cannot be used is left out and said
(``marketplace.search.parse_params``). Nothing is written on these GETs.
"""

from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import translation
from django.views.decorators.http import require_safe

from core.money import format_vnd
from marketplace import links, search
from marketplace.selectors import category_by_key, category_tree


def _english() -> bool:
    return (translation.get_language() or "vi")[:2] == "en"


def _results(request, params: search.SearchParams, *, category_url=None) -> dict:
    english = _english()
    result = search.run(params, english=english, category_url=category_url)
    links.with_urls(result.cards)
    context = {"result": result, "params": params, "sorts": search.SORTS, "search_query": params.q}
    if not result.total and params.terms:
        context["close_matches"] = search.close_matches(params, english=english)
        context["near_categories"] = search.categories_like(params, english=english)
    return context


@require_safe
def search_page(request):
    params = search.parse_params(request.GET)
    return render(request, "marketplace/search.html", _results(request, params))


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
    return render(request, "marketplace/category.html", context)


@require_safe
def suggest(request):
    """``?q=``: up to six products for the words typed, as JSON (name, shop, price, link)."""
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
    }
    response = JsonResponse(body, json_dumps_params={"ensure_ascii": False})
    response["Cache-Control"] = "private, max-age=60"
    return response
