"""Writes of the programme: keeping ``BusinessFacts`` current.

``business_facts_refresh`` recomputes the facts of some businesses (or all) from the records of the
lower apps in one query per batch, each fact a correlated subquery the database evaluates, and
upserts them. ``programme.signals`` calls it for the business behind every write once the write
commits; ``manage.py programme_refresh`` rebuilds everything on a schedule (and after a deploy).
"""

from collections.abc import Iterable

from django.db import transaction
from django.db.models import (
    Case,
    Count,
    Exists,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce
from django.utils import timezone

from accounts.models import Business
from cms.models import StorefrontPage
from marketplace.models import Product, ProductStatus
from onboarding.facts import PAID_STATUSES
from onboarding.models import Assessment, AssessmentStatus
from orders.models import Order
from payments.models import AccountState
from programme.models import BusinessFacts

BATCH = 2000
DIMENSIONS = ("S", "E", "P", "O", "C", "H")
# "Using digital platforms" (spec): marketplaces E2 >= 2, or records / accounting O1 or O2 >= 3.
DIGITAL_PLATFORMS_Q = Q(answers__E2__gte=2) | Q(answers__O1__gte=3) | Q(answers__O2__gte=3)
FIELDS = [field.name for field in BusinessFacts._meta.concrete_fields if field.name != "business"]


def month_of(when) -> str:
    """ "YYYY-MM" of an aware datetime in the city's time zone."""
    return timezone.localtime(when).strftime("%Y-%m")


def _dimension(code: str) -> Cast:
    return Cast(KT(f"dimension_scores__{code}"), FloatField())


def _annotated(qs):
    own = Assessment.objects.filter(status=AssessmentStatus.SUBMITTED, business=OuterRef("pk"))
    latest = own.order_by("-taken_at", "-pk")
    first = own.order_by("taken_at", "pk")
    return qs.annotate(
        f_assessments=Coalesce(
            Subquery(
                own.order_by().values("business").annotate(n=Count("pk")).values("n")[:1],
                output_field=IntegerField(),
            ),
            0,
        ),
        f_first_assessed_at=Subquery(first.values("taken_at")[:1]),
        f_latest_overall=Subquery(latest.values("overall")[:1], output_field=FloatField()),
        f_latest_level=Subquery(latest.values("level")[:1]),
        f_latest_digital=Subquery(
            latest.annotate(
                digital=Case(When(DIGITAL_PLATFORMS_Q, then=Value(1)), default=Value(0))
            ).values("digital")[:1],
            output_field=IntegerField(),
        ),
        f_t0_overall=Subquery(first.values("overall")[:1], output_field=FloatField()),
        f_t0_level=Subquery(first.values("level")[:1]),
        **{
            f"f_latest_{code.lower()}": Subquery(
                latest.annotate(v=_dimension(code)).values("v")[:1], output_field=FloatField()
            )
            for code in DIMENSIONS
        },
        **{
            f"f_t0_{code.lower()}": Subquery(
                first.annotate(v=_dimension(code)).values("v")[:1], output_field=FloatField()
            )
            for code in DIMENSIONS
        },
        f_storefront_live=Exists(StorefrontPage.objects.filter(business=OuterRef("pk"), live=True)),
        f_has_product=Exists(
            Product.objects.filter(business=OuterRef("pk"), status=ProductStatus.ACTIVE)
        ),
        f_first_sale_at=Subquery(
            Order.objects.filter(business=OuterRef("pk"), status__in=PAID_STATUSES)
            .order_by()
            .values("business")
            .annotate(first=Min("paid_at"))
            .values("first")[:1]
        ),
    ).select_related("ward", "payment_account")


def _facts(business) -> BusinessFacts:
    account = getattr(business, "payment_account", None)
    ready = account is not None and account.state == AccountState.READY
    several = business.f_assessments >= 2
    values = {
        "ward_id": business.ward_id,
        "former_district": business.ward.former_district,
        "sector": business.sector,
        "size_band": business.size_band,
        "business_type": business.business_type,
        "is_active": business.is_active,
        "joined_at": business.created_at,
        "assessments": business.f_assessments,
        "first_assessed_at": business.f_first_assessed_at,
        "latest_overall": business.f_latest_overall,
        "latest_level": business.f_latest_level or "",
        "latest_digital": bool(business.f_latest_digital),
        # T0 only means something once there is a later assessment to compare with.
        "t0_overall": business.f_t0_overall if several else None,
        "t0_level": (business.f_t0_level or "") if several else "",
        "payment_ready": ready,
        "payment_ready_at": (account.ready_at or account.state_changed_at or account.created_at)
        if ready
        else None,
        "storefront_live": business.f_storefront_live,
        "has_product": business.f_has_product,
        "first_sale_at": business.f_first_sale_at,
    }
    for name in ("joined", "first_assessed", "payment_ready", "first_sale"):
        when = values[f"{name}_at"]
        values[f"{name}_month"] = month_of(when) if when else ""
    for code in DIMENSIONS:
        key = code.lower()
        values[f"latest_{key}"] = getattr(business, f"f_latest_{key}")
        values[f"t0_{key}"] = getattr(business, f"f_t0_{key}") if several else None
    return BusinessFacts(business_id=business.pk, **values)


@transaction.atomic
def business_facts_refresh(*, business_ids: Iterable[int] | None = None) -> int:
    """Recomputes the facts of ``business_ids`` (every business when None); returns how many."""
    businesses = Business.objects.order_by("pk").only(
        "pk",
        "ward",
        "sector",
        "size_band",
        "business_type",
        "is_active",
        "created_at",
        "ward__former_district",
        "payment_account__state",
        "payment_account__ready_at",
        "payment_account__state_changed_at",
        "payment_account__created_at",
    )
    if business_ids is not None:
        businesses = businesses.filter(pk__in=list(business_ids))
    refreshed, last_pk = 0, 0
    while True:
        batch = [_facts(b) for b in _annotated(businesses.filter(pk__gt=last_pk))[:BATCH]]
        if not batch:
            return refreshed
        BusinessFacts.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["business"], update_fields=FIELDS
        )
        refreshed += len(batch)
        last_pk = batch[-1].business_id
