"""The maturity API under /api/v1/maturity/."""

from django.urls import path

from onboarding.api import views

urlpatterns = [
    path("score/", views.ScoreView.as_view(), name="maturity-score"),
    path("questionnaires/", views.QuestionnaireListView.as_view(), name="maturity-questionnaires"),
]
