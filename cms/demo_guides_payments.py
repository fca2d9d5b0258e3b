"""Demo guides, part 1: payments, e-invoices and bookkeeping (dimensions P and O).

Each guide is written for a shop owner in Ho Chi Minh City, Vietnamese first with an English
translation. ``cms.demo`` turns the sections into StreamField blocks.
"""

GUIDES = [
    {
        "slug": "nhan-thanh-toan-vietqr",
        "dimension": "P",
        "levels": (0, 2),
        "featured": True,
        "vi": {
            "slug": "nhan-thanh-toan-vietqr",
            "title": "Nhận thanh toán VietQR tại quầy",
            "summary": "Khách quét mã, tiền về tài khoản trong vài giây: cách đặt mã VietQR đúng "
            "chuẩn, kiểm tra tiền về và tránh bị lừa bằng ảnh chụp màn hình giả.",
            "intro": [
                "VietQR là chuẩn mã QR chung do NAPAS và các ngân hàng Việt Nam xây dựng. Khách "
                "hàng dùng ứng dụng của bất kỳ ngân hàng nào cũng quét được mã của bạn, và tiền "
                "chuyển nhanh 24/7 về tài khoản. Với một quán cà phê hay tiệm tạp hóa, đây là cách "
                "rẻ nhất để nhận tiền không dùng tiền mặt: không cần máy quẹt thẻ, không mất phí "
                "cho phần lớn giao dịch chuyển khoản thông thường.",
                "Điều quan trọng nhất là nhận tiền vào tài khoản đứng tên cửa hàng hoặc chủ hộ "
                "kinh doanh, không dùng tài khoản của người thân. Như vậy sổ sách rõ ràng, dễ đối "
                "soát cuối ngày và thuận tiện khi làm thuế hoặc vay vốn sau này.",
                "Mã QR động (có sẵn số tiền và nội dung) an toàn hơn mã tĩnh dán trên quầy, vì "
                "khách không phải tự gõ số tiền. Nhiều ngân hàng và phần mềm bán hàng đã tạo được "
                "mã động cho từng hóa đơn.",
            ],
            "steps": (
                "Làm từng bước",
                [
                    (
                        "Mở tài khoản thanh toán",
                        "Dùng tài khoản đứng tên hộ kinh doanh hoặc công "
                        "ty; hỏi ngân hàng về gói dành cho hộ kinh doanh.",
                    ),
                    (
                        "Tạo mã VietQR trong ứng dụng ngân hàng",
                        "Tìm mục “Mã QR của tôi” hoặc "
                        "“QR nhận tiền”, chọn đúng tài khoản kinh doanh và in mã khổ A5 trở lên.",
                    ),
                    (
                        "Đặt mã ở nơi dễ thấy",
                        "Đặt ở quầy thu ngân, ép plastic hoặc để trong "
                        "khung mica; kiểm tra định kỳ để chắc không ai dán đè mã khác lên.",
                    ),
                    (
                        "Bật thông báo biến động số dư",
                        "Cài thông báo trên ứng dụng hoặc loa "
                        "báo tiền để biết ngay khi tiền về, không cần hỏi khách.",
                    ),
                    (
                        "Đối soát cuối ngày",
                        "So tổng tiền QR trong ứng dụng với sổ bán hàng; ghi "
                        "lại các giao dịch chưa khớp để xử lý ngay hôm sau.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Đừng tin ảnh chụp màn hình",
                "Kẻ gian có thể đưa ra ảnh “chuyển khoản thành công” giả. Chỉ giao hàng khi thông "
                "báo từ ngân hàng hoặc loa báo tiền xác nhận tiền đã về tài khoản của bạn.",
            ),
            "checklist": (
                "Kiểm tra nhanh",
                [
                    "Mã QR mang tên cửa hàng hoặc chủ hộ, không phải tên người khác",
                    "Nhân viên biết cách xác nhận tiền về trước khi giao hàng",
                    "Có loa hoặc thông báo biến động số dư đang bật",
                    "Cuối ngày có đối soát tiền QR với sổ bán hàng",
                ],
            ),
            "faq": [
                (
                    "Nhận tiền qua VietQR có mất phí không?",
                    "Phần lớn ngân hàng miễn phí nhận "
                    "chuyển khoản; một số gói tài khoản doanh nghiệp có phí duy trì hằng tháng. Hãy "
                    "hỏi biểu phí của ngân hàng bạn dùng.",
                ),
                (
                    "Khách chuyển nhầm số tiền thì sao?",
                    "Đối chiếu nội dung chuyển khoản, liên hệ "
                    "khách để hoàn phần chênh lệch qua chuyển khoản và ghi chú vào sổ.",
                ),
            ],
        },
        "en": {
            "slug": "accept-vietqr-payments",
            "title": "Accept VietQR payments at the counter",
            "summary": "Customers scan, the money arrives in seconds: how to set up a proper VietQR "
            "code, confirm payments and avoid fake screenshot scams.",
            "intro": [
                "VietQR is the common QR standard built by NAPAS and Vietnamese banks. Customers "
                "can scan your code with any bank's app, and the transfer reaches your account "
                "24/7 within seconds. For a coffee shop or a grocery it is the cheapest way to take "
                "cashless payments: no card terminal, and no fee on most ordinary transfers.",
                "The most important rule is to receive money into an account in the name of the "
                "shop or the household business owner, not a relative's account. Your records stay "
                "clear, end-of-day reconciliation is simple, and tax filing or a loan application "
                "later is easier.",
                "A dynamic QR code (carrying the amount and a reference) is safer than a static "
                "code on the counter because the customer does not type the amount. Many banks and "
                "point-of-sale apps can generate a dynamic code for each bill.",
            ],
            "steps": (
                "Step by step",
                [
                    (
                        "Open a payment account",
                        "Use an account in the name of the household "
                        "business or company; ask your bank about packages for household businesses.",
                    ),
                    (
                        "Create the VietQR code in your bank app",
                        "Look for “My QR” or “Receive "
                        "money”, choose the business account and print the code at A5 size or larger.",
                    ),
                    (
                        "Place the code where it is easy to see",
                        "Put it at the till, laminated or in "
                        "an acrylic stand; check it regularly so nobody sticks another code over it.",
                    ),
                    (
                        "Turn on balance notifications",
                        "Enable app notifications or a payment "
                        "speaker so you know at once when money arrives.",
                    ),
                    (
                        "Reconcile at the end of the day",
                        "Compare the QR total in the app with your "
                        "sales book; note any mismatch and sort it out the next morning.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Never trust a screenshot",
                "Fraudsters may show a fake “transfer successful” screen. Hand over goods only when "
                "your bank notification or payment speaker confirms the money is in your account.",
            ),
            "checklist": (
                "Quick check",
                [
                    "The QR code shows the shop's or owner's name, nobody else's",
                    "Staff know how to confirm a payment before handing over goods",
                    "A payment speaker or balance notification is switched on",
                    "QR takings are reconciled with the sales book every day",
                ],
            ),
            "faq": [
                (
                    "Does receiving VietQR payments cost anything?",
                    "Most banks do not charge for "
                    "incoming transfers; some business account packages have a monthly fee. Ask your "
                    "bank for its fee schedule.",
                ),
                (
                    "What if a customer transfers the wrong amount?",
                    "Check the transfer reference, "
                    "contact the customer to refund the difference by transfer, and note it in your "
                    "book.",
                ),
            ],
        },
    },
    {
        "slug": "mo-tai-khoan-thanh-toan-dien-tu",
        "dimension": "P",
        "levels": (0, 3),
        "action": "open_payment_account",
        "featured": True,
        "vi": {
            "slug": "mo-tai-khoan-thanh-toan-dien-tu",
            "title": "Mở tài khoản thanh toán điện tử trên Chợ Số",
            "summary": "Để khách trả tiền trực tuyến cho gian hàng của bạn: chuẩn bị giấy tờ, mở "
            "tài khoản, nhận tiền và theo dõi các khoản chi trả.",
            "intro": [
                "Khi khách đặt hàng trên Chợ Số, họ thanh toán một lần cho cả giỏ hàng. Chợ Số "
                "chuyển phần tiền của từng gian hàng vào tài khoản thanh toán điện tử của gian "
                "hàng đó, sau khi trừ phí nền tảng. Bạn cần mở tài khoản này một lần thì sản phẩm "
                "của bạn mới có thể được mua trực tuyến.",
                "Hồ sơ doanh nghiệp bạn đã khai khi đăng ký được dùng lại để điền sẵn thông tin, "
                "nên bạn không phải nhập lại tên, mã số thuế hay địa chỉ. Bạn chỉ cần xác nhận và "
                "bổ sung tài khoản ngân hàng nhận tiền.",
                "Nhà cung cấp thanh toán sẽ xác minh danh tính người đại diện và doanh nghiệp. "
                "Việc này thường xong trong vài phút, đôi khi vài ngày nếu cần thêm giấy tờ.",
            ],
            "steps": (
                "Các bước mở tài khoản",
                [
                    (
                        "Kiểm tra hồ sơ doanh nghiệp",
                        "Tên giao dịch, mã số thuế và phường/xã phải "
                        "đúng với giấy đăng ký kinh doanh.",
                    ),
                    (
                        "Chuẩn bị giấy tờ",
                        "Căn cước của người đại diện, giấy chứng nhận đăng ký "
                        "hộ kinh doanh hoặc doanh nghiệp, số tài khoản ngân hàng đứng tên cơ sở.",
                    ),
                    (
                        "Bấm “Mở tài khoản thanh toán” trong khu vực người bán",
                        "Thông tin được "
                        "điền sẵn từ hồ sơ; kiểm tra lại rồi tiếp tục sang trang của nhà cung cấp.",
                    ),
                    (
                        "Hoàn tất xác minh",
                        "Làm theo hướng dẫn trên màn hình; nếu được yêu cầu bổ "
                        "sung giấy tờ, hãy tải lên ảnh rõ nét, đủ bốn góc.",
                    ),
                    (
                        "Kiểm tra trạng thái",
                        "Khi trạng thái là “Sẵn sàng nhận thanh toán”, sản "
                        "phẩm của bạn có thể được thêm vào giỏ hàng.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Tiền về khi nào?",
                "Tiền của mỗi đơn hàng được chuyển sang tài khoản của bạn sau khi khách thanh toán "
                "thành công. Bạn xem từng khoản chi trả và phí trong mục “Thanh toán” của gian hàng.",
            ),
            "checklist": (
                "Trước khi bắt đầu",
                [
                    "Căn cước của người đại diện còn hạn",
                    "Tài khoản ngân hàng đứng tên hộ kinh doanh hoặc doanh nghiệp",
                    "Email và số điện thoại liên hệ đang dùng được",
                    "Đã bật xác thực hai lớp cho tài khoản Chợ Số",
                ],
            ),
        },
        "en": {
            "slug": "open-an-e-payment-account",
            "title": "Open an e-payment account on Chợ Số",
            "summary": "Let customers pay your shop online: what to prepare, how to open the "
            "account, how money reaches you and how to follow payouts.",
            "intro": [
                "When shoppers order on Chợ Số they pay once for the whole cart. Chợ Số then sends "
                "each shop's share, minus the platform fee, to that shop's e-payment account. You "
                "open this account once, and from then on your products can be bought online.",
                "The business profile you entered when you signed up is reused to prefill the "
                "form, so you do not type your name, tax code or address again. You only confirm "
                "the details and add the bank account that receives payouts.",
                "The payment provider verifies the representative and the business. This usually "
                "takes minutes, and sometimes a few days if more documents are needed.",
            ],
            "steps": (
                "Opening the account",
                [
                    (
                        "Check your business profile",
                        "The trading name, tax code and ward must "
                        "match your business registration.",
                    ),
                    (
                        "Prepare your documents",
                        "The representative's ID card, the household or "
                        "company registration certificate and a bank account in the business's name.",
                    ),
                    (
                        "Click “Open payment account” in the seller area",
                        "The form is prefilled "
                        "from your profile; check it and continue to the provider's page.",
                    ),
                    (
                        "Complete verification",
                        "Follow the on-screen steps; if asked for more "
                        "documents, upload sharp photos showing all four corners.",
                    ),
                    (
                        "Check the status",
                        "Once it says “Ready to take payments”, your products "
                        "can be added to shoppers' carts.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "When does the money arrive?",
                "Each order's money is transferred to your account after the shopper pays. You can "
                "see every payout and fee under “Payments” in your shop's workspace.",
            ),
            "checklist": (
                "Before you start",
                [
                    "The representative's ID card is valid",
                    "A bank account in the name of the household business or company",
                    "A working contact email and phone number",
                    "Two-factor sign-in is on for your Chợ Số account",
                ],
            ),
        },
    },
    {
        "slug": "xuat-hoa-don-dien-tu",
        "dimension": "P",
        "levels": (1, 4),
        "vi": {
            "slug": "xuat-hoa-don-dien-tu",
            "title": "Xuất hóa đơn điện tử đúng quy định",
            "summary": "Hóa đơn điện tử là gì, ai phải dùng, chọn nhà cung cấp thế nào và cách "
            "xuất hóa đơn cho từng đơn hàng mà không mất thời gian.",
            "intro": [
                "Theo Nghị định 123/2020/NĐ-CP (đã được sửa đổi, bổ sung bởi Nghị định "
                "70/2025/NĐ-CP), doanh nghiệp và hộ kinh doanh nộp thuế theo phương pháp kê khai "
                "phải dùng hóa đơn điện tử. Hộ kinh doanh có doanh thu từ 1 tỷ đồng/năm trở lên "
                "dùng máy tính tiền phải dùng hóa đơn điện tử khởi tạo từ máy tính tiền, kết nối "
                "dữ liệu với cơ quan thuế.",
                "Hóa đơn điện tử được lập trên phần mềm của nhà cung cấp dịch vụ (như Viettel, "
                "VNPT, MISA, BKAV và nhiều đơn vị khác), có chữ ký số hoặc mã của cơ quan thuế, và "
                "gửi cho khách qua email hoặc đường dẫn tra cứu. Không còn phải in, lưu cuống hay "
                "lo mất hóa đơn giấy.",
                "Lợi ích lớn nhất là số liệu bán hàng, thuế và kế toán khớp nhau. Khi phần mềm bán "
                "hàng hoặc kế toán nối với hóa đơn điện tử, mỗi đơn hàng tự sinh hóa đơn và bạn "
                "tiết kiệm hàng giờ mỗi tháng.",
            ],
            "steps": (
                "Bắt đầu trong một tuần",
                [
                    (
                        "Hỏi cơ quan thuế quản lý",
                        "Xác nhận bạn thuộc diện dùng hóa đơn có mã hay "
                        "hóa đơn khởi tạo từ máy tính tiền.",
                    ),
                    (
                        "Chọn nhà cung cấp",
                        "So sánh giá theo số lượng hóa đơn, khả năng kết nối "
                        "với phần mềm bán hàng và hỗ trợ qua điện thoại.",
                    ),
                    (
                        "Đăng ký sử dụng",
                        "Nộp tờ khai đăng ký sử dụng hóa đơn điện tử (mẫu 01/ĐKTĐ-"
                        "HĐĐT) trên cổng thuế hoặc qua nhà cung cấp, chờ chấp thuận.",
                    ),
                    (
                        "Thiết lập mẫu hóa đơn",
                        "Nhập thông tin cửa hàng, danh mục hàng hóa và thuế "
                        "suất; xuất thử một hóa đơn nháp.",
                    ),
                    (
                        "Xuất hóa đơn cho từng giao dịch",
                        "Lập ngay khi bán hàng hoặc giao hàng; "
                        "gửi cho khách qua email hoặc mã tra cứu.",
                    ),
                ],
            ),
            "callout": (
                "note",
                "Quy định có thể thay đổi",
                "Quy định về hóa đơn và thuế hộ kinh doanh đang được cập nhật. Trước khi quyết "
                "định, hãy kiểm tra thông báo mới nhất của Chi cục Thuế nơi bạn đăng ký.",
            ),
            "checklist": (
                "Mỗi tháng",
                [
                    "Tất cả đơn hàng đã có hóa đơn",
                    "Hóa đơn sai đã được điều chỉnh hoặc thay thế, không xóa",
                    "Tổng doanh thu trên hóa đơn khớp với sổ bán hàng",
                    "Đã sao lưu dữ liệu hóa đơn hoặc biết cách tải lại từ nhà cung cấp",
                ],
            ),
        },
        "en": {
            "slug": "issue-e-invoices",
            "title": "Issue e-invoices the right way",
            "summary": "What an e-invoice is, who must use one, how to choose a provider and how to "
            "invoice every order without losing time.",
            "intro": [
                "Under Decree 123/2020/NĐ-CP (as amended by Decree 70/2025/NĐ-CP), companies and "
                "household businesses that file tax declarations must use e-invoices. Household "
                "businesses with annual revenue of 1 billion VND or more that use cash registers "
                "must issue e-invoices generated from the register, with data sent to the tax "
                "authority.",
                "E-invoices are created in a provider's software (such as Viettel, VNPT, MISA, BKAV "
                "and many others), carry a digital signature or a tax authority code, and reach the "
                "customer by email or a lookup link. No more printing, stubs or lost paper invoices.",
                "The biggest gain is that sales, tax and accounting figures agree. When your sales "
                "or accounting software is connected to e-invoicing, every order creates its "
                "invoice and you save hours each month.",
            ],
            "steps": (
                "Get started in a week",
                [
                    (
                        "Ask your tax office",
                        "Confirm whether you need coded invoices or invoices "
                        "generated from a cash register.",
                    ),
                    (
                        "Choose a provider",
                        "Compare prices by invoice volume, connection with your "
                        "sales software and phone support.",
                    ),
                    (
                        "Register",
                        "Submit the e-invoice registration form (01/ĐKTĐ-HĐĐT) on the tax "
                        "portal or through the provider, and wait for approval.",
                    ),
                    (
                        "Set up your template",
                        "Enter the shop's details, product list and tax rates; "
                        "issue a test draft invoice.",
                    ),
                    (
                        "Invoice every sale",
                        "Issue it at the time of sale or delivery; send it to "
                        "the customer by email or lookup code.",
                    ),
                ],
            ),
            "callout": (
                "note",
                "Rules change",
                "Invoice and household-business tax rules are being updated. Before deciding, check "
                "the latest notice from the tax office where you are registered.",
            ),
            "checklist": (
                "Every month",
                [
                    "Every order has an invoice",
                    "Wrong invoices were adjusted or replaced, never deleted",
                    "Invoice revenue matches the sales book",
                    "Invoice data is backed up, or you know how to download it from the provider",
                ],
            ),
        },
    },
    {
        "slug": "phan-mem-ke-toan-co-ban",
        "dimension": "O",
        "levels": (0, 3),
        "vi": {
            "slug": "phan-mem-ke-toan-co-ban",
            "title": "Chuyển sổ sách sang phần mềm kế toán đơn giản",
            "summary": "Từ sổ tay sang ứng dụng: chọn công cụ phù hợp quy mô, nhập dữ liệu ban đầu "
            "và thói quen 15 phút mỗi ngày để luôn biết lãi lỗ.",
            "intro": [
                "Nhiều hộ kinh doanh vẫn ghi chép bằng sổ tay hoặc trí nhớ. Cách này nhanh lúc đầu "
                "nhưng khó trả lời những câu hỏi quan trọng: tháng này lãi bao nhiêu, mặt hàng nào "
                "bán chạy, ai còn nợ tiền.",
                "Bước đầu không cần phần mềm đắt tiền. Một ứng dụng bán hàng trên điện thoại "
                "(như KiotViet, Sapo, MISA eShop) hoặc một bảng tính có cấu trúc rõ ràng đã giúp "
                "bạn ghi thu, chi, tồn kho và công nợ. Khi quy mô lớn hơn, chọn phần mềm kế toán "
                "trên nền tảng đám mây kết nối với ngân hàng và hóa đơn điện tử.",
                "Điều quyết định không phải là công cụ mà là thói quen: ghi đủ mọi khoản thu chi, "
                "mỗi ngày, và xem báo cáo mỗi tuần.",
            ],
            "steps": (
                "Chuyển đổi trong một tháng",
                [
                    (
                        "Chọn công cụ",
                        "Dùng thử miễn phí 2–3 ứng dụng; chọn cái nhân viên dùng "
                        "được ngay trên điện thoại.",
                    ),
                    (
                        "Nhập danh mục",
                        "Nhập hàng hóa, giá bán, giá vốn và số tồn thực tế sau khi kiểm kho.",
                    ),
                    (
                        "Ghi mọi giao dịch",
                        "Bán hàng, nhập hàng, chi phí điện nước, lương: ghi "
                        "ngay khi phát sinh, kèm ảnh chứng từ nếu có.",
                    ),
                    (
                        "Đối chiếu tiền",
                        "Cuối ngày so tiền mặt và số dư tài khoản với báo cáo trong ứng dụng.",
                    ),
                    (
                        "Xem báo cáo hằng tuần",
                        "Doanh thu, lãi gộp, hàng bán chậm và công nợ; ghi "
                        "ra một việc cần làm từ mỗi báo cáo.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Tách tiền nhà và tiền cửa hàng",
                "Dùng tài khoản ngân hàng riêng cho cửa hàng. Khi tiền cá nhân và tiền kinh doanh "
                "không lẫn vào nhau, báo cáo lãi lỗ mới đúng.",
            ),
            "checklist": (
                "Dấu hiệu bạn đã làm tốt",
                [
                    "Biết doanh thu và lãi gộp của tháng trước trong vòng một phút",
                    "Số tồn kho trong ứng dụng gần khớp với hàng thực tế",
                    "Danh sách khách nợ và nhà cung cấp cần trả luôn cập nhật",
                    "Dữ liệu được sao lưu hoặc lưu trên đám mây",
                ],
            ),
        },
        "en": {
            "slug": "basic-bookkeeping-software",
            "title": "Move your books to simple accounting software",
            "summary": "From notebook to app: choose a tool that fits your size, enter your opening "
            "data and build a 15-minute daily habit so you always know your profit.",
            "intro": [
                "Many household businesses still keep records in a notebook or in their heads. It "
                "is quick at first, but it cannot answer the questions that matter: how much profit "
                "did we make this month, what sells best, who still owes us money.",
                "You do not need expensive software to start. A sales app on your phone (such as "
                "KiotViet, Sapo or MISA eShop) or a well-structured spreadsheet already records "
                "income, spending, stock and debts. As you grow, choose cloud accounting software "
                "connected to your bank and to e-invoicing.",
                "What decides success is not the tool but the habit: record every income and "
                "expense, every day, and read the reports every week.",
            ],
            "steps": (
                "Switch over in a month",
                [
                    (
                        "Choose a tool",
                        "Try 2–3 apps for free; pick the one your staff can use on "
                        "a phone straight away.",
                    ),
                    (
                        "Enter your catalogue",
                        "Add products, selling prices, costs and the actual "
                        "stock after a stock count.",
                    ),
                    (
                        "Record every transaction",
                        "Sales, purchases, utilities, wages: record them "
                        "when they happen, with a photo of the receipt if there is one.",
                    ),
                    (
                        "Check the money",
                        "At the end of the day compare cash and bank balance "
                        "with the app's report.",
                    ),
                    (
                        "Read the reports weekly",
                        "Revenue, gross margin, slow sellers and debts; "
                        "write down one action from each report.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Keep household and shop money apart",
                "Use a separate bank account for the shop. Profit reports are only right when "
                "personal and business money do not mix.",
            ),
            "checklist": (
                "Signs you are doing well",
                [
                    "You know last month's revenue and gross margin within a minute",
                    "Stock in the app roughly matches what is on the shelves",
                    "The list of customers who owe you and suppliers to pay is up to date",
                    "Your data is backed up or stored in the cloud",
                ],
            ),
        },
    },
]
