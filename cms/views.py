"""Machine-readable views of the public site: robots.txt and the sitemaps (one per language, with
hreflang alternates, and an index at the root); and the footer's information pages by name."""

from django.conf import settings
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.views.decorators.cache import cache_page
from django.views.decorators.http import require_safe

from cms import selectors

SITEMAP_CACHE_SECONDS = 15 * 60


@require_safe
def info_page(request, role):
    """The live information page answering a footer link (terms, contact) in the active
    language, served as Wagtail serves it; 404 if editors unpublished it."""
    page = selectors.info_page(role=role)
    if page is None:
        raise Http404
    return page.serve(request)


@require_safe
def robots_txt(request):
    sitemap = request.build_absolute_uri("/sitemap.xml")
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /api/",
        "Disallow: /documents/",
        *(f"Disallow: /{code}/accounts/" for code, _name in settings.LANGUAGES),
        *(f"Disallow: /{code}/me/" for code, _name in settings.LANGUAGES),
        f"Sitemap: {sitemap}",
        "",
    ]
    return HttpResponse("\n".join(lines), content_type="text/plain; charset=utf-8")


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap_index(request):
    sitemaps = [
        request.build_absolute_uri(f"/{code}/sitemap.xml") for code, _name in settings.LANGUAGES
    ]
    return render(
        request, "cms/sitemap_index.xml", {"sitemaps": sitemaps}, content_type="application/xml"
    )


@require_safe
@cache_page(SITEMAP_CACHE_SECONDS)
def sitemap(request):
    """Every public page in the active language with its translations as alternates, and every
    product page of the live storefronts."""
    language = (translation.get_language() or settings.LANGUAGE_CODE)[:2]
    entries = selectors.sitemap_entries(language=language, request=request)
    for entry in entries:
        entry["location"] = request.build_absolute_uri(entry["location"])
        entry["alternates"] = [
            (code, request.build_absolute_uri(url)) for code, url in entry["alternates"]
        ]
    return render(request, "cms/sitemap.xml", {"entries": entries}, content_type="application/xml")
