"""The first privacy notice (version 2026-01), in Vietnamese and English; the DPO publishes later
versions in the workspace."""

import datetime

from django.db import migrations

BODY_VI = """Chợ Số (chương trình chuyển đổi số cho doanh nghiệp nhỏ của TP. Hồ Chí Minh) xử lý dữ liệu cá nhân theo Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15 và Nghị định 356/2025/NĐ-CP.

Dữ liệu cần để vận hành tài khoản và đơn hàng (không cần xin đồng ý, chúng tôi thông báo): email, họ tên, số điện thoại, địa chỉ giao hàng, đơn hàng và thanh toán; hồ sơ doanh nghiệp của người bán. Dữ liệu định danh được mã hoá khi lưu trữ và che một phần khi người khác xem.

Mục đích tuỳ chọn (chỉ khi bạn đồng ý, mặc định tắt, rút lại bất cứ lúc nào tại "Quyền riêng tư của tôi"):
- Nhận tin và ưu đãi qua email.
- Chia sẻ hồ sơ doanh nghiệp với chương trình hỗ trợ của thành phố (danh sách theo dõi).
- Dùng câu trả lời đánh giá mức độ chuyển đổi số trong nghiên cứu của chương trình.

Thời hạn lưu trữ: giỏ hàng bỏ dở 90 ngày; thông tin liên hệ của khách vãng lai với đơn không thanh toán 30 ngày; lời mời hết hạn 30 ngày sau khi hết hạn; dữ liệu thông báo từ cổng thanh toán 180 ngày; đơn hàng đã thanh toán được giữ cho kế toán với thông tin liên hệ được ẩn danh khi bạn xoá tài khoản.

Quyền của bạn: xem, sửa, tải xuống, xoá dữ liệu, phản đối và rút lại đồng ý. Chúng tôi xác nhận yêu cầu trong 2 ngày làm việc và hoàn tất trong 15 ngày làm việc. Liên hệ cán bộ bảo vệ dữ liệu: dpo@choso.vn."""

BODY_EN = """Chợ Số (Ho Chi Minh City's digital transformation programme for small businesses) processes personal data under the Personal Data Protection Law 91/2025/QH15 and Decree 356/2025/ND-CP.

Data needed to run an account and an order (stated, not asked): email, name, phone, delivery address, orders and payments; a seller's business profile. Identifying data is encrypted at rest and partly masked when others see it.

Optional purposes (only with your consent, off by default, withdrawn at any time under "My privacy"):
- News and offers by email.
- Sharing your business profile with the city's support programme (its follow-up list).
- Using your maturity assessment answers in the programme's research.

Retention: abandoned carts 90 days; guest contact details of unpaid orders 30 days; invitations 30 days after they expire; payment provider notifications 180 days; paid orders are kept for accounting, with the contact anonymised when you delete your account.

Your rights: see, correct, download and delete your data, object, and withdraw consent. We acknowledge a request within 2 working days and complete it within 15 working days. Data-protection officer: dpo@choso.vn."""


def create(apps, schema_editor):
    PrivacyNotice = apps.get_model("privacy", "PrivacyNotice")
    PrivacyNotice.objects.get_or_create(
        version="2026-01",
        defaults={
            "effective_at": datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
            "body_vi": BODY_VI,
            "body_en": BODY_EN,
            "published": True,
        },
    )


class Migration(migrations.Migration):
    dependencies = [("privacy", "0002_rights_consent_requests_exports")]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
