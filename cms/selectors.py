"""Reads of the cms app: guides by maturity-model tag, the library and storefront listings.

Everything here returns live, public pages in the active language (Vietnamese when no language is
active) and runs a fixed number of queries whatever the number of pages: related rows are joined,
images and their renditions prefetched. Page models are looked up through the app registry because
the pages' own ``get_context`` reads through this module.
"""

from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.core.paginator import Page, Paginator
from django.db.models import Case, IntegerField, Prefetch, Q, QuerySet, Value, When
from django.utils import translation
from wagtail.models import Locale
from wagtail.models import Page as WagtailPage

from accounts.models import Business, Ward
from accounts.text import fold
from marketplace.models import Product
from marketplace.renditions import DETAIL_FILTERS
from marketplace.selectors import (
    category_by_key,
    category_tree,
    products_search,
    products_visible,
    visible_q,
)

CARD_RENDITION = "fill-640x360"
LOGO_RENDITION = "fill-160x160"
BANNER_RENDITION = "fill-1200x400"
SEARCH_LIMIT = 200
PRODUCTS_PER_PAGE = 12


def _model(name: str):
    return apps.get_model("cms", name)


def _locale_filter() -> Q:
    language = translation.get_language() or "vi"
    return Q(locale__language_code=language.split("-")[0])


def _images(*specs: str) -> QuerySet:
    return _model("CustomImage").objects.prefetch_renditions(*specs)


def _guides() -> QuerySet:
    return (
        _model("GuidePage")
        .objects.live()
        .public()
        .filter(_locale_filter())
        .prefetch_related(Prefetch("hero_image", queryset=_images(CARD_RENDITION)))
        .order_by("title")
    )


def guides_for(
    *,
    dimension: str | None = None,
    level: int | None = None,
    action: str | None = None,
    sector: str | None = None,
    limit: int | None = None,
) -> QuerySet:
    """Guides for a plan: tagged with ``dimension`` and ``action``, suited to ``level`` (within the
    guide's level range) and to ``sector`` (guides for every sector always qualify).

    The onboarding app calls this with the weakest answers of an assessment. Guides that explain a
    platform action come first, then by title.
    """
    guides = _guides()
    if dimension:
        guides = guides.filter(dimension=dimension)
    if level is not None:
        guides = guides.filter(level_min__lte=level, level_max__gte=level)
    if action:
        guides = guides.filter(platform_action=action)
    if sector:
        guides = guides.filter(Q(sector="") | Q(sector=sector))
    guides = guides.annotate(
        _has_action=Case(
            When(platform_action="", then=Value(1)), default=Value(0), output_field=IntegerField()
        )
    ).order_by("_has_action", "title")
    return guides[:limit] if limit else guides


def guide_library(
    *,
    dimension: str = "",
    level: int | None = None,
    sector: str = "",
    query: str = "",
) -> list | QuerySet:
    """The library's list: filtered by tag, then searched when there is a query.

    Wagtail's index ranks the hits; guides whose title or summary hold every word of the query
    with or without diacritics ("hoa don" finds "hóa đơn", which SQLite's full-text search
    misses) follow them."""
    guides = guides_for(dimension=dimension or None, level=level, sector=sector or None)
    if not query:
        return guides
    hits = _model("GuidePage").objects.live().search(query, operator="and")[:SEARCH_LIMIT]
    ids = [page.pk for page in hits]
    candidates = list(guides)
    by_pk = {page.pk: page for page in candidates}
    results = [by_pk[pk] for pk in ids if pk in by_pk]
    words = fold(query).split()
    for page in candidates:
        text = fold(f"{page.title} {page.summary}")
        if page not in results and all(word in text for word in words):
            results.append(page)
    return results


def related_guides(*, guide, limit: int = 3) -> list:
    """The guides an editor linked (in this language), topped up with guides of the same
    dimension."""
    keys = [link.guide.translation_key for link in guide.related_links.select_related("guide")]
    chosen = {page.translation_key: page for page in _guides().filter(translation_key__in=keys)}
    related = [chosen[key] for key in keys if key in chosen][:limit]
    if len(related) < limit:
        seen = [guide.pk, *(page.pk for page in related)]
        related += list(
            _guides().filter(dimension=guide.dimension).exclude(pk__in=seen)[: limit - len(related)]
        )
    return related


def featured_guides(*, limit: int = 3) -> list:
    return list(_guides().order_by("-featured", "-first_published_at", "title")[:limit])


def _storefronts() -> QuerySet:
    return (
        _model("StorefrontPage")
        .objects.live()
        .public()
        .filter(_locale_filter(), business__is_active=True)
        .select_related("business", "business__ward")
        .prefetch_related(
            Prefetch("logo", queryset=_images(LOGO_RENDITION)),
            Prefetch("banner", queryset=_images(CARD_RENDITION)),
        )
        .order_by("title")
    )


def storefront_listing(*, ward: str = "", sector: str = "") -> QuerySet:
    storefronts = _storefronts()
    if ward:
        storefronts = storefronts.filter(business__ward_id=ward)
    if sector:
        storefronts = storefronts.filter(business__sector=sector)
    return storefronts


def featured_storefronts(*, limit: int = 4) -> list:
    return list(_storefronts().order_by("-featured", "title")[:limit])


def storefront_filter_options() -> tuple[list[Ward], list[str]]:
    """The wards and sectors that have at least one live shop (for the index's filters)."""
    businesses = Business.objects.filter(
        is_active=True,
        storefront_pages__live=True,
        storefront_pages__locale__language_code=(translation.get_language() or "vi")[:2],
    )
    wards = list(Ward.objects.filter(businesses__in=businesses).distinct().order_by("name"))
    sectors = sorted(set(businesses.values_list("sector", flat=True)))
    return wards, sectors


def storefront_for_business(*, business: Business) -> object | None:
    """The business's storefront in the active language (drafts included), for its members."""
    language = (translation.get_language() or "vi")[:2]
    locale = Locale.objects.filter(language_code=language).first()
    return _model("StorefrontPage").objects.filter(business=business, locale=locale).first()


def storefronts_for_businesses(*, businesses) -> list[tuple[Business, object | None]]:
    """Each business with its storefront in the active language (drafts included), or None while
    it has none yet: what the workspace's "My storefront" panel lists (two queries, no writes)."""
    language = (translation.get_language() or "vi")[:2]
    businesses = list(businesses)
    pages = {
        page.business_id: page
        for page in _model("StorefrontPage")
        .objects.filter(business__in=businesses, locale__language_code=language)
        .order_by("pk")
        .reverse()
    }
    return [(business, pages.get(business.pk)) for business in businesses]


def _category_label(node) -> str:
    return node.name_en if (translation.get_language() or "vi")[:2] == "en" else node.name


def storefront_categories(*, business: Business) -> list[tuple[str, str]]:
    """The categories (and their parents) the shop has visible products in, as form choices."""
    used = set(
        Product.objects.filter(visible_q(), business=business)
        .values_list("category_id", flat=True)
        .distinct()
    )
    choices = []
    for top in category_tree():
        if used & set(top.subtree_ids):
            choices.append((top.slug, _category_label(top)))
        choices += [
            (child.slug, f"— {_category_label(child)}")
            for child in top.children
            if child.id in used
        ]
    return choices


def storefront_catalogue(
    *, business: Business, category: str = "", query: str = "", page: str | None = None
) -> Page:
    """One page of the shop's products that shoppers may see (the marketplace's visibility rule),
    filtered by category (with its sub-categories) and search words."""
    products = products_visible().filter(business=business).order_by("name", "id")
    if category:
        node = category_by_key(category)
        products = products.filter(category_id__in=node.subtree_ids if node else [])
    if query:
        products = products_search(products, query=query)
    return Paginator(products, PRODUCTS_PER_PAGE).get_page(page)


def storefront_product(*, business: Business, slug: str):
    """One visible product of the shop, with its images and detail renditions, or None."""
    return (
        products_visible(with_renditions=DETAIL_FILTERS)
        .filter(business=business, slug=slug)
        .first()
    )


def info_page(*, role: str):
    """The live information page with ``role`` (terms, contact) in the active language."""
    language = (translation.get_language() or "vi")[:2]
    return (
        _model("InfoPage")
        .objects.live()
        .filter(role=role, locale__language_code=language)
        .order_by("path")
        .first()
    )


# The path of a product below its storefront, per language: /vi/gian-hang/<shop>/san-pham/<slug>/,
# /en/shops/<shop>/products/<slug>/; the other language's path redirects (cms.models).
PRODUCT_SEGMENTS = {"vi": "san-pham", "en": "products"}


def product_segment_language() -> str:
    language = (translation.get_language() or "vi")[:2]
    return language if language in PRODUCT_SEGMENTS else "vi"


def product_path(language: str, slug: str) -> str:
    return f"{PRODUCT_SEGMENTS.get(language, PRODUCT_SEGMENTS['vi'])}/{slug}/"


def storefront_product_urls(pairs: list[tuple[int, str]]) -> dict[tuple[int, str], str]:
    """The product page URL of each (business id, product slug) in the active language, for the
    catalogue's cards (``marketplace.links``): one query whatever the number of products."""
    pages = {
        page.business_id: page
        for page in _model("StorefrontPage")
        .objects.live()
        .filter(_locale_filter(), business_id__in={business_id for business_id, _slug in pairs})
        .only("id", "url_path", "business_id")
    }
    urls = {}
    for business_id, slug in pairs:
        page = pages.get(business_id)
        base = page.get_url() if page is not None else None
        if base:
            urls[(business_id, slug)] = base + page.reverse_subpage("product", args=(slug,))
    return urls


def sitemap_entries(*, language: str, request=None) -> list[dict]:
    """Public pages of ``language`` with the URLs of their translations, and the product pages of
    live storefronts; a fixed number of queries whatever the size of the site."""
    storefront_type = ContentType.objects.get_for_model(_model("StorefrontPage"))
    hidden = set(
        _model("StorefrontPage")
        .objects.filter(business__is_active=False)
        .values_list("pk", flat=True)
    )
    live = (
        WagtailPage.objects.live()
        .public()
        .filter(depth__gte=2)
        .select_related("locale")
        .order_by("path")
    )
    by_key: dict = {}
    for page in live:
        by_key.setdefault(page.translation_key, []).append(page)
    storefronts = {}
    entries = []
    for group in by_key.values():
        for page in group:
            if page.locale.language_code != language or page.pk in hidden:
                continue
            url = page.get_url(request)
            if not url:
                continue
            alternates = sorted(
                (other.locale.language_code, other.get_url(request))
                for other in group
                if other.get_url(request)
            )
            entries.append(
                {"location": url, "lastmod": page.last_published_at, "alternates": alternates}
            )
            if page.content_type_id == storefront_type.pk:
                storefronts[page.pk] = (url, alternates)
    storefront_business = dict(
        _model("StorefrontPage").objects.filter(pk__in=storefronts).values_list("pk", "business_id")
    )
    products = products_visible().filter(business_id__in=storefront_business.values())
    slugs_by_business: dict = {}
    for business_id, slug, updated in products.values_list("business_id", "slug", "updated_at"):
        slugs_by_business.setdefault(business_id, []).append((slug, updated))
    for page_pk, business_id in storefront_business.items():
        url, alternates = storefronts[page_pk]
        for slug, updated in slugs_by_business.get(business_id, []):
            entries.append(
                {
                    "location": url + product_path(language, slug),
                    "lastmod": updated,
                    "alternates": [
                        (code, alt + product_path(code, slug)) for code, alt in alternates
                    ],
                }
            )
    return entries
