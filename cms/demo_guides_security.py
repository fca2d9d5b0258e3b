"""Demo guides, part 3: security, data protection, people and strategy (dimensions C, H and S)."""

GUIDES = [
    {
        "slug": "bat-xac-thuc-hai-lop",
        "dimension": "C",
        "levels": (0, 3),
        "action": "enable_two_factor",
        "featured": True,
        "vi": {
            "slug": "bat-xac-thuc-hai-lop",
            "title": "Bật xác thực hai lớp cho tài khoản",
            "summary": "Mật khẩu bị lộ là chuyện thường gặp. Lớp xác thực thứ hai bằng ứng dụng "
            "trên điện thoại chặn gần hết các vụ chiếm tài khoản.",
            "intro": [
                "Kẻ gian chiếm tài khoản cửa hàng để đổi số tài khoản nhận tiền, lừa khách chuyển "
                "khoản hoặc đăng bài lừa đảo. Phần lớn các vụ bắt đầu từ một mật khẩu bị lộ, bị "
                "đoán hoặc được dùng chung cho nhiều nơi.",
                "Xác thực hai lớp (2FA) yêu cầu thêm một mã sáu số thay đổi mỗi 30 giây, tạo từ "
                "ứng dụng trên điện thoại của bạn (như Google Authenticator, Microsoft "
                "Authenticator). Có mật khẩu thôi thì không đăng nhập được.",
                "Hãy bật 2FA cho những tài khoản quan trọng nhất trước: email, ngân hàng, Chợ Số, "
                "Zalo và Facebook của cửa hàng.",
            ],
            "steps": (
                "Bật 2FA trên Chợ Số",
                [
                    (
                        "Cài ứng dụng xác thực",
                        "Tải một ứng dụng xác thực từ kho ứng dụng chính thức của điện thoại.",
                    ),
                    (
                        "Mở phần bảo mật tài khoản",
                        "Đăng nhập Chợ Số, vào “Tài khoản của tôi” rồi “Xác thực hai lớp”.",
                    ),
                    (
                        "Quét mã QR",
                        "Dùng ứng dụng xác thực quét mã trên màn hình, rồi nhập mã sáu "
                        "số để xác nhận.",
                    ),
                    (
                        "Lưu mã khôi phục",
                        "In hoặc chép các mã khôi phục, cất nơi an toàn ngoài "
                        "điện thoại; dùng khi mất máy.",
                    ),
                    (
                        "Làm tương tự cho email và ngân hàng",
                        "Ưu tiên tài khoản email vì nó dùng để đặt lại mật khẩu mọi nơi khác.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Không bao giờ đọc mã cho người khác",
                "Ngân hàng, Chợ Số hay bất kỳ ai cũng không bao giờ hỏi mã xác thực của bạn. Ai "
                "hỏi mã qua điện thoại hay tin nhắn là kẻ lừa đảo.",
            ),
            "checklist": (
                "Tài khoản an toàn",
                [
                    "Mỗi người có tài khoản riêng, không dùng chung mật khẩu",
                    "Mật khẩu dài, khác nhau cho mỗi dịch vụ (dùng trình quản lý mật khẩu)",
                    "2FA đã bật cho email, ngân hàng và Chợ Số",
                    "Mã khôi phục được cất ngoài điện thoại",
                    "Nhân viên nghỉ việc bị gỡ quyền ngay trong ngày",
                ],
            ),
        },
        "en": {
            "slug": "turn-on-two-factor-sign-in",
            "title": "Turn on two-factor sign-in",
            "summary": "Leaked passwords are common. A second step from an app on your phone stops "
            "almost every account takeover.",
            "intro": [
                "Criminals take over shop accounts to change the bank account that receives money, "
                "trick customers into paying them, or post scams. Most cases start with a password "
                "that leaked, was guessed or was reused across sites.",
                "Two-factor sign-in (2FA) asks for a six-digit code that changes every 30 seconds, "
                "made by an app on your phone (such as Google Authenticator or Microsoft "
                "Authenticator). A password alone is no longer enough to sign in.",
                "Turn on 2FA for your most important accounts first: email, bank, Chợ Số, and the "
                "shop's Zalo and Facebook.",
            ],
            "steps": (
                "Turn on 2FA on Chợ Số",
                [
                    (
                        "Install an authenticator app",
                        "Get one from your phone's official app store.",
                    ),
                    (
                        "Open your account security",
                        "Sign in to Chợ Số, go to “My account” and then “Two-factor sign-in”.",
                    ),
                    (
                        "Scan the QR code",
                        "Scan the code on screen with the authenticator app, then "
                        "enter the six-digit code to confirm.",
                    ),
                    (
                        "Keep the recovery codes",
                        "Print or write them down and store them away from "
                        "the phone; use them if you lose it.",
                    ),
                    (
                        "Do the same for email and bank",
                        "Email comes first because it resets the password everywhere else.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Never read a code to anyone",
                "Your bank, Chợ Số or anyone else will never ask for your sign-in code. Whoever "
                "asks for it by phone or message is a scammer.",
            ),
            "checklist": (
                "Safe accounts",
                [
                    "Everyone has their own account; no shared passwords",
                    "Long passwords, different for every service (use a password manager)",
                    "2FA is on for email, bank and Chợ Số",
                    "Recovery codes are stored away from the phone",
                    "Staff who leave lose access the same day",
                ],
            ),
        },
    },
    {
        "slug": "bao-ve-du-lieu-khach-hang",
        "dimension": "C",
        "levels": (1, 4),
        "vi": {
            "slug": "bao-ve-du-lieu-khach-hang",
            "title": "Bảo vệ dữ liệu cá nhân của khách hàng",
            "summary": "Tên, số điện thoại, địa chỉ giao hàng là dữ liệu cá nhân. Thu thập ít, "
            "xin đồng ý, giới hạn người xem và xóa khi không cần nữa.",
            "intro": [
                "Nghị định 13/2023/NĐ-CP và Luật Bảo vệ dữ liệu cá nhân (có hiệu lực từ ngày "
                "1/1/2026) yêu cầu cả cửa hàng nhỏ phải xử lý dữ liệu cá nhân một cách hợp pháp, "
                "minh bạch và an toàn. Vi phạm có thể bị phạt, và làm lộ dữ liệu khách hàng thì "
                "mất uy tín ngay lập tức.",
                "Nguyên tắc đơn giản: chỉ thu thập những gì cần để phục vụ khách (giao hàng, xuất "
                "hóa đơn), nói rõ bạn dùng dữ liệu để làm gì, xin đồng ý khi gửi quảng cáo, và chỉ "
                "cho những người cần thiết được xem.",
                "Sổ ghi số điện thoại để trên quầy, bảng tính gửi qua Zalo cho cả nhóm, ảnh chụp "
                "đơn hàng có địa chỉ khách đăng lên mạng: đó là những cách dữ liệu bị lộ thường "
                "gặp nhất.",
            ],
            "steps": (
                "Năm việc nên làm ngay",
                [
                    (
                        "Liệt kê dữ liệu đang giữ",
                        "Bạn có dữ liệu khách ở đâu: sổ, bảng tính, phần "
                        "mềm bán hàng, điện thoại nhân viên?",
                    ),
                    (
                        "Bỏ những gì không cần",
                        "Không hỏi ngày sinh, số căn cước nếu không bắt "
                        "buộc; xóa danh sách cũ không dùng.",
                    ),
                    (
                        "Viết quy định ngắn",
                        "Một trang: thu thập gì, để làm gì, lưu bao lâu, ai "
                        "được xem; dán ở nơi nhân viên đọc được.",
                    ),
                    (
                        "Ghi nhận sự đồng ý",
                        "Khi khách đồng ý nhận tin khuyến mãi, ghi lại ngày và "
                        "kênh; cho phép khách hủy dễ dàng.",
                    ),
                    (
                        "Giới hạn truy cập",
                        "Mỗi nhân viên một tài khoản, chỉ xem phần dữ liệu cần cho công việc.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Che thông tin khi đăng ảnh",
                "Trước khi đăng ảnh đơn hàng hay phản hồi của khách lên mạng, hãy che tên, số "
                "điện thoại và địa chỉ.",
            ),
            "checklist": (
                "Kiểm tra mỗi quý",
                [
                    "Danh sách dữ liệu và nơi lưu được cập nhật",
                    "Có bằng chứng đồng ý cho mọi khách nhận tin quảng cáo",
                    "Tài khoản của nhân viên đã nghỉ đã bị khóa",
                    "Dữ liệu quá hạn lưu đã được xóa",
                ],
            ),
        },
        "en": {
            "slug": "protect-customer-data",
            "title": "Protect your customers' personal data",
            "summary": "Names, phone numbers and delivery addresses are personal data. Collect "
            "little, ask for consent, limit who sees it and delete it when no longer needed.",
            "intro": [
                "Decree 13/2023/NĐ-CP and the Law on Personal Data Protection (in force from 1 "
                "January 2026) require even small shops to process personal data lawfully, "
                "transparently and safely. Breaches can be fined, and leaking customer data costs "
                "your reputation at once.",
                "The rules are simple: collect only what you need to serve the customer (delivery, "
                "invoicing), say what you use the data for, ask for consent before sending "
                "promotions, and let only the people who need it see it.",
                "A notebook of phone numbers left on the counter, a spreadsheet shared with the "
                "whole Zalo group, a photo of an order with the customer's address posted online: "
                "these are the most common leaks.",
            ],
            "steps": (
                "Five things to do now",
                [
                    (
                        "List the data you hold",
                        "Where is customer data: notebooks, spreadsheets, "
                        "sales software, staff phones?",
                    ),
                    (
                        "Drop what you do not need",
                        "Do not ask for birthdays or ID numbers unless "
                        "required; delete old lists you no longer use.",
                    ),
                    (
                        "Write a short policy",
                        "One page: what you collect, why, for how long, who "
                        "may see it; put it where staff can read it.",
                    ),
                    (
                        "Record consent",
                        "When a customer agrees to promotions, note the date and "
                        "channel; make unsubscribing easy.",
                    ),
                    (
                        "Limit access",
                        "One account per staff member, seeing only the data their work needs.",
                    ),
                ],
            ),
            "callout": (
                "warning",
                "Hide details before posting",
                "Before posting photos of orders or customer feedback online, cover names, phone "
                "numbers and addresses.",
            ),
            "checklist": (
                "Every quarter",
                [
                    "The list of data and where it is kept is up to date",
                    "There is proof of consent for every customer receiving promotions",
                    "Accounts of staff who left are closed",
                    "Data past its retention period is deleted",
                ],
            ),
        },
    },
    {
        "slug": "sao-luu-du-lieu",
        "dimension": "C",
        "levels": (0, 3),
        "vi": {
            "slug": "sao-luu-du-lieu",
            "title": "Sao lưu dữ liệu theo quy tắc 3-2-1",
            "summary": "Mất điện thoại, hỏng máy tính hay mã độc tống tiền: sao lưu tự động giúp "
            "cửa hàng hoạt động lại trong vài giờ thay vì vài tuần.",
            "intro": [
                "Danh sách khách hàng, sổ sách, hóa đơn, ảnh sản phẩm: đó là tài sản của cửa hàng. "
                "Nếu chúng chỉ nằm trên một điện thoại hay một máy tính, một sự cố có thể xóa sạch "
                "nhiều năm làm việc.",
                "Quy tắc 3-2-1: giữ 3 bản dữ liệu, trên 2 loại thiết bị khác nhau, trong đó 1 bản "
                "ở ngoài cửa hàng (trên đám mây hoặc ở nhà). Mã độc tống tiền thường mã hóa cả ổ "
                "cứng gắn vào máy, nên bản ngoài phải tách biệt.",
                "Sao lưu chỉ có giá trị khi khôi phục được. Hãy thử khôi phục một tệp mỗi tháng.",
            ],
            "steps": (
                "Thiết lập trong một buổi",
                [
                    (
                        "Xác định dữ liệu quan trọng",
                        "Sổ sách, danh sách khách, hóa đơn, hợp đồng, "
                        "ảnh sản phẩm, danh bạ nhà cung cấp.",
                    ),
                    (
                        "Bật sao lưu đám mây",
                        "Bật sao lưu tự động cho điện thoại (Google hoặc "
                        "iCloud) và thư mục làm việc trên máy tính.",
                    ),
                    (
                        "Thêm một bản ngoại tuyến",
                        "Mỗi tuần chép ra ổ cứng rời, rút ra sau khi chép và cất ở nơi khác.",
                    ),
                    (
                        "Kiểm tra phần mềm bán hàng",
                        "Hỏi nhà cung cấp họ sao lưu thế nào và cách xuất dữ liệu của bạn.",
                    ),
                    (
                        "Thử khôi phục",
                        "Mỗi tháng lấy lại một tệp từ bản sao lưu để chắc nó dùng được.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Bảo vệ chính bản sao lưu",
                "Tài khoản đám mây dùng để sao lưu phải có mật khẩu riêng và bật xác thực hai lớp.",
            ),
            "checklist": (
                "Quy tắc 3-2-1",
                [
                    "Có 3 bản của dữ liệu quan trọng",
                    "Trên 2 loại thiết bị khác nhau",
                    "1 bản nằm ngoài cửa hàng",
                    "Đã thử khôi phục thành công trong tháng này",
                ],
            ),
        },
        "en": {
            "slug": "back-up-your-data",
            "title": "Back up your data with the 3-2-1 rule",
            "summary": "A lost phone, a broken computer or ransomware: automatic backups get the "
            "shop running again in hours instead of weeks.",
            "intro": [
                "Customer lists, books, invoices, product photos: these are the shop's assets. If "
                "they live on a single phone or computer, one incident can wipe out years of work.",
                "The 3-2-1 rule: keep 3 copies of your data, on 2 different kinds of device, with 1 "
                "copy away from the shop (in the cloud or at home). Ransomware often encrypts any "
                "drive attached to the computer, so the off-site copy must be separate.",
                "A backup is only worth something if you can restore it. Try restoring one file "
                "every month.",
            ],
            "steps": (
                "Set it up in one session",
                [
                    (
                        "Decide what matters",
                        "Books, customer list, invoices, contracts, product "
                        "photos, supplier contacts.",
                    ),
                    (
                        "Turn on cloud backup",
                        "Enable automatic backup on phones (Google or "
                        "iCloud) and for the work folder on the computer.",
                    ),
                    (
                        "Add an offline copy",
                        "Copy to an external drive weekly, unplug it after "
                        "copying and keep it elsewhere.",
                    ),
                    (
                        "Check your sales software",
                        "Ask the provider how they back up and how to export your data.",
                    ),
                    (
                        "Test a restore",
                        "Each month, restore one file from the backup to be sure it works.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Protect the backup itself",
                "The cloud account that holds backups needs its own password and two-factor "
                "sign-in.",
            ),
            "checklist": (
                "The 3-2-1 rule",
                [
                    "3 copies of important data",
                    "On 2 different kinds of device",
                    "1 copy away from the shop",
                    "A restore was tested successfully this month",
                ],
            ),
        },
    },
    {
        "slug": "phong-tranh-lua-dao-thanh-toan",
        "dimension": "H",
        "levels": (0, 3),
        "action": "invite_staff",
        "vi": {
            "slug": "phong-tranh-lua-dao-thanh-toan",
            "title": "Hướng dẫn nhân viên phòng tránh lừa đảo thanh toán",
            "summary": "Buổi huấn luyện 20 phút cho nhân viên: nhận diện các chiêu lừa phổ biến "
            "và quy tắc xác nhận tiền trước khi giao hàng.",
            "intro": [
                "Nhân viên thu ngân và bán hàng trực tuyến là những người đầu tiên gặp kẻ lừa đảo: "
                "ảnh chuyển khoản giả, cuộc gọi giả danh ngân hàng hay đơn vị giao hàng, tin nhắn "
                "kèm đường dẫn “xác nhận đơn hàng”.",
                "Một buổi hướng dẫn ngắn, lặp lại mỗi quý, kèm vài quy tắc dán ở quầy giúp giảm "
                "rủi ro nhiều hơn mọi phần mềm. Mỗi nhân viên nên có tài khoản riêng trên Chợ Số "
                "với quyền phù hợp, thay vì dùng chung tài khoản của chủ.",
                "Khuyến khích nhân viên báo ngay khi nghi ngờ, kể cả khi đã lỡ làm sai: báo sớm thì "
                "còn kịp chặn.",
            ],
            "steps": (
                "Buổi huấn luyện 20 phút",
                [
                    (
                        "Kể các chiêu thường gặp",
                        "Ảnh chuyển khoản giả, gọi điện nhờ chuyển nhầm "
                        "tiền lại, đường dẫn lạ, giả danh cơ quan thuế.",
                    ),
                    (
                        "Đặt quy tắc xác nhận tiền",
                        "Chỉ giao hàng khi thông báo ngân hàng hoặc loa báo tiền xác nhận.",
                    ),
                    (
                        "Không bấm đường dẫn lạ",
                        "Không cài ứng dụng hay nhập mã theo yêu cầu qua điện thoại, tin nhắn.",
                    ),
                    (
                        "Mời nhân viên vào gian hàng",
                        "Mỗi người một tài khoản riêng, bật xác thực hai lớp.",
                    ),
                    ("Diễn tập", "Đóng vai một cuộc gọi lừa đảo và cách từ chối lịch sự."),
                ],
            ),
            "callout": (
                "warning",
                "Tiền “chuyển nhầm”",
                "Nếu có người báo chuyển nhầm tiền vào tài khoản cửa hàng, đừng tự chuyển lại theo "
                "số họ đưa. Hãy liên hệ ngân hàng để xử lý tra soát.",
            ),
            "checklist": (
                "Dán ở quầy",
                [
                    "Chỉ giao hàng khi tiền đã về tài khoản",
                    "Không ai được hỏi mã xác thực hay mật khẩu",
                    "Không bấm đường dẫn lạ, không cài ứng dụng theo yêu cầu",
                    "Nghi ngờ thì báo chủ cửa hàng ngay",
                ],
            ),
        },
        "en": {
            "slug": "train-staff-against-payment-scams",
            "title": "Train your staff against payment scams",
            "summary": "A 20-minute session for staff: spot the common scams and follow the rule of "
            "confirming payment before handing over goods.",
            "intro": [
                "Cashiers and online sales staff are the first to meet fraudsters: fake transfer "
                "screenshots, calls pretending to be the bank or a courier, messages with an “order "
                "confirmation” link.",
                "A short session repeated every quarter, plus a few rules posted at the counter, "
                "cuts the risk more than any software. Each staff member should have their own "
                "Chợ Số account with the right permissions instead of sharing the owner's.",
                "Encourage staff to report suspicions at once, even after a mistake: reporting early "
                "means it can still be stopped.",
            ],
            "steps": (
                "A 20-minute session",
                [
                    (
                        "Describe the common scams",
                        "Fake transfer screenshots, calls asking to "
                        "return a “mistaken” transfer, strange links, fake tax officers.",
                    ),
                    (
                        "Set the payment rule",
                        "Hand over goods only when the bank notification or "
                        "payment speaker confirms the money.",
                    ),
                    (
                        "No strange links",
                        "Never install apps or enter codes because a call or message asks you to.",
                    ),
                    ("Invite staff to the shop", "One account each, with two-factor sign-in on."),
                    ("Rehearse", "Role-play a scam call and how to refuse politely."),
                ],
            ),
            "callout": (
                "warning",
                "“Mistaken” transfers",
                "If someone says they sent money to the shop by mistake, do not send it back to the "
                "account they give. Ask your bank to investigate the transfer.",
            ),
            "checklist": (
                "Post at the counter",
                [
                    "Hand over goods only when the money is in the account",
                    "Nobody may ask for a sign-in code or password",
                    "No strange links, no apps installed on request",
                    "When in doubt, tell the owner at once",
                ],
            ),
        },
    },
    {
        "slug": "ke-hoach-so-hoa-12-thang",
        "dimension": "S",
        "levels": (0, 2),
        "action": "take_assessment",
        "vi": {
            "slug": "ke-hoach-so-hoa-12-thang",
            "title": "Lập kế hoạch số hóa 12 tháng cho cửa hàng",
            "summary": "Bắt đầu từ bài đánh giá mức độ số hóa, chọn ba việc quan trọng nhất, đặt "
            "ngân sách và người phụ trách.",
            "intro": [
                "Chuyển đổi số không phải mua thật nhiều phần mềm. Đó là chọn đúng vài việc giúp "
                "cửa hàng bán được nhiều hơn, tốn ít thời gian hơn và an toàn hơn, rồi làm đến nơi "
                "đến chốn.",
                "Bài đánh giá mức độ số hóa trên Chợ Số mất khoảng mười phút. Kết quả cho biết điểm "
                "của bạn ở sáu lĩnh vực và gợi ý những bước tiếp theo phù hợp với cấp độ hiện tại.",
                "Một kế hoạch tốt chỉ cần một trang: mục tiêu, ba việc ưu tiên, ngân sách, người "
                "phụ trách và ngày kiểm tra lại.",
            ],
            "steps": (
                "Lập kế hoạch trong một buổi",
                [
                    (
                        "Làm bài đánh giá",
                        "Trả lời trung thực; kết quả chỉ bạn và doanh nghiệp của bạn xem được.",
                    ),
                    (
                        "Chọn ba việc ưu tiên",
                        "Bắt đầu từ nền tảng: tài khoản thanh toán, gian hàng "
                        "trực tuyến, bảo mật tài khoản.",
                    ),
                    (
                        "Đặt mục tiêu đo được",
                        "Ví dụ: 50% doanh thu không dùng tiền mặt sau 6 tháng.",
                    ),
                    (
                        "Dự trù ngân sách và người làm",
                        "Ghi chi phí phần mềm, thời gian nhân viên, "
                        "các chương trình hỗ trợ có thể đăng ký.",
                    ),
                    (
                        "Đánh giá lại sau 6–12 tháng",
                        "Làm lại bài đánh giá để xem tiến bộ ở từng lĩnh vực.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Tìm hỗ trợ",
                "Thành phố và các hiệp hội doanh nghiệp có chương trình hỗ trợ chuyển đổi số cho "
                "doanh nghiệp nhỏ và vừa. Hỏi cán bộ chương trình khi làm kế hoạch.",
            ),
            "checklist": (
                "Kế hoạch một trang",
                [
                    "Mục tiêu cho 12 tháng tới",
                    "Ba việc ưu tiên, mỗi việc có người phụ trách",
                    "Ngân sách dự kiến",
                    "Ngày đánh giá lại",
                ],
            ),
        },
        "en": {
            "slug": "a-12-month-digital-plan",
            "title": "Make a 12-month digital plan for your shop",
            "summary": "Start from the digital maturity assessment, pick the three things that "
            "matter most, and set a budget and an owner.",
            "intro": [
                "Going digital is not buying lots of software. It is choosing the few things that "
                "help the shop sell more, spend less time and stay safe, and seeing them through.",
                "The digital maturity assessment on Chợ Số takes about ten minutes. It scores you "
                "on six areas and suggests next steps that suit your current level.",
                "A good plan fits on one page: the goal, three priorities, the budget, who is in "
                "charge and the date you check again.",
            ],
            "steps": (
                "Plan in one session",
                [
                    (
                        "Take the assessment",
                        "Answer honestly; only you and your business can see the result.",
                    ),
                    (
                        "Pick three priorities",
                        "Start with the foundations: a payment account, an "
                        "online storefront, secure accounts.",
                    ),
                    (
                        "Set measurable goals",
                        "For example: 50% of revenue cashless within 6 months.",
                    ),
                    (
                        "Budget money and people",
                        "Note software costs, staff time and support programmes you can apply to.",
                    ),
                    (
                        "Reassess after 6–12 months",
                        "Take the assessment again to see progress in each area.",
                    ),
                ],
            ),
            "callout": (
                "tip",
                "Get support",
                "The city and business associations run digital transformation programmes for "
                "SMEs. Ask a programme officer when you make your plan.",
            ),
            "checklist": (
                "The one-page plan",
                [
                    "A goal for the next 12 months",
                    "Three priorities, each with an owner",
                    "An estimated budget",
                    "A date to reassess",
                ],
            ),
        },
    },
]
