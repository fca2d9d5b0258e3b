"""The category tree seeded by migration 0002: (slug, Vietnamese name, English name, children).

Two levels, shaped after the trades of Ho Chi Minh City's small businesses (VSIC sections C, G, I, A,
S) rather than a department store: what the city's household businesses and SMEs actually sell.
"""

CATEGORY_TREE = [
    (
        "thuc-pham-do-uong",
        "Thực phẩm & đồ uống",
        "Food & drink",
        [
            ("ca-phe-tra", "Cà phê & trà", "Coffee & tea"),
            ("banh-keo-dac-san", "Bánh kẹo & đặc sản", "Sweets & local specialities"),
            ("do-an-san", "Đồ ăn sẵn", "Ready meals"),
            ("nuoc-giai-khat", "Nước giải khát", "Soft drinks & juices"),
            ("gia-vi-nuoc-cham", "Gia vị & nước chấm", "Spices & sauces"),
            ("hai-san-kho", "Hải sản & đồ khô", "Seafood & dried goods"),
        ],
    ),
    (
        "thoi-trang",
        "Thời trang",
        "Fashion",
        [
            ("ao-dai", "Áo dài", "Áo dài"),
            ("quan-ao-nu", "Quần áo nữ", "Women's clothing"),
            ("quan-ao-nam", "Quần áo nam", "Men's clothing"),
            ("giay-dep-tui", "Giày dép & túi xách", "Shoes & bags"),
            ("phu-kien-trang-suc", "Phụ kiện & trang sức", "Accessories & jewellery"),
        ],
    ),
    (
        "thu-cong-my-nghe",
        "Thủ công mỹ nghệ",
        "Handicrafts",
        [
            ("gom-su", "Gốm sứ", "Ceramics"),
            ("may-tre-dan", "Mây tre đan", "Rattan & bamboo"),
            ("son-mai", "Sơn mài", "Lacquerware"),
            ("theu-det", "Thêu & dệt", "Embroidery & weaving"),
            ("qua-luu-niem", "Quà lưu niệm", "Souvenirs"),
        ],
    ),
    (
        "nong-san",
        "Nông sản",
        "Agriculture",
        [
            ("rau-cu-qua", "Rau củ quả", "Fruit & vegetables"),
            ("gao-ngu-coc", "Gạo & ngũ cốc", "Rice & grains"),
            ("cay-giong-hoa", "Cây giống & hoa", "Plants & flowers"),
            ("san-pham-ocop", "Sản phẩm OCOP", "OCOP products"),
        ],
    ),
    (
        "suc-khoe-lam-dep",
        "Sức khỏe & làm đẹp",
        "Health & beauty",
        [
            ("my-pham-thien-nhien", "Mỹ phẩm thiên nhiên", "Natural cosmetics"),
            ("cham-soc-ca-nhan", "Chăm sóc cá nhân", "Personal care"),
            ("thao-duoc", "Thảo dược", "Herbal products"),
            ("spa-lam-dep", "Spa & dịch vụ làm đẹp", "Spa & beauty services"),
        ],
    ),
    (
        "nha-cua-doi-song",
        "Nhà cửa & đời sống",
        "Home & living",
        [
            ("noi-that-trang-tri", "Nội thất & trang trí", "Furniture & decoration"),
            ("do-dung-nha-bep", "Đồ dùng nhà bếp", "Kitchenware"),
            ("vai-chan-ga", "Vải & chăn ga gối", "Textiles & bedding"),
            ("do-tai-che", "Đồ tái chế, thân thiện môi trường", "Recycled & eco-friendly goods"),
        ],
    ),
    (
        "dien-tu-cong-nghe",
        "Điện tử & công nghệ",
        "Electronics & technology",
        [
            ("phu-kien-dien-thoai", "Phụ kiện điện thoại", "Phone accessories"),
            ("phan-mem", "Phần mềm & ứng dụng", "Software & apps"),
            ("sua-chua-thiet-bi", "Sửa chữa thiết bị", "Device repair"),
        ],
    ),
    (
        "me-be-do-choi",
        "Mẹ, bé & đồ chơi",
        "Baby, kids & toys",
        [
            ("do-so-sinh", "Đồ sơ sinh", "Baby items"),
            ("do-choi-go", "Đồ chơi gỗ & giáo dục", "Wooden & educational toys"),
            ("sach-van-phong-pham", "Sách & văn phòng phẩm", "Books & stationery"),
        ],
    ),
    (
        "dich-vu",
        "Dịch vụ",
        "Services",
        [
            ("sua-xe", "Sửa xe", "Vehicle repair"),
            ("giat-ui", "Giặt ủi", "Laundry"),
            ("in-an-quang-cao", "In ấn & quảng cáo", "Printing & advertising"),
            ("ke-toan-tu-van", "Kế toán & tư vấn", "Accounting & consulting"),
            ("dao-tao-lop-hoc", "Đào tạo & lớp học", "Training & classes"),
            ("giao-hang-van-chuyen", "Giao hàng & vận chuyển", "Delivery & transport"),
        ],
    ),
]
