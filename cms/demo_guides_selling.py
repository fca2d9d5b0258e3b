"""Demo guides, part 2: selling online, marketing and delivery (dimensions E and O)."""

GUIDES = [
    {
        "slug": "mo-gian-hang-truc-tuyen-dau-tien",
        "dimension": "E",
        "levels": (0, 2),
        "action": "publish_storefront",
        "featured": True,
        "vi": {
            "slug": "mo-gian-hang-truc-tuyen-dau-tien",
            "title": "Mở gian hàng trực tuyến đầu tiên",
            "summary": "Gian hàng trên Chợ Số được tạo sẵn cho doanh nghiệp của bạn. Trong một buổi "
            "chiều, hãy thêm logo, giới thiệu, giờ mở cửa và những sản phẩm đầu tiên.",
            "intro": [
                "Khách hàng ngày nay tìm cửa hàng trên điện thoại trước khi đến. Một gian hàng trực "
                "tuyến có ảnh đẹp, giờ mở cửa và cách liên hệ rõ ràng giúp họ tin tưởng và đặt "
                "hàng ngay cả khi bạn đã đóng cửa.",
                "Khi bạn đăng ký doanh nghiệp, Chợ Số đã tạo sẵn một trang gian hàng mang tên giao "
                "dịch của bạn. Chỉ thành viên của doanh nghiệp mới sửa được trang này. Bạn tự chọn "
                "thông tin liên hệ muốn công khai; hồ sơ doanh nghiệp (mã số thuế, căn cước, địa "
                "chỉ chi tiết) luôn được giữ kín.",
                "Bắt đầu nhỏ cũng được: năm sản phẩm có ảnh rõ và mô tả trung thực tốt hơn năm "
                "mươi sản phẩm sơ sài.",
            ],
            "steps": (
                "Hoàn thiện gian hàng",
                [
                    ("Mở khu vực người bán", "Đăng nhập, vào “Gian hàng của tôi” và chọn Sửa."),
                    (
                        "Thêm logo và ảnh bìa",
                        "Ảnh vuông cho logo, ảnh ngang cho bìa; điền mô tả "
                        "ảnh (văn bản thay thế) để người khiếm thị cũng hiểu.",
                    ),
                    (
                        "Viết phần giới thiệu",
                        "Ba đến năm câu: bạn bán gì, điều gì đặc biệt, phục vụ khu vực nào.",
                    ),
                    (
                        "Điền giờ mở cửa và liên hệ công khai",
                        "Chỉ điền số điện thoại, email, địa chỉ bạn muốn khách thấy.",
                    ),
                    (
                        "Đăng sản phẩm đầu tiên và xuất bản",
                        "Thêm ít nhất năm sản phẩm có giá và tồn kho, rồi bấm Xuất bản.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Cập nhật thường xuyên",
                "Gian hàng được cập nhật hằng tuần (sản phẩm mới, giờ nghỉ lễ) giữ chân khách tốt "
                "hơn một trang đẹp nhưng bị bỏ quên.",
            ),
            "checklist": (
                "Trước khi xuất bản",
                [
                    "Logo và ảnh bìa có văn bản thay thế",
                    "Giới thiệu ngắn, không lỗi chính tả",
                    "Giờ mở cửa và cách liên hệ chính xác",
                    "Ít nhất năm sản phẩm có ảnh, giá và tồn kho",
                    "Đã mở tài khoản thanh toán điện tử để nhận đơn trực tuyến",
                ],
            ),
        },
        "en": {
            "slug": "your-first-online-shop",
            "title": "Open your first online shop",
            "summary": "Your Chợ Số storefront is already created for your business. In one "
            "afternoon, add a logo, an introduction, opening hours and your first products.",
            "intro": [
                "Customers today look a shop up on their phone before they visit. An online "
                "storefront with good photos, opening hours and clear contact details earns their "
                "trust and takes orders even when you are closed.",
                "When you registered your business, Chợ Số created a storefront page with your "
                "trading name. Only your business's members can edit it. You choose which contact "
                "details to publish; your business profile (tax code, ID, full address) always "
                "stays private.",
                "Starting small is fine: five products with clear photos and honest descriptions "
                "beat fifty sloppy ones.",
            ],
            "steps": (
                "Finish your storefront",
                [
                    ("Open the seller area", "Sign in, go to “My storefront” and choose Edit."),
                    (
                        "Add a logo and a banner",
                        "A square image for the logo, a wide one for the "
                        "banner; fill in the alt text so blind visitors understand them.",
                    ),
                    (
                        "Write the introduction",
                        "Three to five sentences: what you sell, what makes "
                        "it special, which areas you serve.",
                    ),
                    (
                        "Add opening hours and public contacts",
                        "Enter only the phone, email and address you want shoppers to see.",
                    ),
                    (
                        "List your first products and publish",
                        "Add at least five products with price and stock, then click Publish.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Keep it fresh",
                "A storefront updated every week (new products, holiday hours) keeps customers "
                "coming back better than a beautiful page left alone.",
            ),
            "checklist": (
                "Before you publish",
                [
                    "Logo and banner have alt text",
                    "A short introduction without typos",
                    "Correct opening hours and contact details",
                    "At least five products with photos, price and stock",
                    "An e-payment account is open so you can take online orders",
                ],
            ),
        },
    },
    {
        "slug": "chup-anh-san-pham-bang-dien-thoai",
        "dimension": "E",
        "levels": (0, 3),
        "action": "list_products",
        "vi": {
            "slug": "chup-anh-san-pham-bang-dien-thoai",
            "title": "Chụp ảnh sản phẩm đẹp bằng điện thoại",
            "summary": "Ánh sáng cửa sổ, nền trơn và năm góc chụp: ảnh rõ ràng giúp sản phẩm bán "
            "chạy hơn mà không cần studio.",
            "intro": [
                "Trên mạng, khách không cầm được sản phẩm. Ảnh là thứ thay cho đôi tay và đôi mắt "
                "của họ. Ảnh tối, mờ hay lệch màu khiến khách nghi ngờ chất lượng, dù hàng của bạn "
                "rất tốt.",
                "Điện thoại tầm trung hiện nay đã đủ để chụp ảnh bán hàng. Điều tạo khác biệt là "
                "ánh sáng, nền và sự nhất quán giữa các ảnh trong gian hàng.",
                "Hãy dành một buổi sáng chụp toàn bộ sản phẩm cùng một chỗ, cùng một kiểu nền; gian "
                "hàng sẽ trông chuyên nghiệp hơn hẳn.",
            ],
            "steps": (
                "Một góc chụp tại cửa hàng",
                [
                    (
                        "Chọn ánh sáng tự nhiên",
                        "Đặt sản phẩm gần cửa sổ vào buổi sáng, tránh nắng "
                        "chiếu trực tiếp; tắt đèn vàng để màu không bị lệch.",
                    ),
                    ("Dùng nền trơn", "Một tờ giấy bìa trắng uốn cong từ bàn lên tường là đủ."),
                    (
                        "Lau ống kính và giữ chắc máy",
                        "Dựa tay lên bàn hoặc dùng giá đỡ; chạm vào "
                        "sản phẩm trên màn hình để lấy nét.",
                    ),
                    (
                        "Chụp năm góc",
                        "Mặt trước, mặt sau, cạnh, chi tiết chất liệu và ảnh dùng "
                        "thực tế (có tay cầm hoặc đặt trong không gian).",
                    ),
                    (
                        "Chỉnh nhẹ và đặt tên",
                        "Cắt vuông, tăng sáng vừa phải, không dùng bộ lọc "
                        "làm sai màu; đặt tên tệp theo tên sản phẩm.",
                    ),
                ],
            ),
            "callout": (
                "note",
                "Ảnh phải trung thực",
                "Màu sắc và kích thước trong ảnh phải đúng với hàng thật. Ảnh “quá đẹp” dẫn đến "
                "trả hàng và đánh giá xấu.",
            ),
            "checklist": (
                "Mỗi sản phẩm",
                [
                    "Ít nhất ba ảnh, ảnh chính trên nền trơn",
                    "Ảnh sắc nét, không bị rung, đủ sáng",
                    "Màu sắc đúng với hàng thật",
                    "Có văn bản thay thế mô tả sản phẩm",
                ],
            ),
        },
        "en": {
            "slug": "product-photos-with-a-phone",
            "title": "Take good product photos with a phone",
            "summary": "Window light, a plain background and five angles: clear photos sell more "
            "without a studio.",
            "intro": [
                "Online, customers cannot hold your product. Photos replace their hands and eyes. "
                "Dark, blurry or off-colour pictures make them doubt the quality, however good the "
                "product is.",
                "A mid-range phone is enough for shop photos. What makes the difference is light, "
                "background and consistency between the photos in your shop.",
                "Spend one morning photographing all products in the same spot with the same "
                "background; your storefront will look far more professional.",
            ],
            "steps": (
                "A photo corner in your shop",
                [
                    (
                        "Use daylight",
                        "Place the product near a window in the morning, out of "
                        "direct sun; switch off warm lights so colours stay true.",
                    ),
                    (
                        "Use a plain background",
                        "A sheet of white card curved from the table up the wall is enough.",
                    ),
                    (
                        "Clean the lens and hold steady",
                        "Rest your hands on the table or use a "
                        "stand; tap the product on screen to focus.",
                    ),
                    (
                        "Shoot five angles",
                        "Front, back, side, a close-up of the material and one "
                        "in use (in a hand or in a room).",
                    ),
                    (
                        "Edit lightly and name files",
                        "Crop square, brighten a little, avoid filters "
                        "that change colours; name files after the product.",
                    ),
                ],
            ),
            "callout": (
                "note",
                "Photos must be honest",
                "Colours and sizes in the photos must match the real item. Photos that look "
                "“too good” lead to returns and bad reviews.",
            ),
            "checklist": (
                "For every product",
                [
                    "At least three photos, the main one on a plain background",
                    "Sharp, steady and bright enough",
                    "Colours true to the real item",
                    "Alt text that describes the product",
                ],
            ),
        },
    },
    {
        "slug": "ban-hang-tren-san-thuong-mai-dien-tu",
        "dimension": "E",
        "levels": (1, 3),
        "action": "list_products",
        "vi": {
            "slug": "ban-hang-tren-san-thuong-mai-dien-tu",
            "title": "Bán hàng trên sàn thương mại điện tử",
            "summary": "Chợ Số, Shopee, TikTok Shop hay Lazada: bắt đầu từ một sàn, viết tin đăng "
            "tốt, quản lý tồn kho và đánh giá của khách.",
            "intro": [
                "Sàn thương mại điện tử mang đến lượng khách lớn mà một cửa hàng nhỏ khó tự thu "
                "hút. Đổi lại, bạn trả phí và phải tuân theo quy định của sàn về giao hàng, đổi "
                "trả và chất lượng.",
                "Đừng mở gian hàng trên mọi sàn cùng lúc. Hãy bắt đầu với một sàn, làm tốt quy "
                "trình nhận đơn – đóng gói – giao hàng, rồi mới mở rộng. Khi bán trên nhiều sàn, "
                "tồn kho phải được đồng bộ để không bán quá số hàng đang có.",
                "Trên Chợ Số, khách mua được từ nhiều cửa hàng trong cùng một giỏ và thanh toán một "
                "lần; mỗi cửa hàng nhận đơn và tiền của riêng mình.",
            ],
            "steps": (
                "Từ tin đăng đến đơn hàng",
                [
                    (
                        "Viết tiêu đề rõ ràng",
                        "Tên sản phẩm, đặc điểm chính, quy cách: “Cà phê Robusta rang mộc 500 g”.",
                    ),
                    (
                        "Mô tả trung thực",
                        "Chất liệu, kích thước, hạn dùng, cách bảo quản, chính sách đổi trả.",
                    ),
                    (
                        "Đặt giá và tồn kho",
                        "Tính cả phí sàn, phí giao hàng và khuyến mãi để "
                        "không bán lỗ; cập nhật tồn kho mỗi ngày.",
                    ),
                    (
                        "Xử lý đơn trong ngày",
                        "Xác nhận, đóng gói cẩn thận và bàn giao cho đơn vị giao hàng đúng hẹn.",
                    ),
                    (
                        "Chăm sóc đánh giá",
                        "Trả lời mọi đánh giá, kể cả đánh giá xấu, một cách lịch "
                        "sự và đưa ra cách khắc phục.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Cẩn thận với tồn kho",
                "Bán một món hàng đã hết khiến đơn bị hủy và gian hàng bị đánh giá thấp. Nếu bán "
                "nhiều kênh, hãy dùng phần mềm đồng bộ tồn kho.",
            ),
            "checklist": (
                "Mỗi tuần",
                [
                    "Tồn kho trên sàn khớp với hàng thực tế",
                    "Mọi tin nhắn của khách được trả lời trong 24 giờ",
                    "Đánh giá mới đã được phản hồi",
                    "Đã xem sản phẩm nào bán chạy, sản phẩm nào cần bỏ",
                ],
            ),
        },
        "en": {
            "slug": "selling-on-a-marketplace",
            "title": "Sell on an online marketplace",
            "summary": "Chợ Số, Shopee, TikTok Shop or Lazada: start with one, write good listings, "
            "manage stock and customer reviews.",
            "intro": [
                "Marketplaces bring far more shoppers than a small shop can attract on its own. In "
                "return you pay fees and follow the marketplace's rules on delivery, returns and "
                "quality.",
                "Do not open shops on every marketplace at once. Start with one, get the order – "
                "pack – ship routine right, then expand. When you sell on several, keep stock in "
                "sync so you never sell more than you have.",
                "On Chợ Số, shoppers buy from several shops in one cart and pay once; each shop "
                "receives its own order and its own money.",
            ],
            "steps": (
                "From listing to order",
                [
                    (
                        "Write a clear title",
                        "Product name, key feature, size: “Robusta coffee, plain roast, 500 g”.",
                    ),
                    ("Describe honestly", "Material, size, shelf life, storage, return policy."),
                    (
                        "Set price and stock",
                        "Include marketplace fees, shipping and promotions so "
                        "you never sell at a loss; update stock daily.",
                    ),
                    (
                        "Handle orders the same day",
                        "Confirm, pack carefully and hand over to the carrier on time.",
                    ),
                    (
                        "Look after reviews",
                        "Answer every review, even bad ones, politely and with a fix.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Watch your stock",
                "Selling an item you no longer have means a cancelled order and a lower shop "
                "rating. If you sell on several channels, use software that syncs stock.",
            ),
            "checklist": (
                "Every week",
                [
                    "Marketplace stock matches the shelves",
                    "Every customer message answered within 24 hours",
                    "New reviews have a reply",
                    "You checked what sells and what to drop",
                ],
            ),
        },
    },
    {
        "slug": "tiep-thi-tren-zalo-va-facebook",
        "dimension": "E",
        "levels": (0, 3),
        "vi": {
            "slug": "tiep-thi-tren-zalo-va-facebook",
            "title": "Tiếp thị số trên Zalo và Facebook",
            "summary": "Zalo OA, trang Facebook và quảng cáo nhỏ có đo lường: tiếp cận khách quen "
            "và khách mới quanh cửa hàng mà không tốn nhiều tiền.",
            "intro": [
                "Phần lớn khách hàng của cửa hàng nhỏ ở Thành phố Hồ Chí Minh dùng Zalo và "
                "Facebook mỗi ngày. Một Zalo Official Account (OA) giúp bạn nhắn tin chăm sóc khách "
                "quen; một trang Facebook giúp khách mới tìm thấy bạn.",
                "Bài đăng miễn phí đều đặn (ba lần mỗi tuần) với ảnh thật, giá rõ và cách đặt hàng "
                "thường hiệu quả hơn một đợt quảng cáo lớn rồi im lặng.",
                "Khi đã có nhịp đăng bài, hãy thử quảng cáo nhỏ nhắm theo khu vực quanh cửa hàng, "
                "và đo kết quả bằng số tin nhắn hoặc đơn hàng thật, không chỉ lượt thích.",
            ],
            "steps": (
                "Bốn tuần đầu",
                [
                    (
                        "Tạo Zalo OA và trang Facebook",
                        "Dùng cùng tên, logo, giờ mở cửa và đường dẫn đến gian hàng Chợ Số.",
                    ),
                    (
                        "Lập lịch đăng bài",
                        "Ví dụ: thứ Hai sản phẩm mới, thứ Tư mẹo sử dụng, thứ Sáu "
                        "ưu đãi cuối tuần.",
                    ),
                    (
                        "Trả lời tin nhắn nhanh",
                        "Cài tin nhắn trả lời tự động ngoài giờ và mẫu trả "
                        "lời cho câu hỏi thường gặp.",
                    ),
                    (
                        "Thử quảng cáo nhỏ",
                        "Ngân sách 50.000–100.000 đồng/ngày trong một tuần, "
                        "nhắm bán kính vài km quanh cửa hàng.",
                    ),
                    (
                        "Đo và điều chỉnh",
                        "Ghi số tin nhắn, đơn hàng và doanh thu từ mỗi bài; giữ "
                        "cái hiệu quả, bỏ cái không.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Tôn trọng khách hàng",
                "Chỉ gửi tin nhắn quảng cáo cho khách đã đồng ý nhận. Không mua danh sách số điện "
                "thoại: vừa vi phạm quy định về dữ liệu cá nhân vừa làm hỏng uy tín.",
            ),
            "checklist": (
                "Kênh của bạn",
                [
                    "Tên, logo và giờ mở cửa giống nhau trên mọi kênh",
                    "Mỗi bài có ảnh thật, giá và cách đặt hàng",
                    "Tin nhắn được trả lời trong vài giờ",
                    "Biết bài hoặc quảng cáo nào mang lại đơn hàng",
                ],
            ),
        },
        "en": {
            "slug": "digital-marketing-on-zalo-and-facebook",
            "title": "Digital marketing on Zalo and Facebook",
            "summary": "A Zalo OA, a Facebook page and small ads you measure: reach regulars and "
            "new customers near your shop without spending much.",
            "intro": [
                "Most customers of small shops in Ho Chi Minh City use Zalo and Facebook every day. "
                "A Zalo Official Account (OA) lets you message and look after regular customers; a "
                "Facebook page helps new customers find you.",
                "Regular free posts (three a week) with real photos, clear prices and how to order "
                "usually work better than one big ad campaign followed by silence.",
                "Once you post regularly, try small ads targeted at the area around your shop, and "
                "measure them by real messages or orders, not just likes.",
            ],
            "steps": (
                "The first four weeks",
                [
                    (
                        "Create a Zalo OA and a Facebook page",
                        "Use the same name, logo, opening "
                        "hours and a link to your Chợ Số storefront.",
                    ),
                    (
                        "Plan your posts",
                        "For example: Monday new products, Wednesday a how-to tip, "
                        "Friday a weekend offer.",
                    ),
                    (
                        "Answer messages quickly",
                        "Set an automatic reply outside opening hours and "
                        "saved answers for common questions.",
                    ),
                    (
                        "Try a small ad",
                        "50,000–100,000 VND a day for a week, targeting a few "
                        "kilometres around the shop.",
                    ),
                    (
                        "Measure and adjust",
                        "Count messages, orders and revenue from each post; "
                        "keep what works, drop what does not.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Respect your customers",
                "Send promotional messages only to customers who agreed to receive them. Never buy "
                "phone number lists: it breaks personal data rules and ruins your reputation.",
            ),
            "checklist": (
                "Your channels",
                [
                    "Same name, logo and opening hours on every channel",
                    "Every post has a real photo, a price and how to order",
                    "Messages are answered within hours",
                    "You know which posts or ads bring orders",
                ],
            ),
        },
    },
    {
        "slug": "lam-viec-voi-doi-tac-giao-hang",
        "dimension": "O",
        "levels": (1, 3),
        "vi": {
            "slug": "lam-viec-voi-doi-tac-giao-hang",
            "title": "Làm việc với đối tác giao hàng",
            "summary": "Chọn đơn vị giao hàng nội thành và liên tỉnh, đóng gói đúng cách, đối soát "
            "tiền thu hộ (COD) và xử lý hàng hoàn.",
            "intro": [
                "Giao hàng là lúc khách thực sự gặp cửa hàng của bạn. Hàng đến đúng hẹn, nguyên "
                "vẹn, tiền thu hộ về đủ: đó là điều khiến khách quay lại.",
                "Trong nội thành, các dịch vụ giao nhanh theo giờ (như Ahamove, GrabExpress, Be) "
                "phù hợp với đồ ăn và đơn gấp. Với đơn đi tỉnh, các hãng như Giao Hàng Nhanh, Giao "
                "Hàng Tiết Kiệm, Viettel Post, VNPost hay J&T Express có giá tốt hơn và nhận thu hộ.",
                "Hầu hết các hãng có ứng dụng hoặc kết nối với phần mềm bán hàng để tạo vận đơn tự "
                "động và theo dõi trạng thái, giúp bạn bớt gọi điện và ghi chép tay.",
            ],
            "steps": (
                "Thiết lập quy trình giao hàng",
                [
                    (
                        "So sánh 2–3 đơn vị",
                        "Xem bảng giá theo cân nặng và khu vực, thời gian "
                        "giao, phí thu hộ và phí hoàn hàng.",
                    ),
                    (
                        "Mở tài khoản người gửi",
                        "Khai địa chỉ lấy hàng, tài khoản ngân hàng nhận "
                        "tiền thu hộ và lịch đối soát.",
                    ),
                    (
                        "Chuẩn hóa đóng gói",
                        "Hộp vừa cỡ, chèn chống sốc, băng keo kín; dán vận đơn "
                        "ở mặt phẳng dễ quét.",
                    ),
                    ("Thông báo cho khách", "Gửi mã vận đơn qua tin nhắn để khách tự theo dõi."),
                    (
                        "Đối soát hằng tuần",
                        "So danh sách đơn đã giao, tiền thu hộ đã nhận và phí "
                        "đã trừ; khiếu nại ngay các khoản lệch.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Giảm hàng hoàn",
                "Gọi hoặc nhắn xác nhận đơn thu hộ có giá trị cao trước khi gửi. Hàng hoàn tốn "
                "phí hai chiều và dễ hư hỏng.",
            ),
            "checklist": (
                "Mỗi đơn hàng",
                [
                    "Địa chỉ và số điện thoại người nhận đã xác nhận",
                    "Hàng được đóng gói chống sốc, có phiếu xuất kho",
                    "Mã vận đơn đã gửi cho khách",
                    "Tiền thu hộ đã về và khớp với đơn",
                ],
            ),
        },
        "en": {
            "slug": "working-with-delivery-partners",
            "title": "Work with delivery partners",
            "summary": "Choose carriers for the city and the provinces, pack properly, reconcile "
            "cash-on-delivery (COD) money and handle returns.",
            "intro": [
                "Delivery is when customers really meet your shop. Goods arriving on time and "
                "intact, and COD money coming back in full: that is what brings customers back.",
                "Within the city, on-demand couriers (such as Ahamove, GrabExpress or Be) suit food "
                "and urgent orders. For other provinces, carriers such as Giao Hàng Nhanh, Giao Hàng "
                "Tiết Kiệm, Viettel Post, VNPost or J&T Express are cheaper and collect COD.",
                "Most carriers have an app or connect to sales software to create waybills "
                "automatically and track them, so you make fewer calls and write less by hand.",
            ],
            "steps": (
                "Set up your delivery routine",
                [
                    (
                        "Compare 2–3 carriers",
                        "Look at prices by weight and zone, delivery times, "
                        "COD fees and return fees.",
                    ),
                    (
                        "Open a sender account",
                        "Enter your pickup address, the bank account for COD "
                        "money and the settlement schedule.",
                    ),
                    (
                        "Standardise packing",
                        "A box of the right size, padding, sealed tape; stick "
                        "the waybill on a flat side that is easy to scan.",
                    ),
                    (
                        "Tell the customer",
                        "Send the tracking code by message so they can follow the parcel.",
                    ),
                    (
                        "Reconcile weekly",
                        "Compare delivered orders, COD money received and fees "
                        "deducted; dispute any gap at once.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Fewer returns",
                "Call or message to confirm high-value COD orders before shipping. Returns cost "
                "shipping both ways and goods get damaged.",
            ),
            "checklist": (
                "For every order",
                [
                    "Recipient's address and phone confirmed",
                    "Goods packed with padding, with a delivery note",
                    "Tracking code sent to the customer",
                    "COD money received and matched to the order",
                ],
            ),
        },
    },
]
