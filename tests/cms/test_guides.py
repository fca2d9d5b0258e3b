"""Guides: tags read by the onboarding plan, the library's filters and search, blocks, workflow."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation
from wagtail.blocks.struct_block import StructBlockValidationError

from cms import selectors, services
from cms.blocks import GuideStreamBlock, VideoBlock, video_embed_url
from cms.models import GuidePage, PlatformAction
from tests.cms.factories import guide, guide_body
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def library(sections):
    return {
        "vietqr": guide(
            "vietqr",
            dimension="P",
            levels=(0, 2),
            platform_action=PlatformAction.OPEN_PAYMENT_ACCOUNT,
            title="Nhận thanh toán VietQR",
        ),
        "invoices": guide("hoa-don", dimension="P", levels=(3, 5), title="Hóa đơn điện tử"),
        "food-safety": guide("an-toan", dimension="C", levels=(0, 3), sector="I", title="Quán ăn"),
        "backups": guide("sao-luu", dimension="C", levels=(1, 4), title="Sao lưu dữ liệu"),
    }


def _slugs(pages):
    return [page.slug for page in pages]


def test_guides_for_filters_by_dimension_level_and_action(library):
    assert _slugs(selectors.guides_for(dimension="P", level=1)) == ["vietqr"]
    assert _slugs(selectors.guides_for(dimension="P", level=4)) == ["hoa-don"]
    assert _slugs(selectors.guides_for(action=PlatformAction.OPEN_PAYMENT_ACCOUNT)) == ["vietqr"]
    assert _slugs(selectors.guides_for(dimension="C", level=0)) == ["an-toan"]
    assert selectors.guides_for(dimension="S").count() == 0


def test_guides_for_sector_keeps_guides_for_every_sector(library):
    assert _slugs(selectors.guides_for(dimension="C", level=2, sector="I")) == [
        "an-toan",
        "sao-luu",
    ]
    assert _slugs(selectors.guides_for(dimension="C", level=2, sector="G")) == ["sao-luu"]


def test_guides_for_puts_platform_actions_first_and_answers_in_the_active_language(library):
    assert _slugs(selectors.guides_for(dimension="P"))[0] == "vietqr"
    with translation.override("en"):
        assert _slugs(selectors.guides_for(dimension="P", level=1)) == ["vietqr-en"]


def test_every_guide_has_a_live_english_translation_linked_to_its_source(library):
    source = library["vietqr"]
    english = source.get_translations().get()
    assert english.locale.language_code == "en"
    assert english.live
    assert english.get_parent().slug == "guides"
    assert english.specific.dimension == "P"


def test_library_filters_and_search(client, library):
    url = library["vietqr"].get_parent().url
    response = client.get(url, {"dimension": "C", "level": "2", "sector": "I"})
    assert response.status_code == 200
    assert [g.slug for g in response.context["guides"]] == ["an-toan", "sao-luu"]
    response = client.get(url, {"q": "VietQR"})
    assert [g.slug for g in response.context["guides"]] == ["vietqr"]


def test_library_with_bad_filters_shows_form_errors_not_500(client, library):
    url = library["vietqr"].get_parent().url
    response = client.get(url, {"dimension": "X", "level": "9", "page": "abc"})
    assert response.status_code == 200
    form = response.context["form"]
    assert set(form.errors) == {"dimension", "level"}
    assert "errorlist" in response.content.decode()
    assert response.context["guides"].paginator.count == 4


def test_guide_page_shows_tags_reading_time_and_related_guides(client, library):
    response = client.get(library["backups"].url)
    html = response.content.decode()
    assert response.status_code == 200
    assert "An toàn thông tin và bảo vệ dữ liệu" in html or "Cybersecurity" in html
    assert [g.slug for g in response.context["related_guides"]] == ["an-toan"]


def test_reading_time_counts_words_at_200_a_minute(sections):
    page = guide("dai", words=450)
    assert page.reading_time == 3
    assert guide("ngan", words=10).reading_time == 1


def test_editor_chosen_related_guides_come_first_in_each_language(library):
    services.guide_set_related(guide=library["vietqr"], related=[library["backups"]])
    assert _slugs(selectors.related_guides(guide=library["vietqr"])) == ["sao-luu", "hoa-don"]
    english = library["vietqr"].get_translations().get().specific
    with translation.override("en"):
        assert _slugs(selectors.related_guides(guide=english)) == ["sao-luu-en", "hoa-don-en"]


@pytest.mark.parametrize(
    ("url", "embed"),
    [
        (
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ",
        ),
        ("https://youtu.be/dQw4w9WgXcQ", "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"),
        ("https://vimeo.com/76979871", "https://player.vimeo.com/video/76979871"),
        ("http://www.youtube.com/watch?v=dQw4w9WgXcQ", None),
        ("https://evil.example.com/watch?v=dQw4w9WgXcQ", None),
        ("https://www.youtube.com.evil.example/watch?v=x", None),
        ("https://www.youtube.com/watch?v=<script>", None),
    ],
)
def test_video_embed_url_allow_list(url, embed):
    assert video_embed_url(url) == embed


def test_video_off_the_allow_list_is_a_form_error():
    block = VideoBlock()
    with pytest.raises(StructBlockValidationError) as error:
        block.clean(block.to_python({"url": "https://evil.example.com/v/1", "title": "Video"}))
    assert "url" in error.value.block_errors
    assert "YouTube" in str(error.value.block_errors["url"].messages[0])
    cleaned = block.clean(block.to_python({"url": "https://youtu.be/abc123", "title": "Video"}))
    assert cleaned["url"] == "https://youtu.be/abc123"


def test_video_error_reaches_the_page_form_through_the_stream_block():
    stream = GuideStreamBlock()
    value = stream.to_python(
        [{"type": "video", "value": {"url": "https://evil.example.com/1", "title": "V"}}]
    )
    with pytest.raises(Exception) as error:
        stream.clean(value)
    assert error.type.__name__ == "StreamBlockValidationError"


def test_guide_goes_through_review_before_it_is_published(sections):
    editor = UserFactory(roles=["Editors"])
    moderator = UserFactory(roles=["Moderators"])
    draft = GuidePage(
        title="Bản nháp",
        slug="ban-nhap",
        summary="Tóm tắt",
        body=guide_body(),
        dimension="S",
        live=False,
    )
    sections.guides.add_child(instance=draft)
    draft.save_revision(user=editor)
    workflow = draft.get_workflow()
    assert workflow.name == "Guide review"
    state = workflow.start(draft, editor)
    draft.refresh_from_db()
    assert draft.workflow_in_progress and not draft.live
    task_state = state.current_task_state
    # Guide reviewers (cms/0009) review too: the superuser is not the only one (#16).
    assert set(task_state.task.specific.groups.values_list("name", flat=True)) == {
        "Moderators",
        "Admin",
        "Guide reviewers",
    }
    task_state.task.specific.on_action(task_state, moderator, "approve")
    draft.refresh_from_db()
    assert draft.live


def test_level_range_upside_down_is_a_field_error(sections):
    page = GuidePage(
        title="Sai",
        slug="sai",
        summary="x",
        body=guide_body(),
        dimension="P",
        level_min=4,
        level_max=1,
    )
    with pytest.raises(ValidationError) as error:
        page.full_clean(exclude=["path", "depth", "url_path", "translation_key", "locale"])
    assert "level_max" in error.value.message_dict


def test_guide_links_its_platform_action_to_where_it_is_done(client, sections):
    page = guide("mo-tai-khoan", platform_action=PlatformAction.OPEN_PAYMENT_ACCOUNT)
    html = client.get(page.url).content.decode()
    assert f'href="{reverse("payments:overview")}"' in html


def test_library_search_matches_without_diacritics(client, library):
    url = library["vietqr"].get_parent().url
    response = client.get(url, {"q": "hoa don dien tu"})
    assert [g.slug for g in response.context["guides"]] == ["hoa-don"]
    response = client.get(url, {"q": "sao luu", "dimension": "P"})
    assert list(response.context["guides"]) == []
