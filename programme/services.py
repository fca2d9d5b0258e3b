"""Writes of the programme: keeping ``BusinessFacts`` (and ``SalesMonth``) current.

``business_facts_refresh`` recomputes the facts of some businesses (or all) from the records of the
lower apps in one query per batch, each fact a correlated subquery the database evaluates, and
upserts them. ``programme.handlers`` calls it for the business named by every domain event
(``core.events``) once the write commits; ``manage.py programme_refresh`` rebuilds everything on
a schedule (and after a deploy).

Each fact follows the lower app's own rule, read from it: an e-payment account is any electronic
rail ready (``payments.selectors.electronic_rail_ready_q``), a product counts when a shopper can see
it (``marketplace.selectors.visible_q``), a sale is an order in ``orders.models.PAID_STATUSES``,
settled electronically unless it came as cash (``programme.indicators.ELECTRONIC_ORDER``). The
month an account became ready is the month the facts first saw it ready (kept across rebuilds).
"""

import functools
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import (
    BigIntegerField,
    BooleanField,
    Case,
    Count,
    DateTimeField,
    Exists,
    F,
    FloatField,
    IntegerField,
    Min,
    OuterRef,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, TruncMonth
from django.utils import timezone

from accounts.models import Business
from cms.models import StorefrontPage
from marketplace.models import Product
from marketplace.selectors import visible_q
from onboarding.models import Assessment, AssessmentStatus
from orders.models import PAID_STATUSES, Order
from payments.selectors import electronic_rail_ready_q
from programme import cache, open_data, tallies
from programme.indicators import DIGITAL_PLATFORMS_ANSWERS, ELECTRONIC_ORDER
from programme.models import BusinessFacts, OpenDataSnapshot, SalesMonth

BATCH = 2000
DIMENSIONS = ("S", "E", "P", "O", "C", "H")
FIELDS = [field.name for field in BusinessFacts._meta.concrete_fields if field.name != "business"]


def month_of(when) -> str:
    """ "YYYY-MM" of an aware datetime in the city's time zone."""
    return timezone.localtime(when).strftime("%Y-%m")


def _dimension(code: str) -> Cast:
    return Cast(KT(f"dimension_scores__{code}"), FloatField())


def _sales() -> QuerySet[Order]:
    """Orders whose money was received, each with its goods' value net of refunds (delivery fees
    and their refunds left out: ``refunded_amount`` includes a refunded fee) and the time the
    money came (paid, else completed for cash on delivery, else created)."""
    return Order.objects.filter(status__in=PAID_STATUSES).annotate(
        value=F("subtotal") - (F("refunded_amount") - F("delivery_fee_refunded")),
        received_at=Coalesce("paid_at", "completed_at", "created_at"),
    )


def _sum(orders, *, electronic: bool) -> Subquery:
    if electronic:
        orders = orders.filter(ELECTRONIC_ORDER)
    return Coalesce(
        Subquery(
            orders.filter(business=OuterRef("pk"))
            .order_by()
            .values("business")
            .annotate(total=Sum("value"))
            .values("total")[:1],
            output_field=BigIntegerField(),
        ),
        0,
    )


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
        f_first_assessed_at=Subquery(first.values("taken_at")[:1], output_field=DateTimeField()),
        f_latest_overall=Subquery(latest.values("overall")[:1], output_field=FloatField()),
        f_latest_level=Subquery(latest.values("level")[:1]),
        f_latest_digital=Subquery(
            latest.annotate(
                digital=Case(When(DIGITAL_PLATFORMS_ANSWERS, then=Value(1)), default=Value(0))
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
        f_has_visible_product=Exists(Product.objects.filter(visible_q(), business=OuterRef("pk"))),
        f_first_sale_at=Subquery(
            _sales()
            .filter(business=OuterRef("pk"))
            .order_by()
            .values("business")
            .annotate(first=Min("received_at"))
            .values("first")[:1],
            # Typed: SQLite answers a bare MIN(COALESCE(...)) as text, not a datetime.
            output_field=DateTimeField(),
        ),
        f_sales_value=_sum(_sales(), electronic=False),
        f_electronic_value=_sum(_sales(), electronic=True),
        # Joined on the batch itself (each rail is one-to-one with its business): as a correlated
        # EXISTS the OR across three outer joins was planned as a scan per business.
        f_payment_ready=Case(
            When(electronic_rail_ready_q(), then=Value(True)),
            default=Value(False),
            output_field=BooleanField(),
        ),
        f_ready_seen_at=Subquery(
            BusinessFacts.objects.filter(business=OuterRef("pk")).values("payment_ready_at")[:1],
            output_field=DateTimeField(),
        ),
        f_former_district=F("ward__former_district"),
    )


# A business id no business has: marks where the one business goes in the compiled statement.
_SOMEONE = -7_310_000_000_001


@functools.cache
def _one_statement() -> tuple[str, tuple, int]:
    """The SQL of ``_annotated`` for one business, compiled once per process (compiling its
    thirty subqueries costs more than running them), and where the business's id goes."""
    sql, params = _annotated(_businesses().filter(pk=_SOMEONE)).query.sql_with_params()
    if params.count(_SOMEONE) != 1:
        raise RuntimeError("the facts statement does not read one business id")
    return sql, params, params.index(_SOMEONE)


def _annotated_one(business_id: int) -> list[Business]:
    if connection.vendor != "postgresql":
        # A raw statement's extra columns skip the ORM's converters: SQLite (the embedded demo)
        # would answer its timestamps as text or naive datetimes. The ORM path reads the same.
        return list(_annotated(_businesses().filter(pk=business_id)))
    sql, params, index = _one_statement()
    return list(Business.objects.raw(sql, [*params[:index], business_id, *params[index + 1 :]]))


def _facts(business, now) -> BusinessFacts:
    ready = business.f_payment_ready
    several = business.f_assessments >= 2
    values = {
        "ward_id": business.ward_id,
        "former_district": business.f_former_district,
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
        # First seen ready by the facts: kept while the business stays ready.
        "payment_ready_at": (business.f_ready_seen_at or now) if ready else None,
        "storefront_live": business.f_storefront_live,
        "has_visible_product": business.f_has_visible_product,
        "first_sale_at": business.f_first_sale_at,
        "sales_value": business.f_sales_value,
        "electronic_value": business.f_electronic_value,
    }
    for name in ("joined", "first_assessed", "payment_ready", "first_sale"):
        when = values[f"{name}_at"]
        values[f"{name}_month"] = month_of(when) if when else ""
    for code in DIMENSIONS:
        key = code.lower()
        values[f"latest_{key}"] = getattr(business, f"f_latest_{key}")
        values[f"t0_{key}"] = getattr(business, f"f_t0_{key}") if several else None
    return BusinessFacts(business_id=business.pk, **values)


def _sales_months(business_ids: list[int]) -> list[SalesMonth]:
    """The businesses' sales grouped by month of receiving the money (city time), in one query."""
    rows = (
        _sales()
        .filter(business_id__in=business_ids)
        .annotate(month=TruncMonth("received_at", tzinfo=timezone.get_current_timezone()))
        .order_by()
        .values("business_id", "month")
        .annotate(
            sales=Sum("value"),
            electronic=Coalesce(
                Sum(
                    Case(
                        When(ELECTRONIC_ORDER, then=F("value")),
                        default=Value(0),
                        output_field=BigIntegerField(),
                    )
                ),
                0,
            ),
        )
    )
    return [
        SalesMonth(
            business_id=row["business_id"],
            month=row["month"].strftime("%Y-%m"),
            sales_value=row["sales"],
            electronic_value=row["electronic"],
        )
        for row in rows
    ]


def _businesses() -> QuerySet[Business]:
    return Business.objects.order_by("pk").only(
        "pk",
        "ward",
        "sector",
        "size_band",
        "business_type",
        "is_active",
        "created_at",
    )


@transaction.atomic
def _refresh(ids: list[int], now) -> int:
    """Rewrites the facts and sales months of ``ids`` and adds the difference they make to the
    city's tallies, in one transaction: about ten statements, whatever ``len(ids)`` (up to
    ``BATCH``) and the size of the city."""
    # Locked first so that two refreshes of one business add their differences one after the
    # other (each reads the "before" the other committed).
    locked = list(
        Business.objects.select_for_update().filter(pk__in=ids).values_list("pk", flat=True)
    )
    before = tallies.contributions(ids)
    if len(locked) == 1:
        records = _annotated_one(locked[0])
    else:
        records = _annotated(_businesses().filter(pk__in=locked)) if locked else []
    batch = [_facts(b, now) for b in records]
    if batch:
        BusinessFacts.objects.bulk_create(
            batch, update_conflicts=True, unique_fields=["business"], update_fields=FIELDS
        )
    SalesMonth.objects.filter(business_id__in=ids).delete()
    months = _sales_months(locked) if locked else []
    if months:
        SalesMonth.objects.bulk_create(months)
    tallies.apply(before, tallies.contributions(ids))
    return len(batch)


def business_facts_refresh(
    *, business_ids: Iterable[int] | None = None, after: int = 0, progress=None
) -> int:
    """Recomputes the facts of ``business_ids`` (every business when None, in batches of
    ``BATCH`` each committed on its own, from the one after ``after``: an interrupted rebuild
    resumes where ``progress(last_id)`` last reported); returns how many.

    A full rebuild ends by rebuilding the tallies from the facts (``programme.tallies``)."""
    now = timezone.now()
    if business_ids is not None:
        ids = sorted(set(business_ids))
        return sum(_refresh(ids[i : i + BATCH], now) for i in range(0, len(ids), BATCH))
    refreshed, last_pk = 0, after
    while True:
        ids = list(
            Business.objects.filter(pk__gt=last_pk)
            .order_by("pk")
            .values_list("pk", flat=True)[:BATCH]
        )
        if not ids:
            break
        refreshed += _refresh(ids, now)
        last_pk = ids[-1]
        if progress:
            progress(last_pk)
        if len(ids) < BATCH:  # the last batch: no need to ask for an empty one
            break
    tallies.rebuild()
    return refreshed


def business_changed(*, business_id: int) -> None:
    """What the programme does once a change to one business commits (its profile, an
    assessment, a payment rail, its storefront, a product, an order): that business's facts and
    sales months are recomputed, the city's tallies moved by the difference, and the cached
    figures dropped. Nothing city-wide is read or written: a fixed number of statements."""
    business_facts_refresh(business_ids=[business_id])
    cache.invalidate()


def facts_catch_up() -> int:
    """Builds the facts of the businesses that have none (created by a bulk import that sent no
    event) and rebuilds the tallies from the facts; the scheduled job. Returns how many
    businesses it added."""
    missing = list(
        Business.objects.filter(~Exists(BusinessFacts.objects.filter(business=OuterRef("pk"))))
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    added = business_facts_refresh(business_ids=missing) if missing else 0
    tallies.rebuild()
    return added


def _month_before(month: str) -> str:
    year, number = map(int, month.split("-"))
    return f"{year - 1}-12" if number == 1 else f"{year:04d}-{number - 1:02d}"


def open_data_snapshot(*, now=None) -> str | None:
    """Keeps the open-data files of the month just ended (city time), once: the first run of the
    scheduled job in a month writes last month's snapshot from the figures as they stand, and
    no later run rewrites it. Returns the month written, or None when it was already kept."""
    month = _month_before(month_of(now or timezone.now()))
    if OpenDataSnapshot.objects.filter(month=month).exists():
        return None
    data = open_data.dataset()
    OpenDataSnapshot.objects.bulk_create(
        [
            OpenDataSnapshot(
                month=month,
                name=name,
                content_type=content_type,
                content=open_data.file_bytes(name, data),
            )
            for name, content_type in open_data.FILES.items()
        ],
        ignore_conflicts=True,  # a second job racing this one keeps the first one's files
    )
    return month
