"""Replaces Wagtail's welcome page with the Chợ Số home page, in Vietnamese and English."""

import uuid

from django.db import migrations

VI = {
    "title": "Chợ Số",
    "intro": "Chợ số cho doanh nghiệp nhỏ và vừa của Thành phố Hồ Chí Minh.",
    "body": (
        "<p>Đăng ký một lần, nhập hồ sơ doanh nghiệp một lần, đánh giá mức độ chuyển đổi số, "
        "mở tài khoản thanh toán điện tử, có gian hàng trực tuyến và bắt đầu bán hàng.</p>"
    ),
}
EN = {
    "title": "Chợ Số",
    "intro": "The digital market for the small businesses of Ho Chi Minh City.",
    "body": (
        "<p>Sign up once, enter your business profile once, check your digital maturity, open an "
        "e-payment account, get an online storefront and start selling.</p>"
    ),
}


def create(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Page = apps.get_model("wagtailcore", "Page")
    Site = apps.get_model("wagtailcore", "Site")
    Locale = apps.get_model("wagtailcore", "Locale")
    HomePage = apps.get_model("cms", "HomePage")

    Page.objects.filter(depth=2, slug="home", content_type__model="page").delete()
    home_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    vi, _ = Locale.objects.get_or_create(language_code="vi")
    en, _ = Locale.objects.get_or_create(language_code="en")
    key = uuid.uuid4()
    pages = []
    for index, (locale, content) in enumerate(((vi, VI), (en, EN)), start=1):
        pages.append(
            HomePage.objects.create(
                content_type=home_type,
                path=f"0001{index:04d}",
                depth=2,
                numchild=0,
                slug="home",
                url_path="/home/",
                locale=locale,
                translation_key=key,
                draft_title=content["title"],
                live=True,
                **content,
            )
        )
    Page.objects.filter(depth=1).update(numchild=len(pages))
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": pages[0].pk, "site_name": "Chợ Số"},
    )


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create, migrations.RunPython.noop)]
