"""Template helpers of the public pages: SEO links and links to URLs that other apps may provide."""

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from wagtail.models import Page

from cms.models import CustomImage
from core.money import format_vnd
from marketplace.renditions import image_sources

register = template.Library()

OG_RENDITION = "fill-1200x630"
OG_LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@register.simple_tag
def optional_url(name: str, *args) -> str:
    """The URL named ``name``, or "" when no app provides it (yet)."""
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register.inclusion_tag("cms/includes/seo.html", takes_context=True)
def page_seo(context, page, *, title="", description="", path="", paths=None, image=None):
    """Meta description, canonical and hreflang links and Open Graph tags for ``page``.

    ``path`` is the part after the page's own URL (a product route below a storefront); each
    translation's URL plus that language's part in ``paths`` (or ``path``) is the alternate."""
    paths = paths or {}
    request = context["request"]
    language = (translation.get_language() or "vi")[:2]
    alternates = []
    for translated in page.get_translations(inclusive=True).live().select_related("locale"):
        url = translated.get_url(request)
        if url:
            code = translated.locale.language_code
            alternates.append((code, request.build_absolute_uri(url + paths.get(code, path))))
    alternates.sort()
    canonical = request.build_absolute_uri((page.get_url(request) or "") + path)
    if image is None:
        image = page.specific.get_og_image() if hasattr(page.specific, "get_og_image") else None
    image_url = ""
    if isinstance(image, CustomImage):
        image_url = request.build_absolute_uri(image.get_rendition(OG_RENDITION).url)
    default = dict(alternates).get("vi", "")
    return {
        "title": title or page.seo_title or page.title,
        "description": description
        or (
            page.specific.get_meta_description()
            if hasattr(page.specific, "get_meta_description")
            else ""
        ),
        "canonical": canonical,
        "alternates": alternates,
        "x_default": default,
        "image_url": image_url,
        "og_locale": OG_LOCALES.get(language, language),
        "og_type": "article" if page.specific_class.__name__ == "GuidePage" else "website",
    }


@register.simple_tag(takes_context=True)
def section_urls(context) -> dict:
    """URLs of the guide library and the storefront index in the active language."""
    language = (translation.get_language() or "vi")[:2]
    urls = {}
    sections = Page.objects.live().filter(
        depth=3,
        locale__language_code=language,
        content_type__model__in=("guideindexpage", "storefrontindexpage"),
        content_type__app_label="cms",
    )
    for section in sections.select_related("content_type"):
        key = "guides" if section.content_type.model == "guideindexpage" else "storefronts"
        # Without the request: on a single site the URL is relative anyway, and finding the
        # request's site costs a query on every page (the header is on every page).
        urls[key] = section.get_url()
    return urls


@register.filter
def vnd(amount) -> str:
    """150000 -> "150.000 ₫" in Vietnamese, "150,000 ₫" in English (``core.money``)."""
    return format_vnd(amount)


@register.inclusion_tag("cms/includes/picture.html")
def product_picture(product_image, kind="card", sizes="(min-width: 40rem) 33vw, 50vw", lazy=True):
    """A <picture> with WebP and JPEG sources from the renditions the selectors prefetched."""
    sources = image_sources(product_image.image, kind=kind)
    return {
        "sources": sources,
        "alt": product_image.alt_text or product_image.image.default_alt_text,
        "sizes": sizes,
        "lazy": lazy,
    }
