"""Demo content: the guide library (13 guides in Vietnamese and English) and a storefront for every
business, with a logo, a banner, an introduction and opening hours. Idempotent."""

import io
import json

from django.core.files.images import ImageFile
from PIL import Image as PILImage
from PIL import ImageDraw

from accounts.demo import _user as demo_user
from accounts.models import Business
from accounts.text import fold
from cms import services
from cms.demo_guides_payments import GUIDES as PAYMENT_GUIDES
from cms.demo_guides_security import GUIDES as SECURITY_GUIDES
from cms.demo_guides_selling import GUIDES as SELLING_GUIDES
from cms.models import CustomImage, GuidePage, StorefrontPage
from marketplace.services import business_collection_ensure

GUIDES = [*PAYMENT_GUIDES, *SELLING_GUIDES, *SECURITY_GUIDES]

# Guides shown beside each other (by Vietnamese slug).
RELATED = {
    "nhan-thanh-toan-vietqr": ["mo-tai-khoan-thanh-toan-dien-tu", "phong-tranh-lua-dao-thanh-toan"],
    "mo-tai-khoan-thanh-toan-dien-tu": [
        "nhan-thanh-toan-vietqr",
        "mo-gian-hang-truc-tuyen-dau-tien",
    ],
    "mo-gian-hang-truc-tuyen-dau-tien": [
        "chup-anh-san-pham-bang-dien-thoai",
        "mo-tai-khoan-thanh-toan-dien-tu",
    ],
    "bat-xac-thuc-hai-lop": ["sao-luu-du-lieu", "phong-tranh-lua-dao-thanh-toan"],
}

DIMENSION_COLOURS = {
    "S": (84, 56, 132),
    "E": (11, 110, 79),
    "P": (21, 94, 149),
    "O": (156, 84, 18),
    "C": (164, 22, 26),
    "H": (52, 73, 94),
}

# Trading name -> (tagline vi, tagline en, about vi, about en, opening hours vi, opening hours en).
SHOPS = {
    "Cà Phê Sáng Bến Thành": (
        "Cà phê phin rang mộc giữa lòng Bến Thành",
        "Plain-roast phin coffee in the heart of Bến Thành",
        "Chúng tôi rang cà phê Robusta và Arabica từ Lâm Đồng mỗi tuần, pha phin theo cách "
        "truyền thống và bán cà phê hạt, cà phê bột cho khách mang về.",
        "We roast Robusta and Arabica from Lâm Đồng every week, brew it the traditional phin "
        "way and sell beans and ground coffee to take home.",
        "Thứ Hai – Chủ nhật: 6:00–21:00",
        "Monday – Sunday: 6:00–21:00",
    ),
    "Gốm Sứ Minh Long Sài Gòn": (
        "Gốm sứ men lam vẽ tay cho bàn ăn gia đình",
        "Hand-painted blue-glaze ceramics for the family table",
        "Xưởng gốm nhỏ với mười tám thợ lành nghề, làm chén, đĩa, bình hoa men lam và quà tặng "
        "doanh nghiệp theo đơn đặt hàng.",
        "A small workshop of eighteen skilled potters making blue-glaze bowls, plates, vases and "
        "corporate gifts to order.",
        "Thứ Hai – Thứ Bảy: 8:00–18:00",
        "Monday – Saturday: 8:00–18:00",
    ),
    "Áo Dài Thu Hà": (
        "Áo dài may đo và may sẵn từ năm 2010",
        "Made-to-measure and ready-to-wear áo dài since 2010",
        "Tiệm áo dài gia đình nhận may đo trong bảy ngày, có sẵn áo dài lụa, gấm và áo dài cách "
        "tân cho lễ, Tết và cưới hỏi.",
        "A family áo dài tailor making to measure in seven days, with silk, brocade and modern "
        "áo dài ready for holidays, Tết and weddings.",
        "Thứ Hai – Chủ nhật: 9:00–20:00",
        "Monday – Sunday: 9:00–20:00",
    ),
}


def _image(
    title: str, colour: tuple[int, int, int], size: tuple[int, int], alt: str, collection=None
):
    image = CustomImage.objects.filter(title=title).first()
    if image is not None:
        return image
    canvas = PILImage.new("RGB", size, colour)
    draw = ImageDraw.Draw(canvas)
    width, height = size
    light = tuple(min(255, channel + 60) for channel in colour)
    draw.ellipse((width * 0.55, -height * 0.3, width * 1.2, height * 0.9), fill=light)
    draw.rectangle((0, height * 0.78, width, height), fill=tuple(c // 2 for c in colour))
    buffer = io.BytesIO()
    canvas.save(buffer, format="PNG")
    name = fold(title).replace(" ", "-")[:60] + ".png"
    image = CustomImage(title=title, alt_text=alt)
    if collection is not None:
        image.collection = collection
    image.file = ImageFile(io.BytesIO(buffer.getvalue()), name=name)
    image.save()
    return image


FAQ_HEADINGS = {"vi": "Câu hỏi thường gặp", "en": "Frequently asked questions"}


def _body(section: dict, language: str) -> str:
    """StreamField data for a guide, from its compact description."""
    paragraphs = "".join(f"<p>{text}</p>" for text in section["intro"])
    heading, steps = section["steps"]
    kind, title, text = section["callout"]
    check_heading, items = section["checklist"]
    blocks = [
        {"type": "rich_text", "value": paragraphs},
        {
            "type": "steps",
            "value": {
                "heading": heading,
                "steps": [{"title": step, "text": detail} for step, detail in steps],
            },
        },
        {"type": "callout", "value": {"kind": kind, "title": title, "text": f"<p>{text}</p>"}},
        {"type": "checklist", "value": {"heading": check_heading, "items": items}},
    ]
    if section.get("faq"):
        blocks.append(
            {
                "type": "faq",
                "value": {
                    "heading": FAQ_HEADINGS[language],
                    "questions": [
                        {"question": question, "answer": f"<p>{answer}</p>"}
                        for question, answer in section["faq"]
                    ],
                },
            }
        )
    return json.dumps(blocks, ensure_ascii=False)


def _seed_guides() -> int:
    created = 0
    for guide in GUIDES:
        content = {}
        for language in ("vi", "en"):
            section = guide[language]
            content[language] = {
                "title": section["title"],
                "slug": section["slug"],
                "summary": section["summary"],
                "body": _body(section, language),
            }
        exists = GuidePage.objects.filter(slug=guide["slug"], locale__language_code="vi").exists()
        page = services.guide_publish(
            slug=guide["slug"],
            dimension=guide["dimension"],
            level_min=guide["levels"][0],
            level_max=guide["levels"][1],
            platform_action=guide.get("action", ""),
            sector=guide.get("sector", ""),
            featured=guide.get("featured", False),
            content=content,
        )
        if not exists:
            created += 1
            hero = _image(
                f"Guide {guide['dimension']}",
                DIMENSION_COLOURS[guide["dimension"]],
                (1200, 630),
                "",
            )
            for translation in page.get_translations(inclusive=True).specific():
                translation.hero_image = hero
                translation.save_revision().publish()
    for slug, related_slugs in RELATED.items():
        guide = GuidePage.objects.get(slug=slug, locale__language_code="vi")
        if guide.related_links.exists():
            continue
        related = [
            GuidePage.objects.get(slug=other, locale__language_code="vi") for other in related_slugs
        ]
        services.guide_set_related(guide=guide, related=related)
    return created


def _seed_storefront(business: Business, index: int) -> bool:
    page = services.storefront_ensure(business=business)
    if page.logo_id:
        return False
    colour = list(DIMENSION_COLOURS.values())[index % len(DIMENSION_COLOURS)]
    own = business_collection_ensure(business=business)  # the shop's members may reuse them
    logo = _image(f"Logo {business.slug}", colour, (400, 400), f"Logo {business.trading_name}", own)
    banner = _image(
        f"Banner {business.slug}", colour, (1200, 400), f"Ảnh bìa {business.trading_name}", own
    )
    default = (
        f"{business.get_sector_display()} tại {business.ward.full_name}",
        f"{business.get_sector_display()} in {business.ward.full_name_en}",
        f"{business.trading_name} phục vụ khách hàng tại {business.ward.full_name} và giao hàng "
        "khắp Thành phố Hồ Chí Minh.",
        f"{business.trading_name} serves customers in {business.ward.full_name_en} and delivers "
        "across Ho Chi Minh City.",
        "Thứ Hai – Thứ Bảy: 8:00–20:00",
        "Monday – Saturday: 8:00–20:00",
    )
    tagline_vi, tagline_en, about_vi, about_en, hours_vi, hours_en = SHOPS.get(
        business.trading_name, default
    )
    text = {"vi": (tagline_vi, about_vi, hours_vi), "en": (tagline_en, about_en, hours_en)}
    for translation in page.get_translations(inclusive=True).specific():
        tagline, about, hours = text[translation.locale.language_code]
        translation.tagline = tagline
        translation.about = json.dumps([{"type": "rich_text", "value": f"<p>{about}</p>"}])
        translation.opening_hours = hours
        translation.logo = logo
        translation.banner = banner
        translation.public_email = business.email
        translation.accepts_bank_transfer = True
        translation.featured = index < 4
        translation.save_revision().publish()
    return True


# Reviews the guides editors submit (cms/0009 made the group; it sits on the guide workflow).
GUIDE_REVIEWER = ("reviewer@choso.local", "Thảo", "Ngô", "Guide reviewers")


def seed(*, stdout, style, password):
    services.site_sections_ensure()
    demo_user(*GUIDE_REVIEWER, password)
    guides = _seed_guides()
    shops = sum(
        _seed_storefront(business, index)
        for index, business in enumerate(Business.objects.select_related("ward").order_by("pk"))
    )
    total = StorefrontPage.objects.filter(locale__language_code="vi").count()
    stdout.write(f"cms: {guides} new guides, {shops} storefronts filled in ({total} in all)")
