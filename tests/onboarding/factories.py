"""Assessments for tests, made through the onboarding services like real ones."""

import json

from cms import services as cms_services
from onboarding import services
from tests.onboarding.test_scoring import answers as zero_answers


def take_assessment(*, business, user, answers=None, taken_at=None):
    """A submitted assessment of ``business`` by ``user`` (zero everywhere unless given)."""
    draft = services.assessment_start(business=business, user=user)
    draft = services.assessment_save_answers(
        assessment=draft, user=user, answers=answers or zero_answers()
    )
    return services.assessment_submit(assessment=draft, user=user, taken_at=taken_at)


def guide(*, slug, dimension, levels=(0, 5), action=""):
    body = json.dumps([{"type": "rich_text", "value": "<p>Các bước.</p>"}])
    content = {
        language: {
            "title": f"{slug} {language}",
            "slug": f"{slug}-{language}",
            "summary": "S",
            "body": body,
        }
        for language in ("vi", "en")
    }
    return cms_services.guide_publish(
        slug=slug,
        dimension=dimension,
        level_min=levels[0],
        level_max=levels[1],
        platform_action=action,
        content=content,
    )
