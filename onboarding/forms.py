"""The questionnaire's step form: one dimension's questions as radio buttons."""

from django import forms
from django.utils.translation import gettext_lazy as _

from onboarding.questionnaire import Question

NOT_APPLICABLE = "na"


class StepForm(forms.Form):
    """Questions of one dimension; unanswered ones stay unanswered (the draft is saved as is)."""

    def __init__(self, *args, questions: tuple[Question, ...], answers: dict, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = questions
        for question in questions:
            choices = [(str(option.points), str(option.label)) for option in question.options]
            if question.not_applicable:
                choices.append((NOT_APPLICABLE, _("Not applicable")))
            initial = None
            if question.code in answers:
                value = answers[question.code]
                initial = NOT_APPLICABLE if value is None else str(value)
            self.fields[question.code] = forms.ChoiceField(
                label=f"{question.code}. {question.text}",
                help_text=str(question.hint),
                choices=choices,
                widget=forms.RadioSelect,
                required=False,
                initial=initial,
            )

    def answers(self) -> dict[str, int | None]:
        """The answered questions as points (None for not applicable)."""
        answered = {}
        for code, value in self.cleaned_data.items():
            if value == NOT_APPLICABLE:
                answered[code] = None
            elif value != "":
                answered[code] = int(value)
        return answered
