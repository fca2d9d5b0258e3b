"""Writes of the cms app: the site's sections, the guide workflow and every business's storefront.

Pages are created Vietnamese first and then translated into English with Wagtail's
``copy_for_translation`` (the translation keeps its link to the source, so wagtail-localize can sync
it later). Storefront permissions are Wagtail page permissions held by one group per business, whose
members are kept equal to the business's members; the same group holds the image permissions on the
business's own collection (``marketplace.BusinessCollection``, by id) and on no other. A storefront's
title follows the business's trading name, its slug the business's slug.

Every image file is re-encoded before it is stored (``image_file_strip``, called by the image
model's own ``pre_save`` receiver in ``cms.signals``), whatever door it came through.
"""

from dataclasses import dataclass

from django.contrib.auth.models import Group, Permission
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _
from wagtail.models import (
    GroupApprovalTask,
    GroupCollectionPermission,
    GroupPagePermission,
    Locale,
    Page,
    Workflow,
    WorkflowPage,
    WorkflowTask,
)
from wagtail.utils.file import hash_filelike

from accounts.models import Business, User
from cms.models import (
    CustomImage,
    GuideIndexPage,
    GuidePage,
    GuideRelatedLink,
    HomePage,
    StorefrontIndexPage,
    StorefrontPage,
)
from core.errors import Conflict
from marketplace.images import CleanImageFile, clean_upload
from marketplace.services import business_collection_ensure

SOURCE_LANGUAGE = "vi"
TRANSLATION_LANGUAGES = ("en",)
GUIDE_WORKFLOW_NAME = "Guide review"
GUIDE_REVIEW_GROUPS = ("Guide reviewers", "Moderators", "Admin")
# Reviewers of guides may edit and publish under the guide library: approving the last review
# task publishes the guide as the approver.
GUIDE_REVIEWERS = "Guide reviewers"
GUIDE_REVIEWER_PERMISSIONS = ("change_page", "publish_page")
STOREFRONT_PAGE_PERMISSIONS = ("change_page", "publish_page")
STOREFRONT_IMAGE_PERMISSIONS = ("add_image", "change_image", "choose_image")

SECTION_TEXT = {
    GuideIndexPage: {
        "vi": (
            "Cẩm nang số",
            "cam-nang",
            "Hướng dẫn thực hành ngắn gọn giúp cửa hàng và doanh nghiệp nhỏ chuyển đổi số: "
            "thanh toán, bán hàng trực tuyến, hóa đơn điện tử, an toàn thông tin và hơn thế nữa.",
        ),
        "en": (
            "Digital guides",
            "guides",
            "Short, practical guides that help small shops and businesses go digital: payments, "
            "selling online, e-invoices, security and more.",
        ),
    },
    StorefrontIndexPage: {
        "vi": (
            "Gian hàng",
            "gian-hang",
            "Các cửa hàng và doanh nghiệp nhỏ của Thành phố Hồ Chí Minh đang bán trên Chợ Số.",
        ),
        "en": (
            "Shops",
            "shops",
            "The small shops and businesses of Ho Chi Minh City selling on Chợ Số.",
        ),
    },
}


@dataclass(frozen=True)
class Sections:
    guides: GuideIndexPage
    storefronts: StorefrontIndexPage


class MissingHomePage(Conflict):
    """The Vietnamese home page (created by cms migration 0002) is not in the tree."""


def _home(language: str) -> HomePage:
    home = HomePage.objects.filter(locale__language_code=language, depth=2).first()
    if home is None:
        raise MissingHomePage(_("The site has no home page for this language yet."))
    return home


def _publish(page: Page) -> Page:
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def _translate(page: Page, *, language: str, **fields) -> Page:
    """The page's translation into ``language`` (created and published if missing)."""
    existing = page.get_translations().filter(locale__language_code=language).first()
    if existing is not None:
        return existing.specific
    translation = page.copy_for_translation(Locale.objects.get(language_code=language))
    for name, value in fields.items():
        setattr(translation, name, value)
    return _publish(translation)


def _section(model, home: HomePage):
    section = home.get_children().type(model).first()
    if section is not None:
        return section.specific
    title, slug, intro = SECTION_TEXT[model][SOURCE_LANGUAGE]
    section = home.add_child(instance=model(title=title, slug=slug, intro=intro))
    return _publish(section)


def _guide_workflow() -> Workflow:
    """Draft -> review by a guide reviewer, moderator or admin -> publish."""
    workflow, _created = Workflow.objects.get_or_create(name=GUIDE_WORKFLOW_NAME)
    if not workflow.workflow_tasks.exists():
        task = GroupApprovalTask.objects.create(name=_("Editorial review"))
        task.groups.set(Group.objects.filter(name__in=GUIDE_REVIEW_GROUPS))
        WorkflowTask.objects.create(workflow=workflow, task=task, sort_order=0)
    return workflow


def _guide_reviewers_may_publish(guides) -> None:
    group = Group.objects.filter(name=GUIDE_REVIEWERS).first()
    if group is None:
        return
    for permission in Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=GUIDE_REVIEWER_PERMISSIONS
    ):
        GroupPagePermission.objects.get_or_create(group=group, page=guides, permission=permission)


@transaction.atomic
def site_sections_ensure() -> Sections:
    """The guide library and the storefront index in every language, with the guide workflow."""
    home = _home(SOURCE_LANGUAGE)
    guides = _section(GuideIndexPage, home)
    storefronts = _section(StorefrontIndexPage, home)
    workflow = _guide_workflow()
    for section in (guides, storefronts):
        for language in TRANSLATION_LANGUAGES:
            title, slug, intro = SECTION_TEXT[type(section)][language]
            translated = _translate(section, language=language, title=title, slug=slug, intro=intro)
            if isinstance(translated, GuideIndexPage):
                WorkflowPage.objects.get_or_create(page=translated, defaults={"workflow": workflow})
                _guide_reviewers_may_publish(translated)
    WorkflowPage.objects.get_or_create(page=guides, defaults={"workflow": workflow})
    _guide_reviewers_may_publish(guides)
    return Sections(guides=guides, storefronts=storefronts)


def storefront_group_name(business: Business) -> str:
    return f"Storefront {business.slug}"[:150]


@transaction.atomic
def storefront_editors_sync(*, business: Business) -> None:
    """The business's storefront group holds exactly the business's members."""
    group = Group.objects.filter(name=storefront_group_name(business)).first()
    if group is not None:
        group.user_set.set(User.objects.filter(memberships__business=business))


def _grant_storefront(business: Business, pages: list[StorefrontPage]) -> None:
    group, _created = Group.objects.get_or_create(name=storefront_group_name(business))
    page_permissions = Permission.objects.filter(
        content_type__app_label="wagtailcore", codename__in=STOREFRONT_PAGE_PERMISSIONS
    )
    for page in pages:
        for permission in page_permissions:
            GroupPagePermission.objects.get_or_create(group=group, page=page, permission=permission)
    collection = business_collection_ensure(business=business)
    GroupCollectionPermission.objects.filter(group=group).exclude(collection=collection).delete()
    image_permissions = Permission.objects.filter(
        content_type__app_label="wagtailimages", codename__in=STOREFRONT_IMAGE_PERMISSIONS
    )
    for permission in image_permissions:
        GroupCollectionPermission.objects.get_or_create(
            group=group, collection=collection, permission=permission
        )
    storefront_editors_sync(business=business)


def storefront_follow_business(*, business: Business) -> int:
    """Gives the business's storefront pages its trading name as their title (after a rename);
    returns how many pages changed."""
    name = business.trading_name
    return (
        Page.objects.filter(pk__in=StorefrontPage.objects.filter(business=business).values("pk"))
        .exclude(title=name, draft_title=name)
        .update(title=name, draft_title=name)
    )


def image_file_strip(*, image: CustomImage) -> None:
    """Re-encodes the file about to be stored with ``image`` unless it is already our own
    re-encoding (``marketplace.images.CleanImageFile``): called before every save of an image
    whose file is new, so no path in (Wagtail's two-step multiple upload, a script, a fixture)
    stores metadata or the uploader's file name."""
    field_file = image.file
    if not field_file:
        return
    if not field_file._committed and isinstance(field_file.file, CleanImageFile):
        image.reencoded = True
        return
    if field_file._committed:
        with field_file.storage.open(field_file.name, "rb") as fh:
            data = fh.read()
        old_name = field_file.name
    else:
        field_file.file.seek(0)
        data = field_file.file.read()
        old_name = None
    clean = clean_upload(ContentFile(data, name="upload"))
    image.file = clean.as_file()
    image.width, image.height = clean.width, clean.height
    # Size and hash of the new file, as Wagtail records them for duplicate detection.
    image.file_size = len(clean.content)
    image.file_hash = hash_filelike(clean.as_file())
    image.reencoded = True
    if old_name is not None:
        transaction.on_commit(lambda: image.file.storage.delete(old_name))


@transaction.atomic
def storefront_ensure(*, business: Business) -> StorefrontPage:
    """The business's storefront page (Vietnamese, with its English translation), created and
    published on first call, with page permissions for the business's members. Idempotent."""
    sections = site_sections_ensure()
    page = (
        StorefrontPage.objects.filter(business=business, locale=sections.storefronts.locale)
        .order_by("pk")
        .first()
    )
    if page is None:
        page = sections.storefronts.add_child(
            instance=StorefrontPage(
                title=business.trading_name,
                slug=business.slug,
                business=business,
                show_in_menus=False,
            )
        )
        page = _publish(page)
    pages = [page]
    for language in TRANSLATION_LANGUAGES:
        pages.append(_translate(page, language=language))
    _grant_storefront(business, pages)
    return page


@transaction.atomic
def guide_publish(
    *,
    slug: str,
    dimension: str,
    level_min: int,
    level_max: int,
    content: dict[str, dict],
    sector: str = "",
    platform_action: str = "",
    featured: bool = False,
) -> GuidePage:
    """Publishes a guide in Vietnamese with its translations, bypassing review (for seeding and
    imports by administrators). ``content`` maps a language to ``title``, ``slug``, ``summary`` and
    ``body`` (StreamField data). Idempotent: an existing guide with this slug is returned as is."""
    sections = site_sections_ensure()
    existing = sections.guides.get_children().filter(slug=slug).first()
    if existing is not None:
        return existing.specific
    tags = {
        "dimension": dimension,
        "level_min": level_min,
        "level_max": level_max,
        "sector": sector,
        "platform_action": platform_action,
        "featured": featured,
    }
    source = content[SOURCE_LANGUAGE]
    guide = GuidePage(
        title=source["title"],
        slug=slug,
        summary=source["summary"],
        body=source["body"],
        **tags,
    )
    guide.full_clean(exclude=["path", "depth", "url_path", "translation_key", "locale"])
    guide = _publish(sections.guides.add_child(instance=guide))
    for language in TRANSLATION_LANGUAGES:
        if language in content:
            translated = content[language]
            _translate(
                guide,
                language=language,
                title=translated["title"],
                slug=translated["slug"],
                summary=translated["summary"],
                body=translated["body"],
            )
    return guide


@transaction.atomic
def guide_set_related(*, guide: GuidePage, related: list[GuidePage]) -> None:
    """Sets the guides shown beside ``guide`` in every language (links point at the source pages;
    each language shows its own translation)."""
    for page in guide.get_translations(inclusive=True).specific():
        page.related_links = [
            GuideRelatedLink(guide=other, sort_order=order) for order, other in enumerate(related)
        ]
        _publish(page)
