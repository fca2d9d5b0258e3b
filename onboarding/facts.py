"""What the platform itself can see about a business, beside what its owner claims.

The facts come from the records of the lower apps, through their selectors: the e-payment account
(payments), the storefront page (cms), products shoppers can see (marketplace), and whether the
business's people sign in with two-factor (allauth), and its paid orders (orders). From them: the
state of each platform step a plan can point to, the adoption journey (profile -> assessment ->
e-payment account -> storefront -> first product -> first sale), and gentle flags where an answer
and the facts disagree.
"""

import re
from dataclasses import dataclass

from allauth.mfa.models import Authenticator
from django.db.models import BooleanField, Case, Value, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from accounts.models import Business
from cms import selectors as cms_selectors
from marketplace import selectors as marketplace_selectors
from onboarding import questionnaire as registry
from onboarding.models import Assessment
from orders.models import PAID_STATUSES, Order  # noqa: F401 - PAID_STATUSES is re-exported
from payments import selectors as payment_selectors
from payments.models import AccountState

DONE = "done"
IN_PROGRESS = "in_progress"
NOT_STARTED = "not_started"
STATE_LABELS = {
    DONE: pgettext_lazy("step state", "Done"),
    IN_PROGRESS: pgettext_lazy("step state", "In progress"),
    NOT_STARTED: pgettext_lazy("step state", "Not started"),
}


# The questionnaire's platform steps and the cms's name for the guide that walks through each.
GUIDE_ACTIONS = {
    "payment_account": "open_payment_account",
    "storefront": "publish_storefront",
    "first_product": "list_products",
    "two_factor": "enable_two_factor",
}


@dataclass(frozen=True)
class Facts:
    payment_state: str
    storefront: object | None
    products_listed: int
    paid_orders: int
    two_factor: bool
    # Any electronic rail ready (VietQR, payOS, card): the programme's "e-payment account".
    rail_ready: bool = False

    @property
    def payment_ready(self) -> bool:
        return self.rail_ready or self.payment_state == AccountState.READY

    @property
    def storefront_live(self) -> bool:
        return bool(self.storefront is not None and self.storefront.live)


@dataclass(frozen=True)
class Step:
    code: str
    label: str
    state: str
    detail: str
    url: str
    post: bool = False  # the link is a form button that starts the step

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]


def facts_for(*, business: Business) -> Facts:
    # The card account and whether any electronic rail is ready, in one query.
    payment = (
        Business.objects.filter(pk=business.pk)
        .select_related("payment_account")
        .annotate(
            rail_ready=Case(
                When(payment_selectors.electronic_rail_ready_q(), then=Value(True)),
                default=Value(False),
                output_field=BooleanField(),
            )
        )
        .only("pk", "payment_account__state")
        .first()
    )
    account = getattr(payment, "payment_account", None)
    return Facts(
        payment_state=payment_selectors.state_of(account),
        storefront=cms_selectors.storefront_for_business(business=business),
        products_listed=marketplace_selectors.products_visible(with_renditions=())
        .filter(business=business)
        .count(),
        paid_orders=Order.objects.filter(business=business, status__in=PAID_STATUSES).count(),
        two_factor=Authenticator.objects.filter(
            user__memberships__business=business, type=Authenticator.Type.TOTP
        ).exists(),
        rail_ready=bool(payment and payment.rail_ready),
    )


def storefront_fact(facts: Facts) -> str:
    if facts.storefront_live:
        return str(_("Storefront live"))
    if facts.storefront is not None:
        return str(_("Storefront in draft"))
    return str(_("No storefront yet"))


def platform_steps(*, business: Business, facts: Facts) -> dict[str, Step]:
    """The state of every platform step, keyed by the questionnaire's step names."""
    payment_state = facts.payment_state
    if facts.payment_ready:
        payment = DONE
    elif payment_state == AccountState.NOT_STARTED:
        payment = NOT_STARTED
    else:
        payment = IN_PROGRESS
    storefront = facts.storefront
    if facts.storefront_live:
        storefront_step = Step(
            "storefront", _("Storefront"), DONE, _("Your storefront is live."), storefront.url
        )
    elif storefront is not None:
        storefront_step = Step(
            "storefront",
            _("Storefront"),
            IN_PROGRESS,
            _("Your storefront is a draft: publish it when it is ready."),
            reverse("wagtailadmin_pages:edit", args=[storefront.pk]),
        )
    else:
        storefront_step = Step(
            "storefront",
            _("Storefront"),
            NOT_STARTED,
            _("Create your storefront from your business profile in one click."),
            reverse("onboarding:storefront", kwargs={"slug": business.slug}),
            post=True,
        )
    return {
        "payment_account": Step(
            "payment_account",
            _("E-payment account"),
            payment,
            AccountState.READY.label if facts.payment_ready else AccountState(payment_state).label,
            reverse("payments:account", kwargs={"slug": business.slug}),
        ),
        "storefront": storefront_step,
        "first_product": Step(
            "first_product",
            _("First product"),
            DONE if facts.products_listed else NOT_STARTED,
            _("%(count)d products shoppers can see.") % {"count": facts.products_listed},
            storefront.url if facts.storefront_live else "",
        ),
        "two_factor": Step(
            "two_factor",
            _("Two-factor sign-in"),
            DONE if facts.two_factor else NOT_STARTED,
            _("Someone in the business signs in with two-factor.")
            if facts.two_factor
            else _("Nobody in the business signs in with two-factor yet."),
            reverse("mfa_index"),
        ),
    }


def journey(
    *,
    business: Business,
    facts: Facts,
    steps: dict[str, Step],
    latest: Assessment | None,
    has_draft: bool,
) -> list[Step]:
    """The adoption journey, each step's state computed from the records."""
    if latest is not None:
        assessment = DONE
    elif has_draft:
        assessment = IN_PROGRESS
    else:
        assessment = NOT_STARTED
    return [
        Step(
            "profile",
            _("Business profile"),
            DONE,
            _("Entered once, reused everywhere."),
            business.get_absolute_url(),
        ),
        Step(
            "assessment",
            _("Digital maturity check"),
            assessment,
            "",
            reverse("onboarding:business", kwargs={"slug": business.slug}),
        ),
        steps["payment_account"],
        steps["storefront"],
        steps["first_product"],
        Step(
            "first_sale",
            _("First sale"),
            DONE if facts.paid_orders else NOT_STARTED,
            _("%(count)d paid orders on Chợ Số.") % {"count": facts.paid_orders},
            "",
        ),
    ]


def mismatches(*, answers: dict, facts: Facts) -> list[str]:
    """Gentle notes where the answers and what the platform sees disagree."""
    notes = []
    sells_online = (answers.get("E2") or 0) >= 2 or (answers.get("E3") or 0) >= 1
    if sells_online and not facts.products_listed:
        notes.append(
            _(
                "You said you sell online, but no products of yours can be seen on Chợ Số yet. "
                "Listing them here too brings in shoppers from your neighbourhood."
            )
        )
    if (answers.get("E2") or 0) < 2 and facts.products_listed:
        notes.append(
            _(
                "Your products are listed on Chợ Số: next time you can answer that you sell on "
                "a marketplace."
            )
        )
    if (answers.get("E1") or 0) >= 3 and not facts.storefront_live:
        notes.append(
            _("You said you have your own online shop; your storefront on Chợ Số is not live yet.")
        )
    if (answers.get("P2") or 0) >= 3 and not facts.payment_ready:
        notes.append(
            _(
                "You take cashless payments at the counter, but your e-payment account on Chợ Số "
                "is not ready yet, so shoppers here cannot pay you online."
            )
        )
    if answers.get("C2") == 4 and not facts.two_factor:
        notes.append(
            _(
                "You said you use two-factor sign-in; nobody in your business has turned it on "
                "for Chợ Số yet."
            )
        )
    return notes


@dataclass(frozen=True)
class PlanItem:
    code: str
    title: str
    dimension: str
    guide: object | None
    step: Step | None


GUIDE_LIMIT = 200
# Words too common to tell one guide from another (both languages, lower case).
_COMMON_WORDS = frozenset(
    "the and for your you with what they from into that this every each one all own "
    "của cho các một với trên hoặc bằng những không được trong mỗi hàng khách doanh nghiệp "
    "chợ".split()
)


def _words(text: str) -> set[str]:
    return {
        word
        for word in re.findall(r"\w+", text.lower())
        if len(word) >= 3 and word not in _COMMON_WORDS
    }


def _best_guide(action, guides: list, used: set[int]):
    """The platform step's own guide, else the guide of the action's dimension that shares most
    words with the action's title (unused ones first, then the cms's order)."""
    if action.platform_step:
        wanted = GUIDE_ACTIONS[action.platform_step]
        guide = next((g for g in guides if g.platform_action == wanted), None)
        if guide is not None:
            return guide
    same = [g for g in guides if g.dimension == action.dimension]
    if not same:
        return None
    title = _words(str(action.title))
    return max(
        same,
        key=lambda g: (
            g.pk not in used,
            len(title & _words(f"{g.title} {g.summary}")),
            -same.index(g),
        ),
    )


def plan_items(*, assessment: Assessment, steps: dict[str, Step]) -> list[PlanItem]:
    """The assessment's plan with, per action, a guide and the platform step's current state.

    Guides come in one query (those suited to the level, in the active language).
    """
    questionnaire = registry.get(assessment.version)
    level = questionnaire.level_index(assessment.level)
    guides = list(cms_selectors.guides_for(level=level, limit=GUIDE_LIMIT))
    used: set[int] = set()
    items = []
    for code in assessment.plan:
        action = questionnaire.actions[code]
        guide = _best_guide(action, guides, used)
        if guide is not None:
            used.add(guide.pk)
        items.append(
            PlanItem(
                code=code,
                title=str(action.title),
                dimension=action.dimension,
                guide=guide,
                step=steps.get(action.platform_step) if action.platform_step else None,
            )
        )
    return items
