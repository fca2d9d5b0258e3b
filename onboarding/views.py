"""Pages of the digital-maturity check: start, the questionnaire step by step, result, history.

Every page about a business answers 404 to anyone who is neither a member nor a programme manager,
the same as for a business that does not exist; both roles need two-factor sign-in first when the
rule is on (``accounts.mfa``).
"""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.mfa import mfa_required
from cms import services as cms_services
from core.errors import Conflict, DomainError
from onboarding import facts as platform
from onboarding import questionnaire as registry
from onboarding import scoring, selectors, services
from onboarding.forms import StepForm
from onboarding.models import Assessment
from onboarding.radar import radar


def _assessor(request, slug):
    found = selectors.business_for_assessor(user=request.user, slug=slug)
    if found is None:
        raise Http404
    return found


def _assessment(business, pk) -> Assessment:
    assessment = selectors.assessment_of(business=business, pk=pk)
    if assessment is None:
        raise Http404
    return assessment


def _step_url(business, assessment, dimension: str) -> str:
    return reverse(
        "onboarding:step",
        kwargs={"slug": business.slug, "pk": assessment.pk, "dimension": dimension},
    )


def _result_url(business, assessment) -> str:
    return reverse("onboarding:result", kwargs={"slug": business.slug, "pk": assessment.pk})


def _conflict(request, business, assessment, message: str):
    return render(
        request,
        "onboarding/conflict.html",
        {"business": business, "assessment": assessment, "message": message},
        status=409,
    )


@require_safe
def start(request):
    """The way in: what the check is, and the businesses the user can take it for."""
    context = {"questionnaire": registry.current()}
    if request.user.is_authenticated:
        query = request.GET.get("q", "")[:100]
        businesses = list(selectors.businesses_for_assessor(user=request.user, query=query))
        latest = selectors.latest_by_business(businesses=businesses)
        drafts = selectors.draft_business_ids(businesses=businesses)
        context.update(
            query=query,
            is_manager=selectors.is_programme_manager(user=request.user),
            entries=[(b, latest.get(b.pk), b.pk in drafts) for b in businesses],
        )
    return render(request, "onboarding/start.html", context)


@login_required
@mfa_required
@require_safe
def business_overview(request, slug):
    """The business's maturity workspace: journey, latest result, history, start or continue."""
    business, assisted = _assessor(request, slug)
    history = list(selectors.submitted_assessments(business=business))
    draft = selectors.draft_for(business=business)
    facts = platform.facts_for(business=business)
    steps = platform.platform_steps(business=business, facts=facts)
    latest = history[0] if history else None
    return render(
        request,
        "onboarding/business.html",
        {
            "business": business,
            "assisted": assisted,
            "history": [(a, _level_of(a)) for a in history],
            "latest": latest,
            "latest_level": _level_of(latest),
            "draft": draft,
            "journey": platform.journey(
                business=business,
                facts=facts,
                steps=steps,
                latest=latest,
                has_draft=draft is not None,
            ),
        },
    )


@login_required
@mfa_required
@require_POST
def begin(request, slug):
    """Starts (prefilled with the last answers) or resumes the business's assessment."""
    business, _assisted = _assessor(request, slug)
    try:
        draft = services.assessment_start(business=business, user=request.user)
    except DomainError as exc:
        messages.error(request, exc.message)
        return redirect("onboarding:business", slug=slug)
    questionnaire = registry.get(draft.version)
    missing = set(scoring.missing_answers(questionnaire, draft.answers))
    first_open = next(
        (
            d.code
            for d in questionnaire.dimensions
            if any(q.code in missing for q in questionnaire.questions_for(d.code))
        ),
        questionnaire.dimensions[0].code,
    )
    return redirect(_step_url(business, draft, first_open))


def _submit(request, business, assessment):
    try:
        submitted = services.assessment_submit(assessment=assessment, user=request.user)
    except Conflict as exc:
        return _conflict(request, business, assessment, exc.message)
    except scoring.InvalidAnswers as exc:
        questionnaire = registry.get(assessment.version)
        missing = [
            questionnaire.question(code) for code in exc.errors if questionnaire.question(code)
        ]
        return render(
            request,
            "onboarding/missing.html",
            {
                "business": business,
                "assessment": assessment,
                "missing": [
                    (question, _step_url(business, assessment, question.dimension))
                    for question in missing
                ],
            },
            status=400,
        )
    messages.success(request, _("Your assessment is saved. Here is your result and your plan."))
    return redirect(_result_url(business, submitted))


@login_required
@mfa_required
@require_http_methods(["GET", "POST"])
def step(request, slug, pk, dimension):
    """One dimension's questions. Answers are saved on every move, so the owner can leave."""
    business, assisted = _assessor(request, slug)
    assessment = _assessment(business, pk)
    if assessment.is_submitted:
        if request.method == "POST":
            return _conflict(
                request,
                business,
                assessment,
                _("This assessment was already submitted; it cannot be changed. Start a new one."),
            )
        return redirect(_result_url(business, assessment))
    questionnaire = registry.get(assessment.version)
    codes = [d.code for d in questionnaire.dimensions]
    if dimension not in codes:
        raise Http404
    index = codes.index(dimension)
    form = StepForm(
        request.POST or None,
        questions=questionnaire.questions_for(dimension),
        answers=assessment.answers,
    )
    if request.method == "POST" and form.is_valid():
        try:
            assessment = services.assessment_save_answers(
                assessment=assessment, user=request.user, answers=form.answers()
            )
        except Conflict as exc:
            return _conflict(request, business, assessment, exc.message)
        except DomainError as exc:
            form.add_error(None, exc.message)
        else:
            move = request.POST.get("move", "next")
            if move == "back" and index > 0:
                return redirect(_step_url(business, assessment, codes[index - 1]))
            if move == "later":
                messages.success(
                    request, _("Your answers are saved. Come back any time to finish.")
                )
                return redirect("onboarding:business", slug=slug)
            if move == "finish" or index == len(codes) - 1:
                return _submit(request, business, assessment)
            return redirect(_step_url(business, assessment, codes[index + 1]))
    return render(
        request,
        "onboarding/step.html",
        {
            "business": business,
            "assisted": assisted or assessment.assisted,
            "assessment": assessment,
            "questionnaire": questionnaire,
            "dimension": questionnaire.dimension(dimension),
            "form": form,
            "number": index + 1,
            "total": len(codes),
            "is_last": index == len(codes) - 1,
            "answered": len(assessment.answers),
            "question_count": len(questionnaire.questions),
        },
        status=400 if form.errors else 200,
    )


@login_required
@mfa_required
@require_POST
def submit(request, slug, pk):
    business, _assisted = _assessor(request, slug)
    return _submit(request, business, _assessment(business, pk))


@login_required
@mfa_required
@require_safe
def result(request, slug, pk):
    """Score, level, radar, gate, plan with guides and platform steps, change, facts vs claims."""
    business, _assisted = _assessor(request, slug)
    assessment = _assessment(business, pk)
    questionnaire = registry.get(assessment.version)
    if not assessment.is_submitted:
        return redirect(_step_url(business, assessment, questionnaire.dimensions[0].code))
    previous = selectors.previous_assessment(assessment=assessment)
    rows = selectors.dimension_rows(assessment=assessment, previous=previous)
    facts = platform.facts_for(business=business)
    steps = platform.platform_steps(business=business, facts=facts)
    answers = assessment.answers

    def claim(code):
        question = questionnaire.question(code)
        value = answers.get(code)
        return "—" if value is None else str(question.option(value).label)

    return render(
        request,
        "onboarding/result.html",
        {
            "business": business,
            "assessment": assessment,
            "questionnaire": questionnaire,
            "level": questionnaire.level(assessment.level),
            "gate_reason": questionnaire.gate.reason if assessment.gate_capped else "",
            "rows": rows,
            "previous": previous,
            "previous_level": _level_of(previous),
            "radar": radar(
                labels=[row.short for row in rows],
                values=[float(row.score) for row in rows],
                previous=[float(row.previous) for row in rows] if previous else None,
            ),
            "advice": [a.text for a in questionnaire.advice if a.code in assessment.advice],
            "plan": platform.plan_items(assessment=assessment, steps=steps),
            "claims": [
                (
                    _("Selling on marketplaces"),
                    claim("E2"),
                    _("Products shoppers can see here: %(n)d") % {"n": facts.products_listed},
                ),
                (_("Own online shop"), claim("E1"), platform.storefront_fact(facts)),
                (
                    _("Online share of revenue"),
                    claim("E3"),
                    _("Paid orders on Chợ Số: %(n)d") % {"n": facts.paid_orders},
                ),
                (_("Cashless payments"), claim("P2"), steps["payment_account"].detail),
                (_("Account protection"), claim("C2"), steps["two_factor"].detail),
            ],
            "mismatches": platform.mismatches(answers=answers, facts=facts),
        },
    )


def _level_of(assessment):
    if assessment is None:
        return None
    return registry.get(assessment.version).level(assessment.level)


@login_required
@mfa_required
@require_POST
def storefront(request, slug):
    """The "publish your storefront" step: creates it from the profile (members only)."""
    business, assisted = _assessor(request, slug)
    if assisted:
        raise Http404
    page = cms_services.storefront_ensure(business=business)
    messages.success(request, _("Your storefront is live. Add a photo and a few words about you."))
    if page.url:
        return redirect(page.url)
    return redirect("onboarding:business", slug=slug)
