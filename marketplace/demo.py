"""Demo products for the demo businesses of ``accounts.demo``, with pictures drawn by Pillow.

Idempotent: a business that already has products is left alone. The products are active, but
shoppers see them only once the business can take payments, which the payments demo sets: this
module never fakes that flag.
"""

import hashlib
import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageDraw, ImageFont

from accounts.models import Business
from marketplace import services
from marketplace.models import Category, ProductStatus

# trading name -> [(category slug, name, English name, description, English description, price,
#                   stock, made to order)]
DEMO_PRODUCTS = {
    "Cà Phê Sáng Bến Thành": [
        (
            "ca-phe-tra",
            "Cà phê Robusta rang mộc 500g",
            "Roasted Robusta coffee 500g",
            "Hạt Robusta Buôn Ma Thuột rang mộc, không tẩm bơ, xay theo yêu cầu.",
            "Buon Ma Thuot Robusta, roasted plain with no butter, ground to order.",
            145_000,
            40,
            False,
        ),
        (
            "ca-phe-tra",
            "Cà phê Arabica Cầu Đất 250g",
            "Cau Dat Arabica coffee 250g",
            "Arabica trồng ở độ cao 1.600 m, hương trái cây, rang vừa.",
            "Arabica grown at 1,600 m, fruity, medium roast.",
            165_000,
            25,
            False,
        ),
        (
            "nuoc-giai-khat",
            "Cà phê muối đóng chai 330ml",
            "Bottled salted coffee 330ml",
            "Cà phê muối kiểu Huế, pha mỗi sáng, giữ lạnh 3 ngày.",
            "Hue-style salted coffee brewed every morning; keeps 3 days chilled.",
            35_000,
            60,
            False,
        ),
        (
            "ca-phe-tra",
            "Bộ phin nhôm kèm 250g cà phê",
            "Aluminium phin filter with 250g coffee",
            "Quà tặng: một phin nhôm và gói cà phê pha phin truyền thống.",
            "A gift set: one phin filter and a bag of traditional phin coffee.",
            195_000,
            15,
            False,
        ),
    ],
    "Gốm Sứ Minh Long Sài Gòn": [
        (
            "gom-su",
            "Bình hoa men lam vẽ tay",
            "Hand-painted blue-glaze vase",
            "Bình cao 30 cm, men lam truyền thống, vẽ tay từng chiếc.",
            "30 cm tall, traditional blue glaze, each one painted by hand.",
            450_000,
            12,
            False,
        ),
        (
            "gom-su",
            "Bộ ấm trà men rạn",
            "Crackle-glaze tea set",
            "Một ấm và sáu chén, men rạn cổ, nung 1.300 °C.",
            "One pot and six cups, antique crackle glaze fired at 1,300 °C.",
            780_000,
            6,
            False,
        ),
        (
            "do-dung-nha-bep",
            "Bộ 6 chén cơm gốm Lái Thiêu",
            "Six Lai Thieu rice bowls",
            "Chén men trắng vẽ gà trống, dùng được trong lò vi sóng.",
            "White-glaze bowls with the rooster motif, microwave safe.",
            240_000,
            20,
            False,
        ),
        (
            "gom-su",
            "Đĩa gốm vẽ sen theo yêu cầu",
            "Lotus plate painted to order",
            "Đĩa 26 cm, vẽ sen và tên người nhận, làm trong 7 ngày.",
            "26 cm plate painted with lotus and a name of your choice, ready in 7 days.",
            320_000,
            0,
            True,
        ),
    ],
    "Áo Dài Thu Hà": [
        (
            "ao-dai",
            "Áo dài lụa tơ tằm may đo",
            "Made-to-measure silk áo dài",
            "Lụa tơ tằm Bảo Lộc, may theo số đo trong 10 ngày, thử lại miễn phí.",
            "Bao Loc mulberry silk, tailored to your measurements in 10 days, free refitting.",
            2_500_000,
            0,
            True,
        ),
        (
            "ao-dai",
            "Áo dài cách tân cho bé",
            "Modern áo dài for children",
            "Vải gấm mềm, size 2 đến 10 tuổi, kèm quần.",
            "Soft brocade, sizes for ages 2 to 10, trousers included.",
            550_000,
            18,
            False,
        ),
        (
            "phu-kien-trang-suc",
            "Khăn lụa vẽ tay hoa sen",
            "Hand-painted lotus silk scarf",
            "Khăn 90 × 90 cm, vẽ tay bằng màu vải bền.",
            "90 × 90 cm scarf painted by hand with lasting fabric paint.",
            280_000,
            25,
            False,
        ),
    ],
    "Trà Sen Tân Định": [
        (
            "ca-phe-tra",
            "Trà sen Tây Hồ ướp bông 100g",
            "Tay Ho lotus-scented tea 100g",
            "Trà Thái Nguyên ướp trong bông sen Tây Hồ bảy lần.",
            "Thai Nguyen tea scented seven times inside Tay Ho lotus flowers.",
            650_000,
            10,
            False,
        ),
        (
            "ca-phe-tra",
            "Trà ô long hộp thiếc 200g",
            "Oolong tea in a tin 200g",
            "Ô long Bảo Lộc, vị ngọt hậu, hộp thiếc giữ hương.",
            "Bao Loc oolong with a sweet finish, in an aroma-keeping tin.",
            220_000,
            30,
            False,
        ),
        (
            "thao-duoc",
            "Trà atiso Đà Lạt 20 túi lọc",
            "Da Lat artichoke tea, 20 bags",
            "Atiso sấy lạnh, thanh mát, không đường.",
            "Freeze-dried artichoke, refreshing, unsweetened.",
            95_000,
            50,
            False,
        ),
    ],
    "Bánh Mì Cô Ba": [
        (
            "do-an-san",
            "Bánh mì thịt nguội",
            "Bánh mì with cold cuts",
            "Bánh mì nóng giòn, chả lụa, thịt nguội, pate nhà làm.",
            "Crisp hot baguette, Vietnamese ham, cold cuts and house pâté.",
            25_000,
            80,
            False,
        ),
        (
            "do-an-san",
            "Bánh mì chả cá Nha Trang",
            "Nha Trang fish-cake bánh mì",
            "Chả cá chiên nóng, rau thơm, tương ớt.",
            "Hot fried fish cake, fresh herbs and chilli sauce.",
            30_000,
            60,
            False,
        ),
        (
            "gia-vi-nuoc-cham",
            "Pate gan nhà làm 300g",
            "House liver pâté 300g",
            "Pate gan heo hấp cách thủy, không chất bảo quản.",
            "Steamed pork-liver pâté with no preservatives.",
            65_000,
            20,
            False,
        ),
        (
            "do-an-san",
            "Combo 10 bánh mì cho văn phòng",
            "Office pack of 10 bánh mì",
            "Đặt trước một ngày, giao tận nơi trong phường.",
            "Order a day ahead; delivered anywhere in the ward.",
            230_000,
            0,
            True,
        ),
    ],
    "Mỹ Phẩm Thiên Nhiên Xanh": [
        (
            "my-pham-thien-nhien",
            "Son dưỡng dầu dừa Bến Tre",
            "Ben Tre coconut-oil lip balm",
            "Dầu dừa ép lạnh và sáp ong, không màu, không mùi.",
            "Cold-pressed coconut oil and beeswax, no colour, no scent.",
            85_000,
            100,
            False,
        ),
        (
            "my-pham-thien-nhien",
            "Xà phòng nghệ thủ công",
            "Handmade turmeric soap",
            "Nấu lạnh, ủ 6 tuần, hợp da dầu.",
            "Cold-process, cured for six weeks, good for oily skin.",
            55_000,
            70,
            False,
        ),
        (
            "thao-duoc",
            "Tinh dầu sả chanh 50ml",
            "Lemongrass essential oil 50ml",
            "Chưng cất từ sả Củ Chi, đuổi muỗi, thơm phòng.",
            "Distilled from Cu Chi lemongrass; keeps mosquitoes away.",
            120_000,
            45,
            False,
        ),
        (
            "cham-soc-ca-nhan",
            "Dầu gội bồ kết 300ml",
            "Soap-berry shampoo 300ml",
            "Bồ kết, vỏ bưởi và hương nhu, giảm gãy rụng.",
            "Soap berry, pomelo peel and holy basil, for stronger hair.",
            150_000,
            40,
            False,
        ),
    ],
    "Nông Sản Sạch Củ Chi": [
        (
            "rau-cu-qua",
            "Rau muống hữu cơ 500g",
            "Organic water spinach 500g",
            "Hái sáng sớm, giao trong ngày tại nội thành.",
            "Picked at dawn, delivered the same day in the city.",
            25_000,
            50,
            False,
        ),
        (
            "gao-ngu-coc",
            "Gạo ST25 túi 5kg",
            "ST25 rice, 5 kg bag",
            "Gạo ST25 Sóc Trăng, vụ mới, dẻo thơm.",
            "New-crop ST25 rice from Soc Trang, soft and fragrant.",
            190_000,
            35,
            False,
        ),
        (
            "rau-cu-qua",
            "Bưởi da xanh (1 trái ~1,5kg)",
            "Green-skin pomelo (about 1.5 kg)",
            "Bưởi ruột hồng, ngọt thanh, từ vườn Củ Chi.",
            "Pink-fleshed, mildly sweet, from our Cu Chi orchard.",
            75_000,
            40,
            False,
        ),
        (
            "san-pham-ocop",
            "Chuối sấy dẻo OCOP 250g",
            "OCOP chewy dried banana 250g",
            "Chuối xiêm sấy dẻo, không đường, đạt OCOP 3 sao.",
            "Chewy dried bananas without sugar, 3-star OCOP.",
            60_000,
            80,
            False,
        ),
    ],
    "Thủ Công Mây Tre Bình Dương": [
        (
            "may-tre-dan",
            "Giỏ mây đan tay có nắp",
            "Hand-woven rattan basket with lid",
            "Đường kính 30 cm, đan tay, phủ dầu chống mốc.",
            "30 cm across, hand-woven, oiled against mould.",
            180_000,
            25,
            False,
        ),
        (
            "noi-that-trang-tri",
            "Đèn tre trang trí",
            "Bamboo pendant lamp",
            "Chao đèn tre uốn, dùng bóng E27, kèm dây 1,5 m.",
            "Bent-bamboo shade for an E27 bulb, with 1.5 m cord.",
            350_000,
            10,
            False,
        ),
        (
            "do-tai-che",
            "Ống hút tre bộ 10 chiếc",
            "Bamboo straws, set of 10",
            "Ống hút tre tự nhiên kèm cọ rửa, thay ống hút nhựa.",
            "Natural bamboo straws with a brush, instead of plastic.",
            60_000,
            90,
            False,
        ),
        (
            "noi-that-trang-tri",
            "Ghế mây thư giãn",
            "Rattan lounge chair",
            "Đặt làm theo kích thước, giao trong 3 tuần.",
            "Made to your size, delivered in three weeks.",
            1_850_000,
            0,
            True,
        ),
    ],
    "Hải Sản Vũng Tàu Tươi": [
        (
            "hai-san-kho",
            "Mực một nắng 500g",
            "Sun-dried squid 500g",
            "Mực câu Vũng Tàu phơi một nắng, hút chân không.",
            "Line-caught Vung Tau squid dried for one day, vacuum packed.",
            320_000,
            20,
            False,
        ),
        (
            "hai-san-kho",
            "Tôm khô loại 1 250g",
            "Grade-one dried shrimp 250g",
            "Tôm đất phơi khô tự nhiên, không phẩm màu.",
            "Naturally dried shrimp with no colouring.",
            280_000,
            25,
            False,
        ),
        (
            "gia-vi-nuoc-cham",
            "Nước mắm nhĩ 40 độ đạm 500ml",
            "First-press fish sauce 500ml",
            "Ủ chượp 12 tháng trong thùng gỗ.",
            "Fermented 12 months in wooden barrels.",
            95_000,
            60,
            False,
        ),
    ],
    "Sửa Xe Máy Thành Công": [
        (
            "sua-xe",
            "Thay nhớt xe tay ga",
            "Scooter oil change",
            "Nhớt chính hãng, kiểm tra phanh và lốp miễn phí.",
            "Genuine oil, with a free brake and tyre check.",
            120_000,
            0,
            True,
        ),
        (
            "sua-xe",
            "Bảo dưỡng tổng quát xe máy",
            "Full motorbike service",
            "Vệ sinh nồi, bugi, lọc gió, chỉnh xích.",
            "Clutch cleaning, spark plug, air filter and chain adjustment.",
            250_000,
            0,
            True,
        ),
    ],
    "Phần Mềm Kế Toán An Tâm": [
        (
            "phan-mem",
            "Phần mềm kế toán hộ kinh doanh (1 năm)",
            "Household-business bookkeeping, 1 year",
            "Sổ sách theo Thông tư 88, hóa đơn điện tử, báo cáo thuế.",
            "Books under Circular 88, e-invoices and tax reports.",
            990_000,
            0,
            True,
        ),
        (
            "dao-tao-lop-hoc",
            "Khóa học hóa đơn điện tử",
            "E-invoicing course",
            "Hai buổi tối, thực hành trên máy của bạn.",
            "Two evening sessions, hands-on on your own laptop.",
            450_000,
            30,
            False,
        ),
        (
            "ke-toan-tu-van",
            "Tư vấn chuyển đổi số 2 giờ",
            "Two-hour digital-adoption consultation",
            "Đánh giá quy trình bán hàng và gợi ý công cụ phù hợp.",
            "A review of how you sell, with tools that fit.",
            800_000,
            0,
            True,
        ),
    ],
    "Spa Hoa Sen": [
        (
            "spa-lam-dep",
            "Chăm sóc da mặt 60 phút",
            "60-minute facial",
            "Làm sạch sâu, đắp mặt nạ nghệ mật ong.",
            "Deep cleansing with a turmeric and honey mask.",
            350_000,
            0,
            True,
        ),
        (
            "spa-lam-dep",
            "Ngâm chân thảo dược",
            "Herbal foot soak",
            "Ngâm chân gừng sả và massage 30 phút.",
            "Ginger and lemongrass foot soak with a 30-minute massage.",
            250_000,
            0,
            True,
        ),
    ],
}

# Colours per top-level category slug: (background, accent).
_PALETTE = {
    "thuc-pham-do-uong": ((111, 78, 55), (240, 220, 190)),
    "thoi-trang": ((170, 40, 70), (250, 215, 225)),
    "thu-cong-my-nghe": ((40, 90, 150), (215, 230, 250)),
    "nong-san": ((60, 130, 60), (220, 245, 210)),
    "suc-khoe-lam-dep": ((150, 90, 160), (245, 225, 245)),
    "nha-cua-doi-song": ((160, 120, 60), (250, 240, 215)),
    "dich-vu": ((50, 110, 120), (215, 240, 240)),
}
_FONT_FILES = (
    "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
)


def _font(size: int):
    for path in _FONT_FILES:
        if Path(path).exists():
            return ImageFont.truetype(path, size)
    return ImageFont.load_default(size=size)


def _wrap(text: str, font, width: int, draw) -> list[str]:
    lines, line = [], ""
    for word in text.split():
        trial = f"{line} {word}".strip()
        if draw.textlength(trial, font=font) <= width:
            line = trial
        else:
            lines.append(line)
            line = word
    return [*lines, line] if line else lines


def draw_picture(*, title: str, top_slug: str, variant: int = 0) -> SimpleUploadedFile:
    """An 800×800 JPEG: a coloured card with a simple motif and the product's name."""
    background, accent = _PALETTE.get(top_slug, ((80, 80, 80), (235, 235, 235)))
    picture = Image.new("RGB", (800, 800), background)
    draw = ImageDraw.Draw(picture)
    seed = int(hashlib.sha256(title.encode()).hexdigest()[:8], 16) + variant
    for ring in range(6):
        radius = 320 - ring * 45
        shade = tuple(min(255, c + ring * 12) for c in background)
        cx, cy = 400 + (seed % 60) - 30, 330 + (seed // 60 % 40) - 20
        draw.ellipse((cx - radius, cy - radius, cx + radius, cy + radius), fill=shade)
    draw.rounded_rectangle((60, 560, 740, 760), radius=28, fill=accent)
    font = _font(44)
    lines = _wrap(title, font, 640, draw)[:3]
    y = 660 - len(lines) * 27
    for line in lines:
        draw.text((400, y), line, fill=background, font=font, anchor="mm")
        y += 54
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{seed}.jpg", out.getvalue(), content_type="image/jpeg")


def seed(*, stdout, style, password):
    categories = {category.slug: category for category in Category.objects.select_related("parent")}
    created = 0
    for trading_name, rows in DEMO_PRODUCTS.items():
        business = Business.objects.filter(trading_name=trading_name).first()
        if business is None or business.products.exists():
            continue
        for slug, name, name_en, description, description_en, price, stock, to_order in rows:
            category = categories[slug]
            product = services.product_create(
                business=business,
                category=category,
                name=name,
                name_en=name_en,
                description=description,
                description_en=description_en,
                price=price,
                stock=stock,
                made_to_order=to_order,
                status=ProductStatus.ACTIVE,
            )
            top = category.parent.slug if category.parent else category.slug
            services.product_image_add(
                product=product,
                upload=draw_picture(title=name, top_slug=top),
                alt_text=name,
            )
            created += 1
    stdout.write(f"marketplace: {created} new demo products with pictures")
