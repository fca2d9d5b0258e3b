"""Reusable StreamField blocks for guides and storefronts.

Each block is a ``StructBlock`` with its own icon and template, so editors see the same building
blocks everywhere and every page renders them the same way. Video is embedded only from an
allow-list of hosts, as a privacy-friendly player URL that the Content-Security-Policy permits.
"""

from urllib.parse import parse_qs, urlparse

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from wagtail import blocks
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

RICH_TEXT_FEATURES = ["h2", "h3", "bold", "italic", "ol", "ul", "link", "document-link"]

# Hosts a video may come from, and how each becomes an embeddable player URL.
VIDEO_HOSTS = {
    "youtube.com": "youtube",
    "www.youtube.com": "youtube",
    "m.youtube.com": "youtube",
    "youtu.be": "youtube",
    "vimeo.com": "vimeo",
    "www.vimeo.com": "vimeo",
    "player.vimeo.com": "vimeo",
}


def video_embed_url(url: str) -> str | None:
    """The player URL for a video on an allowed host, or None if the URL is not allowed."""
    parsed = urlparse((url or "").strip())
    if parsed.scheme != "https":
        return None
    provider = VIDEO_HOSTS.get((parsed.hostname or "").lower())
    parts = [part for part in parsed.path.split("/") if part]
    if provider == "youtube":
        if parsed.hostname == "youtu.be":
            video_id = parts[0] if parts else ""
        elif parts[:1] == ["watch"]:
            video_id = parse_qs(parsed.query).get("v", [""])[0]
        elif len(parts) >= 2 and parts[0] in ("embed", "shorts", "live"):
            video_id = parts[1]
        else:
            video_id = ""
        if video_id and video_id.replace("-", "").replace("_", "").isalnum():
            return f"https://www.youtube-nocookie.com/embed/{video_id}"
    if provider == "vimeo":
        numeric = [part for part in parts if part.isdigit()]
        if numeric:
            return f"https://player.vimeo.com/video/{numeric[0]}"
    return None


class RichTextBlock(blocks.RichTextBlock):
    def __init__(self, **kwargs):
        kwargs.setdefault("features", RICH_TEXT_FEATURES)
        super().__init__(**kwargs)

    class Meta:
        icon = "pilcrow"
        template = "cms/blocks/rich_text.html"
        label = _("Text")


class ImageWithCaptionBlock(blocks.StructBlock):
    image = ImageChooserBlock(label=_("image"))
    caption = blocks.CharBlock(label=_("caption"), required=False, max_length=255)

    class Meta:
        icon = "image"
        template = "cms/blocks/image_with_caption.html"
        label = _("Image with caption")


class StepBlock(blocks.StructBlock):
    title = blocks.CharBlock(label=_("step"), max_length=160)
    text = blocks.TextBlock(label=_("details"), required=False)

    class Meta:
        icon = "arrow-right"


class StepsBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=160)
    steps = blocks.ListBlock(StepBlock(), label=_("steps"), min_num=1)

    class Meta:
        icon = "list-ol"
        template = "cms/blocks/steps.html"
        label = _("Step-by-step list")


class ChecklistBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=160)
    items = blocks.ListBlock(blocks.CharBlock(max_length=255), label=_("items"), min_num=1)

    class Meta:
        icon = "tasks"
        template = "cms/blocks/checklist.html"
        label = _("Checklist")


class CalloutBlock(blocks.StructBlock):
    kind = blocks.ChoiceBlock(
        label=_("kind"),
        choices=[("tip", _("Tip")), ("warning", _("Warning")), ("note", _("Note"))],
        default="tip",
    )
    title = blocks.CharBlock(label=_("title"), max_length=160)
    text = RichTextBlock(label=_("text"), features=["bold", "italic", "link"])

    class Meta:
        icon = "warning"
        template = "cms/blocks/callout.html"
        label = _("Callout")


class VideoBlock(blocks.StructBlock):
    url = blocks.URLBlock(
        label=_("video URL"),
        help_text=_("A YouTube or Vimeo address (https)."),
    )
    title = blocks.CharBlock(
        label=_("title"), max_length=160, help_text=_("Read out by screen readers.")
    )

    class Meta:
        icon = "media"
        template = "cms/blocks/video.html"
        label = _("Video")

    def clean(self, value):
        value = super().clean(value)
        if video_embed_url(value.get("url")) is None:
            raise StructBlockValidationError(
                block_errors={
                    "url": ValidationError(
                        _("Only YouTube and Vimeo video addresses (https) can be embedded."),
                        code="video_host",
                    )
                }
            )
        return value

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["embed_url"] = video_embed_url(value.get("url"))
        return context


class DocumentBlock(blocks.StructBlock):
    document = DocumentChooserBlock(label=_("document"))
    title = blocks.CharBlock(label=_("link text"), max_length=160)
    description = blocks.CharBlock(label=_("description"), required=False, max_length=255)

    class Meta:
        icon = "doc-full"
        template = "cms/blocks/document.html"
        label = _("Downloadable document")


class QuestionBlock(blocks.StructBlock):
    question = blocks.CharBlock(label=_("question"), max_length=255)
    answer = RichTextBlock(label=_("answer"), features=["bold", "italic", "link", "ul"])


class FAQBlock(blocks.StructBlock):
    heading = blocks.CharBlock(label=_("heading"), max_length=160)
    questions = blocks.ListBlock(QuestionBlock(), label=_("questions"), min_num=1)

    class Meta:
        icon = "help"
        template = "cms/blocks/faq.html"
        label = _("Frequently asked questions")


class GuideStreamBlock(blocks.StreamBlock):
    rich_text = RichTextBlock()
    image = ImageWithCaptionBlock()
    steps = StepsBlock()
    checklist = ChecklistBlock()
    callout = CalloutBlock()
    video = VideoBlock()
    document = DocumentBlock()
    faq = FAQBlock()


class AboutStreamBlock(blocks.StreamBlock):
    """What a shop tells about itself: text, pictures, a highlight and a video."""

    rich_text = RichTextBlock()
    image = ImageWithCaptionBlock()
    callout = CalloutBlock()
    video = VideoBlock()
