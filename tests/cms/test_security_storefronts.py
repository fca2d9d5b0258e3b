"""Security issue #13 (storefronts, collections, Wagtail's own image forms): each test reproduces an
attack from the outside test and checks that it now fails safely."""

import io
import re
from importlib import import_module

import pytest
from django.apps import apps
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from PIL import Image
from wagtail.documents import get_document_model
from wagtail.images import get_image_model
from wagtail.models import Collection, GroupCollectionPermission
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

from accounts import services as account_services
from accounts.models import MembershipRole
from accounts.roles import Role
from cms import services
from cms.models import GuidePage, StorefrontPage
from marketplace.models import BusinessCollection
from tests.cms.factories import guide
from tests.factories import BusinessFactory, UserFactory, vendor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Renditions are cached by image id: no entry may survive from another test's media."""
    cache.clear()
    yield
    cache.clear()


RANDOM_NAME = re.compile(r"original_images/[0-9a-f]{32}\.(jpg|png|webp)")


def gps_jpeg(name: str = "IMG_2041.jpg", size=(64, 48)) -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[0x010F] = "SecretCam"
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (10.0, 46.0, 30.0), 3: "E", 4: (106.0, 41.0, 50.0)})
    out = io.BytesIO()
    Image.new("RGB", size, (30, 120, 200)).save(out, "JPEG", exif=exif.tobytes())
    return SimpleUploadedFile(name, out.getvalue(), content_type="image/jpeg")


def carries_metadata(field_file) -> bool:
    with field_file.open("rb") as fh:
        data = fh.read()
    with Image.open(io.BytesIO(data)) as picture:
        return bool(dict(picture.getexif())) or "exif" in picture.info or b"SecretCam" in data


def assert_clean(image) -> None:
    image.refresh_from_db()
    assert RANDOM_NAME.fullmatch(image.file.name), image.file.name
    assert not carries_metadata(image.file)
    for spec in ("original", "fill-100x100", "max-200x200|format-webp", "width-50|format-png"):
        assert not carries_metadata(image.get_rendition(spec).file), spec


def collection_of(business) -> Collection:
    return BusinessCollection.objects.get(business=business).collection


@pytest.fixture
def shop(sections):
    business = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang")
    return services.storefront_ensure(business=business)


@pytest.fixture
def owner(shop):
    return vendor(business=shop.business)


def image_in(collection, *, title="anh", user=None):
    image = get_image_model()(title=title, collection=collection, uploaded_by_user=user)
    image.file = gps_jpeg()
    image.save()
    return image


# --- 2. One collection per business, by id, rights for its members only --------------------------


def test_a_shop_named_like_another_gets_its_own_collection_and_no_rights_on_the_first(
    client, shop, owner
):
    image = image_in(collection_of(shop.business), title="anh-goc", user=owner)
    copycat = BusinessFactory(trading_name="Cà Phê Sáng", slug="ca-phe-sang-2")
    services.storefront_ensure(business=copycat)
    intruder = vendor(business=copycat)
    assert collection_of(copycat).pk != collection_of(shop.business).pk
    client.force_login(intruder)
    assert "anh-goc" not in client.get("/admin/images/").content.decode()
    assert "anh-goc" not in client.get("/admin/images/chooser/").content.decode()
    assert client.get(f"/admin/images/{image.pk}/").status_code in (302, 403, 404)
    response = client.post(f"/admin/images/{image.pk}/", {"title": "hacked"})
    assert response.status_code in (302, 403, 404)
    assert client.post(f"/admin/images/{image.pk}/delete/").status_code in (302, 403, 404)
    image.refresh_from_db()
    assert image.title == "anh-goc"


def test_collection_is_kept_when_the_business_is_renamed(shop, owner):
    collection = collection_of(shop.business)
    shop.business.trading_name = "Cà Phê Chiều"
    shop.business.save()
    services.storefront_ensure(business=shop.business)
    assert collection_of(shop.business).pk == collection.pk
    group = Group.objects.get(name=services.storefront_group_name(shop.business))
    assert set(
        GroupCollectionPermission.objects.filter(group=group).values_list("collection", flat=True)
    ) == {collection.pk}


def test_migration_gives_each_existing_business_its_own_collection(sections):
    """The state before the fix: two shops of the same name share a collection found by name."""
    first = BusinessFactory(trading_name="Bánh Mì Hòa", slug="banh-mi-hoa")
    second = BusinessFactory(trading_name="Bánh Mì Hòa", slug="banh-mi-hoa-2")
    pages = {b.pk: services.storefront_ensure(business=b) for b in (first, second)}
    BusinessCollection.objects.all().delete()
    root = Collection.get_first_root_node()
    shared = root.add_child(name="Bánh Mì Hòa")
    GroupCollectionPermission.objects.all().filter(group__name__startswith="Storefront").delete()
    for business in (first, second):
        group = Group.objects.get(name=services.storefront_group_name(business))
        for codename in services.STOREFRONT_IMAGE_PERMISSIONS:
            GroupCollectionPermission.objects.create(
                group=group,
                collection=shared,
                permission=group.permissions.model.objects.get(
                    content_type__app_label="wagtailimages", codename=codename
                ),
            )
    logo = image_in(shared, title="logo-first")
    StorefrontPage.objects.filter(pk=pages[first.pk].pk).update(logo=logo)

    migration = import_module("cms.migrations.0006_business_collections")
    migration.give_each_business_its_collection(apps, None)

    own = {b.pk: BusinessCollection.objects.get(business=b).collection_id for b in (first, second)}
    assert own[first.pk] != own[second.pk] and shared.pk not in own.values()
    for business in (first, second):
        group = Group.objects.get(name=services.storefront_group_name(business))
        held = set(
            GroupCollectionPermission.objects.filter(group=group).values_list(
                "collection", flat=True
            )
        )
        assert held == {own[business.pk]}
    logo.refresh_from_db()
    assert logo.collection_id == own[first.pk]


# --- 5. Wagtail's own forms re-encode every upload -----------------------------------------------


def test_image_chooser_upload_strips_gps_and_uses_a_random_name(client, shop, owner):
    client.force_login(owner)
    response = client.post(
        "/admin/images/chooser/create/",
        {"image-chooser-upload-title": "logo", "image-chooser-upload-file": gps_jpeg()},
    )
    assert response.status_code == 200
    image = get_image_model().objects.get(title="logo")
    assert image.collection_id == collection_of(shop.business).pk
    assert_clean(image)


def test_image_add_form_strips_gps(client, shop):
    editor = UserFactory(roles=[Role.EDITOR])
    client.force_login(editor)
    root = Collection.get_first_root_node()
    response = client.post(
        "/admin/images/add/", {"title": "hero", "file": gps_jpeg(), "collection": root.pk}
    )
    assert response.status_code == 302, response.content[:2000]
    assert_clean(get_image_model().objects.get(title="hero"))


def test_multiple_uploader_strips_gps(client, shop, owner):
    client.force_login(owner)
    response = client.post("/admin/images/multiple/add/", {"files[]": gps_jpeg()})
    assert response.status_code == 200 and response.json()["success"], response.content[:500]
    assert_clean(get_image_model().objects.get())


def test_replacing_the_file_of_an_image_strips_gps(client, shop, owner):
    image = image_in(collection_of(shop.business), title="banner", user=owner)
    client.force_login(owner)
    response = client.post(
        f"/admin/images/{image.pk}/",
        {"title": "banner", "file": gps_jpeg(size=(80, 60)), "collection": image.collection_id},
    )
    assert response.status_code == 302, response.content[:2000]
    assert_clean(image)


def test_an_image_saved_with_any_file_name_is_re_encoded():
    image = get_image_model()(title="x")
    image.file = gps_jpeg(name="0123456789abcdef0123456789abcdef.jpg")
    image.save()
    assert_clean(image)


# --- 1 and 10. The storefront form: only own pictures, no featuring, title and slug follow ------


def storefront_form(page, **fields):
    data = {
        "title": page.title,
        "slug": page.slug,
        "seo_title": "",
        "search_description": "",
        "tagline": "Cà phê phin mỗi sáng",
        "logo": "",
        "banner": "",
        "about": streamfield([]),
        "opening_hours": "",
        "public_phone": "",
        "public_email": "",
        "public_address": "",
        "show_ward": "on",
        "accepts_cash": "on",
        "comments": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(fields)
    return nested_form_data(data)


def test_vendor_cannot_feature_the_storefront_nor_take_another_shops_title(client, shop, owner):
    client.force_login(owner)
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/",
        storefront_form(shop, featured="on", title="Gốm Lái Thiêu", slug="gom", seo_title="Gốm"),
    )
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.tagline == "Cà phê phin mỗi sáng"  # the rest of the form was saved
    assert (shop.featured, shop.title, shop.slug, shop.seo_title) == (
        False,
        "Cà Phê Sáng",
        "ca-phe-sang",
        "",
    )


def test_editor_can_feature_a_storefront(client, shop):
    client.force_login(UserFactory(roles=[Role.EDITOR]))
    response = client.post(f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, featured="on"))
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.get_latest_revision_as_object().featured is True


def test_storefront_title_follows_a_renamed_business(shop, django_capture_on_commit_callbacks):
    business = shop.business
    profile = {field: getattr(business, field) for field in account_services.PROFILE_FIELDS}
    with django_capture_on_commit_callbacks(execute=True):
        account_services.business_update(
            business=business, **{**profile, "trading_name": "Cà Phê Chiều"}
        )
    assert {page.title for page in StorefrontPage.objects.filter(business=shop.business)} == {
        "Cà Phê Chiều"
    }


@pytest.fixture
def foreign_image(sections):
    other = BusinessFactory(trading_name="Gốm Lái Thiêu", slug="gom")
    services.storefront_ensure(business=other)
    return image_in(collection_of(other), title="bia-gom", user=vendor(business=other))


def test_storefront_logo_cannot_be_another_shops_image(client, shop, owner, foreign_image):
    client.force_login(owner)
    response = client.post(
        f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, logo=str(foreign_image.pk))
    )
    assert response.status_code == 200
    shop.refresh_from_db()
    assert shop.logo_id is None


def test_storefront_about_blocks_cannot_use_another_shops_image(client, shop, owner, foreign_image):
    client.force_login(owner)
    about = streamfield([("image", {"image": foreign_image.pk, "caption": "x"})])
    response = client.post(f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, about=about))
    assert response.status_code == 200
    shop.refresh_from_db()
    assert len(shop.about) == 0


def test_storefront_text_cannot_link_to_a_page_the_vendor_may_not_see(client, shop, owner):
    draft = guide("bi-mat")
    draft.unpublish()
    client.force_login(owner)
    link = f'<p><a linktype="page" id="{draft.pk}">xem</a></p>'
    about = streamfield([("rich_text", rich_text(link))])
    response = client.post(f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, about=about))
    assert response.status_code == 200
    shop.refresh_from_db()
    assert len(shop.about) == 0


def test_own_collection_image_is_accepted_as_logo(client, shop, owner):
    own = image_in(collection_of(shop.business), title="logo", user=owner)
    client.force_login(owner)
    response = client.post(f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, logo=str(own.pk)))
    assert response.status_code == 302
    shop.refresh_from_db()
    assert shop.logo_id == own.pk


# --- 9. The page chooser lists no one else's drafts -----------------------------------------------


def test_page_chooser_hides_drafts_from_vendors(client, shop, owner):
    draft = guide("ban-nhap-bi-mat", title="Bản nháp bí mật")
    draft.unpublish()
    client.force_login(owner)
    text = client.get(f"/admin/choose-page/{draft.get_parent().pk}/").content.decode()
    assert "Bản nháp bí mật" not in text
    search = client.get("/admin/choose-page/search/?q=b%C3%AD+m%E1%BA%ADt").content.decode()
    assert "Bản nháp bí mật" not in search
    assert GuidePage.objects.filter(pk=draft.pk, live=False).exists()


def test_vendor_staff_share_the_collection_of_their_business(shop):
    staff = vendor(business=shop.business, role=MembershipRole.STAFF)
    group = Group.objects.get(name=services.storefront_group_name(shop.business))
    assert staff in group.user_set.all()


def test_images_stored_before_the_fix_are_re_encoded_by_the_command():
    image = get_image_model()(title="legacy")
    image.file = gps_jpeg()
    image.save()
    with image.file.storage.open(image.file.name, "wb") as fh:  # the file as it was uploaded
        fh.write(gps_jpeg().read())
    get_image_model().objects.filter(pk=image.pk).update(reencoded=False)
    assert carries_metadata(image.file)
    call_command("images_reencode", stdout=io.StringIO())
    assert_clean(image)
    image.refresh_from_db()
    assert image.reencoded


def test_vendor_can_neither_list_nor_link_the_editors_documents(client, shop, owner):
    document = get_document_model().objects.create(
        title="tai-lieu-noi-bo", file=ContentFile(b"%PDF-1.4 internal", name="internal.pdf")
    )
    client.force_login(owner)
    listing = client.get("/admin/documents/chooser/")
    assert "tai-lieu-noi-bo" not in listing.content.decode()
    link = f'<p><a linktype="document" id="{document.pk}">tải về</a></p>'
    about = streamfield([("rich_text", rich_text(link))])
    response = client.post(f"/admin/pages/{shop.pk}/edit/", storefront_form(shop, about=about))
    assert response.status_code == 200
    shop.refresh_from_db()
    assert len(shop.about) == 0
