"""The pages: start, the questionnaire step by step, missing answers, result, retake, history."""

import re
from datetime import timedelta

import pytest
from allauth.mfa.models import Authenticator
from django.urls import reverse
from django.utils import timezone, translation
from wagtail import hooks

from accounts.models import Membership
from accounts.roles import Role
from cms.models import StorefrontPage
from marketplace.models import ProductStatus
from onboarding import services
from onboarding.models import Assessment, AssessmentStatus
from orders.models import OrderStatus
from payments.models import AccountState
from tests.factories import BusinessFactory, UserFactory, vendor
from tests.marketplace.factories import ProductFactory
from tests.onboarding.factories import guide, take_assessment
from tests.onboarding.test_scoring import FORMING, GATED, STARTING
from tests.orders.factories import placed_group
from tests.payments.factories import PaymentAccountFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def business():
    return BusinessFactory(trading_name="Cà Phê Sáng")


@pytest.fixture
def owner(business):
    return vendor(business=business)


@pytest.fixture
def signed_in(client, owner):
    client.force_login(owner)
    return client


def url(name, **kwargs):
    with_lang = reverse(f"onboarding:{name}", kwargs=kwargs)
    return with_lang.replace("/vi/", "/en/", 1)


def step_post(client, business, assessment, dimension, answers, move="next"):
    data = {code: "na" if value is None else str(value) for code, value in answers.items()}
    data["move"] = move
    return client.post(url("step", slug=business.slug, pk=assessment.pk, dimension=dimension), data)


def test_start_page_for_visitors_links_sign_up(client):
    response = client.get("/en/start/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "26 questions in six short steps" in body
    assert "/en/accounts/signup/?next=/en/start/" in body


def test_start_page_lists_my_businesses_in_fixed_queries(
    signed_in, owner, business, django_assert_num_queries
):
    take_assessment(business=business, user=owner, answers=STARTING)
    BusinessFactory.create_batch(3)  # other people's businesses stay hidden
    other = BusinessFactory(trading_name="Trà Sen")
    Membership.objects.create(user=owner, business=other, role="owner")
    signed_in.get("/en/start/")
    with django_assert_num_queries(8):  # 6 for the page, 2 for the site header (sections, cart)
        response = signed_in.get("/en/start/")
    body = response.content.decode()
    assert "Cà Phê Sáng" in body and "Trà Sen" in body
    assert "Last result: 22.3/100, level L1" in body
    assert "Take it again" in body and "Start the assessment" in body


def test_programme_manager_finds_businesses(client, business):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    client.force_login(manager)
    response = client.get("/en/start/?q=phê")
    assert "Cà Phê Sáng" in response.content.decode()
    assert "Cà Phê Sáng" not in client.get("/en/start/?q=zzz").content.decode()


def test_the_whole_questionnaire_step_by_step(signed_in, business):
    response = signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    assert response.url == url("step", slug=business.slug, pk=draft.pk, dimension="S")
    page = signed_in.get(response.url).content.decode()
    assert "Step 1 of 6" in page
    assert '<progress id="progress" max="6" value="1">' in page
    assert "For example: take half of payments by QR this year." in page  # hint
    assert "Not applicable" in page  # S4 allows it
    for dimension, next_dimension in zip("SEPOCH", "EPOCH", strict=False):
        answers = {k: v for k, v in STARTING.items() if k.startswith(dimension)}
        response = step_post(signed_in, business, draft, dimension, answers)
        assert response.url == url(
            "step", slug=business.slug, pk=draft.pk, dimension=next_dimension
        )
    answers = {k: v for k, v in STARTING.items() if k.startswith("H")}
    response = step_post(signed_in, business, draft, "H", answers, move="finish")
    assert response.url == url("result", slug=business.slug, pk=draft.pk)
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.SUBMITTED and draft.answers == STARTING


def test_leave_and_come_back(signed_in, business):
    signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    response = step_post(signed_in, business, draft, "S", {"S1": 3, "S2": 1}, move="later")
    assert response.url == url("business", slug=business.slug)
    # Coming back lands on the first step with an open question, answers checked.
    response = signed_in.post(url("begin", slug=business.slug))
    assert response.url.endswith("/S/")
    page = signed_in.get(response.url).content.decode()
    assert re.search(r'name="S1" value="3"[^>]*checked', page)
    step_post(signed_in, business, draft, "S", {"S3": 2, "S4": None})
    assert signed_in.post(url("begin", slug=business.slug)).url.endswith("/E/")
    draft.refresh_from_db()
    assert draft.answers == {"S1": 3, "S2": 1, "S3": 2, "S4": None}


def test_back_button_saves_and_goes_back(signed_in, business):
    signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    response = step_post(signed_in, business, draft, "E", {"E1": 2}, move="back")
    assert response.url.endswith("/S/")
    draft.refresh_from_db()
    assert draft.answers == {"E1": 2}


def test_missing_answers_page_says_which(signed_in, business, owner):
    signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    partial = {k: v for k, v in STARTING.items() if k not in ("E4", "C1")}
    step_post(signed_in, business, draft, "S", partial)  # saves only the S questions
    services.assessment_save_answers(assessment=draft, user=owner, answers=partial)
    response = signed_in.post(url("submit", slug=business.slug, pk=draft.pk))
    assert response.status_code == 400
    body = response.content.decode()
    assert "Answer these 2 questions to see your result" in body
    assert "E4. How do you market your business online?" in body
    assert "C1. Do you back up your business data?" in body
    assert url("step", slug=business.slug, pk=draft.pk, dimension="E") in body
    draft.refresh_from_db()
    assert draft.status == AssessmentStatus.DRAFT


def test_an_answer_that_is_not_an_option_is_a_form_error(signed_in, business):
    signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    response = step_post(signed_in, business, draft, "S", {"S1": 2, "S3": 1})
    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    draft.refresh_from_db()
    assert draft.answers == {}


def test_unknown_step_is_404(signed_in, business):
    signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    assert (
        signed_in.get(url("step", slug=business.slug, pk=draft.pk, dimension="Z")).status_code
        == 404
    )


def test_resubmission_is_a_conflict(signed_in, business, owner):
    done = take_assessment(business=business, user=owner, answers=STARTING)
    response = signed_in.post(url("submit", slug=business.slug, pk=done.pk))
    assert response.status_code == 409
    assert "already submitted" in response.content.decode()
    response = step_post(signed_in, business, done, "S", {"S1": 4})
    assert response.status_code == 409
    done.refresh_from_db()
    assert done.answers["S1"] == 1
    # Opening a step of a finished assessment shows its result instead.
    get = signed_in.get(url("step", slug=business.slug, pk=done.pk, dimension="S"))
    assert get.url == url("result", slug=business.slug, pk=done.pk)


def test_strangers_get_404_everywhere(client, business, owner):
    done = take_assessment(business=business, user=owner, answers=STARTING)
    client.force_login(UserFactory())
    for response in (
        client.get(url("business", slug=business.slug)),
        client.post(url("begin", slug=business.slug)),
        client.get(url("result", slug=business.slug, pk=done.pk)),
        client.post(url("submit", slug=business.slug, pk=done.pk)),
        client.get(url("step", slug=business.slug, pk=done.pk, dimension="S")),
    ):
        assert response.status_code == 404
    assert not Assessment.objects.filter(status=AssessmentStatus.DRAFT).exists()
    # An assessment of another business is not reachable through mine.
    mine = BusinessFactory()
    client.force_login(vendor(business=mine))
    assert client.get(url("result", slug=mine.slug, pk=done.pk)).status_code == 404


def test_sign_in_required(client, business):
    response = client.get(url("business", slug=business.slug))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_result_page(signed_in, business, owner):
    guide(slug="mo-gian-hang", dimension="E", levels=(0, 3), action="publish_storefront")
    guide(slug="dang-bai", dimension="E", levels=(0, 3))
    guide(slug="tai-khoan", dimension="P", levels=(0, 5))
    guide(slug="nang-cao", dimension="E", levels=(4, 5))
    done = take_assessment(business=business, user=owner, answers=GATED)
    response = signed_in.get(url("result", slug=business.slug, pk=done.pk))
    assert response.status_code == 200
    body = response.content.decode()
    assert '<span class="score-number">65.6</span>' in body
    assert "Level L2: Beginning" in body
    assert "Why your level is capped" in body and "merchant QR code or card terminal" in body
    assert '<svg class="radar"' in body and body.count("<circle") == 6
    assert '<th scope="row">Online presence and e-commerce</th>' in body
    plan = response.context["plan"]
    assert [item.code for item in plan] == done.plan
    storefront_item = plan[0]
    assert storefront_item.code == "publish_storefront"
    assert storefront_item.step.state == "not_started"
    assert storefront_item.guide.slug == "mo-gian-hang-en"
    # The next E action gets the other E guide at this level, not the one for levels 4-5.
    assert plan[1].guide.slug == "dang-bai-en"
    assert "Storefront — Not started" in body
    assert "Guide: mo-gian-hang en" in body


def test_result_shows_facts_and_gentle_mismatch_flags(signed_in, business, owner):
    claims = {**FORMING, "C2": 4}  # lists on marketplaces, merchant QR, two-factor
    done = take_assessment(business=business, user=owner, answers=claims)
    body = signed_in.get(url("result", slug=business.slug, pk=done.pk)).content.decode()
    assert "no products of yours can be seen on Chợ Số yet" in body
    assert "your e-payment account on Chợ Số is not ready yet" in body
    assert "nobody in your business has turned it on" in body
    PaymentAccountFactory(business=business, state=AccountState.READY)
    Authenticator.objects.create(user=owner, type=Authenticator.Type.TOTP, data={})
    body = signed_in.get(url("result", slug=business.slug, pk=done.pk)).content.decode()
    assert "e-payment account on Chợ Số is not ready yet" not in body
    assert "nobody in your business has turned it on" not in body
    assert "Ready to take payments" in body


def test_retake_shows_the_change(signed_in, business, owner):
    take_assessment(
        business=business,
        user=owner,
        answers=STARTING,
        taken_at=timezone.now() - timedelta(days=180),
    )
    response = signed_in.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(status=AssessmentStatus.DRAFT)
    assert draft.answers == STARTING  # prefilled
    assert response.url.endswith("/S/")
    page = signed_in.get(response.url).content.decode()
    assert re.search(r'name="S1" value="1"[^>]*checked', page)
    for dimension in "SEPOC":
        step_post(
            signed_in,
            business,
            draft,
            dimension,
            {k: v for k, v in FORMING.items() if k.startswith(dimension)},
        )
    step_post(
        signed_in,
        business,
        draft,
        "H",
        {k: v for k, v in FORMING.items() if k.startswith("H")},
        move="finish",
    )
    body = signed_in.get(url("result", slug=business.slug, pk=draft.pk)).content.decode()
    assert "Last time (" in body and "22.3/100, level L1" in body
    assert '<td class="change">+40.0</td>' in body  # E: 20.0 -> 60.0
    assert 'class="radar-previous"' in body


def test_business_page_history_and_journey(signed_in, business, owner, django_assert_num_queries):
    for days in (300, 200, 100):
        take_assessment(
            business=business,
            user=owner,
            answers=STARTING,
            taken_at=timezone.now() - timedelta(days=days),
        )
    PaymentAccountFactory(business=business, state=AccountState.INFORMATION_NEEDED)
    signed_in.get(url("business", slug=business.slug))
    with django_assert_num_queries(13):  # 11 for the page, 2 for the site header
        response = signed_in.get(url("business", slug=business.slug))
    body = response.content.decode()
    assert body.count("<td>22.3</td>") == 3
    journey = {step.code: step.state for step in response.context["journey"]}
    assert journey == {
        "profile": "done",
        "assessment": "done",
        "payment_account": "in_progress",
        "storefront": "not_started",
        "first_product": "not_started",
        "first_sale": "not_started",
    }


def test_programme_manager_assists(client, business):
    manager = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    client.force_login(manager)
    page = client.get(url("business", slug=business.slug)).content.decode()
    assert "You are assisting this business as a programme officer." in page
    client.post(url("begin", slug=business.slug))
    draft = Assessment.objects.get(business=business)
    assert draft.assisted is True
    # Creating the storefront is left to the business's own people.
    assert client.post(url("storefront", slug=business.slug)).status_code == 404


def test_storefront_step_creates_and_publishes_it(signed_in, business):
    response = signed_in.post(url("storefront", slug=business.slug))
    assert response.status_code == 302
    assert StorefrontPage.objects.filter(business=business, live=True).exists()


def test_workspace_menu_links_the_check(client, owner, django_assert_num_queries):
    [item] = [
        fn()
        for fn in hooks.get_hooks("register_admin_menu_item")
        if fn.__name__ == "register_maturity_menu_item"
    ]
    request = type("Request", (), {"user": owner})()
    with django_assert_num_queries(1):  # it runs on every admin page
        assert item.is_shown(request) is True
    with translation.override("vi"):
        assert str(item.url) == "/vi/start/"
    request.user = UserFactory()
    assert item.is_shown(request) is False
    request.user = UserFactory(roles=[Role.PROGRAMME_MANAGER])
    assert item.is_shown(request) is True


def test_first_product_and_first_sale_come_from_the_records(signed_in, business, owner):
    business.can_take_payments = True
    business.save()
    product = ProductFactory(business=business, status=ProductStatus.ACTIVE, stock=5)
    group = placed_group((product, 1))
    group.orders.update(status=OrderStatus.PAID)
    done = take_assessment(business=business, user=owner, answers=STARTING)
    response = signed_in.get(url("business", slug=business.slug))
    journey = {step.code: step.state for step in response.context["journey"]}
    assert (journey["first_product"], journey["first_sale"]) == ("done", "done")
    body = signed_in.get(url("result", slug=business.slug, pk=done.pk)).content.decode()
    assert "Paid orders on Chợ Số: 1" in body
    assert "Products shoppers can see here: 1" in body
    # E2 = 0 ("No") while products are listed here: a gentle note.
    assert "next time you can answer that you sell on a marketplace" in body


def test_radar_coordinates_are_not_localized_in_vietnamese(signed_in, business, owner):
    done = take_assessment(business=business, user=owner, answers=GATED)
    body = signed_in.get(
        reverse("onboarding:result", kwargs={"slug": business.slug, "pk": done.pk})
    ).content.decode()
    assert "65,6" in body  # the score follows the Vietnamese format
    svg = body[body.index("<svg") : body.index("</svg>")]
    assert not re.search(r'="[\d ]*\d,\d', svg)
    assert re.search(r'<circle cx="\d+\.\d" cy="\d+\.\d"', svg)
