"""Serializers of the maturity API: the score request and result, and the questionnaire listing."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers


class ScoreRequestSerializer(serializers.Serializer):
    version = serializers.CharField(
        max_length=20, help_text=_("Questionnaire version, e.g. 2026.1.")
    )
    answers = serializers.DictField(
        child=serializers.IntegerField(allow_null=True, min_value=0, max_value=4),
        allow_empty=False,
        help_text=_("Points of the chosen option per question code, or null for 'not applicable'."),
    )


class LevelSerializer(serializers.Serializer):
    code = serializers.CharField()
    name = serializers.CharField()
    meaning = serializers.CharField()


class ScoreResultSerializer(serializers.Serializer):
    version = serializers.CharField()
    dimension_scores = serializers.DictField(
        child=serializers.FloatField(), help_text=_("Score 0-100 per dimension code.")
    )
    overall = serializers.FloatField(help_text=_("Weighted overall score, 0-100, one decimal."))
    unweighted_mean = serializers.FloatField(
        help_text=_("Plain mean of the dimension scores, comparable with the EU tool.")
    )
    level = LevelSerializer()
    uncapped_level = serializers.CharField(help_text=_("The level before the gate."))
    gate_capped = serializers.BooleanField()
    gate_reason = serializers.CharField(allow_null=True)
    plan = serializers.ListField(
        child=serializers.CharField(), help_text=_("Action codes of the plan, most urgent first.")
    )
    advice = serializers.ListField(child=serializers.CharField())


class OptionSerializer(serializers.Serializer):
    points = serializers.IntegerField()
    label = serializers.DictField(child=serializers.CharField())
    actions = serializers.ListField(child=serializers.CharField())


class QuestionSerializer(serializers.Serializer):
    code = serializers.CharField()
    dimension = serializers.CharField()
    text = serializers.DictField(child=serializers.CharField())
    hint = serializers.DictField(child=serializers.CharField())
    not_applicable = serializers.BooleanField()
    foundation = serializers.BooleanField()
    options = OptionSerializer(many=True)


class DimensionSerializer(serializers.Serializer):
    code = serializers.CharField()
    weight = serializers.IntegerField()
    name = serializers.DictField(child=serializers.CharField())


class LevelBandSerializer(serializers.Serializer):
    code = serializers.CharField()
    max = serializers.FloatField()
    name = serializers.DictField(child=serializers.CharField())
    meaning = serializers.DictField(child=serializers.CharField())


class ActionSerializer(serializers.Serializer):
    code = serializers.CharField()
    dimension = serializers.CharField()
    title = serializers.DictField(child=serializers.CharField())
    levels = serializers.ListField(child=serializers.CharField())
    platform_step = serializers.CharField(allow_blank=True)


class QuestionnaireSerializer(serializers.Serializer):
    version = serializers.CharField()
    current = serializers.BooleanField()
    published = serializers.DateField()
    title = serializers.DictField(child=serializers.CharField())
    dimensions = DimensionSerializer(many=True)
    levels = LevelBandSerializer(many=True)
    questions = QuestionSerializer(many=True)
    actions = ActionSerializer(many=True)
