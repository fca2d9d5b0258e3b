"""The maturity API: stateless scoring for partner systems, and the questionnaire versions.

Nothing is stored: ``score/`` applies the same pure function as the site's result pages.
"""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import permissions
from rest_framework.response import Response
from rest_framework.views import APIView

from core.api import ApiErrorSerializer
from onboarding import questionnaire as registry
from onboarding import scoring
from onboarding.api.serializers import (
    QuestionnaireSerializer,
    ScoreRequestSerializer,
    ScoreResultSerializer,
)


def result_payload(result: scoring.Result) -> dict:
    questionnaire = registry.get(result.version)
    level = questionnaire.level(result.level)
    return {
        "version": result.version,
        "dimension_scores": {code: float(v) for code, v in result.dimension_scores.items()},
        "overall": float(result.overall),
        "unweighted_mean": float(result.unweighted_mean),
        "level": {"code": level.code, "name": str(level.name), "meaning": str(level.meaning)},
        "uncapped_level": result.uncapped_level,
        "gate_capped": result.gate_capped,
        "gate_reason": str(questionnaire.gate.reason) if result.gate_capped else None,
        "plan": result.plan_codes,
        "advice": list(result.advice),
    }


def questionnaire_payload(q: registry.Questionnaire) -> dict:
    return {
        "version": q.version,
        "current": q.current,
        "published": q.published,
        "title": q.title.as_dict(),
        "dimensions": [
            {"code": d.code, "weight": d.weight, "name": d.name.as_dict()} for d in q.dimensions
        ],
        "levels": [
            {
                "code": lvl.code,
                "max": float(lvl.max),
                "name": lvl.name.as_dict(),
                "meaning": lvl.meaning.as_dict(),
            }
            for lvl in q.levels
        ],
        "questions": [
            {
                "code": question.code,
                "dimension": question.dimension,
                "text": question.text.as_dict(),
                "hint": question.hint.as_dict(),
                "not_applicable": question.not_applicable,
                "foundation": question.foundation,
                "options": [
                    {
                        "points": option.points,
                        "label": option.label.as_dict(),
                        "actions": list(option.actions),
                    }
                    for option in question.options
                ],
            }
            for question in q.questions
        ],
        "actions": [
            {
                "code": action.code,
                "dimension": action.dimension,
                "title": action.title.as_dict(),
                "levels": list(action.levels),
                "platform_step": action.platform_step,
            }
            for action in q.actions.values()
        ],
    }


class ScoreView(APIView):
    """Scores a complete set of answers; nothing is stored."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="maturity_score",
        summary=_("Score a digital-maturity self-assessment"),
        description=_(
            "Answers are the points of the chosen option per question code (see the "
            "questionnaires endpoint), or null for 'not applicable' where a question allows it. "
            "Every question of the version needs an answer. Returns the six dimension scores, "
            "the overall score, the level (after the gate), whether the gate capped it and the "
            "plan's action codes. Texts follow the Accept-Language header (vi or en)."
        ),
        request=ScoreRequestSerializer,
        responses={200: ScoreResultSerializer, 400: ApiErrorSerializer},
        examples=[
            OpenApiExample(
                "Answers",
                request_only=True,
                value={
                    "version": "2026.1",
                    "answers": {
                        "S1": 1, "S2": 1, "S3": 2, "S4": 2, "E1": 1, "E2": 0, "E3": 0,
                        "E4": 1, "E5": 2, "P1": 1, "P2": 2, "P3": 1, "P4": 0, "P5": None,
                        "O1": 0, "O2": 1, "O3": 1, "O4": 0, "C1": 0, "C2": 2, "C3": None,
                        "C4": 0, "H1": 1, "H2": 1, "H3": None, "H4": None,
                    },
                },
            ),
            OpenApiExample(
                "Unknown question",
                response_only=True,
                status_codes=["400"],
                value={
                    "type": "validation_error",
                    "errors": [
                        {
                            "code": "unknown_question",
                            "detail": "There is no question X9 in this version.",
                            "attr": "answers.X9",
                        }
                    ],
                },
            ),
        ],
    )  # fmt: skip
    def post(self, request):
        serializer = ScoreRequestSerializer(data=request.data)
        serializer.is_valid(raise_exception=True)
        result = scoring.score(
            version=serializer.validated_data["version"],
            answers=serializer.validated_data["answers"],
        )
        return Response(result_payload(result))


class QuestionnaireListView(APIView):
    """Every questionnaire version with its dimensions, levels, questions, options and actions."""

    permission_classes = [permissions.AllowAny]

    @extend_schema(
        operation_id="maturity_questionnaires",
        summary=_("List the questionnaire versions"),
        responses={200: QuestionnaireSerializer(many=True)},
    )
    def get(self, request):
        return Response([questionnaire_payload(q) for q in registry.all_versions()])
