"""Builders for cms pages, through the cms services (the way the site makes them)."""

import json

from cms import services
from cms.models import GuidePage

WORDS = "Hướng dẫn thực hành cho cửa hàng nhỏ "


def guide_body(words: int = 40) -> str:
    text = " ".join((WORDS * (words // 6 + 1)).split()[:words])
    return json.dumps([{"type": "rich_text", "value": f"<p>{text}</p>"}], ensure_ascii=False)


def guide(
    slug: str,
    *,
    dimension: str = "P",
    levels: tuple[int, int] = (0, 5),
    title: str = "",
    title_en: str = "",
    summary: str = "Tóm tắt hướng dẫn.",
    words: int = 40,
    **tags,
) -> GuidePage:
    """A published guide in Vietnamese with its English translation."""
    title = title or f"Hướng dẫn {slug}"
    return services.guide_publish(
        slug=slug,
        dimension=dimension,
        level_min=levels[0],
        level_max=levels[1],
        content={
            "vi": {"title": title, "slug": slug, "summary": summary, "body": guide_body(words)},
            "en": {
                "title": title_en or f"Guide {slug}",
                "slug": f"{slug}-en",
                "summary": "A guide summary.",
                "body": guide_body(words),
            },
        },
        **tags,
    )
