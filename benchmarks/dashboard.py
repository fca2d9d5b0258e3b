"""dashboard_10x_ratio: the programme dashboard's time at 20,000 businesses over its time at 2,000.

Each business has two submitted assessments; 70% have an e-payment account (half of them ready),
one in five an active product. The dashboard is requested as a programme manager through the test
client, with every figure computed afresh from the per-business facts (cache cleared before each
request: the worst case, what the first manager sees after a change), median of ``RUNS`` requests. The warm time (figures from
the cache) is printed too. Goal: ratio <= 2.

Runs on the database in ``DATABASE_URL`` (PostgreSQL in CI, dropped and created afresh: give it a
database of its own; a throwaway SQLite file otherwise); the tables are created by ``migrate`` and
the rows bulk-inserted. Usage:
    .venv/bin/python benchmarks/dashboard.py [--small 2000] [--large 20000]
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5


def _setup_django():
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from benchmarks.postgres import recreate_database  # noqa: PLC0415

        recreate_database(os.environ["DATABASE_URL"])
    if not os.environ.get("DATABASE_URL"):
        path = Path(tempfile.mkdtemp(prefix="choso-bench-")) / "bench.sqlite3"
        os.environ["DATABASE_URL"] = f"sqlite:///{path}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django  # noqa: PLC0415 - settings must be chosen first

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0, interactive=False)


def _populate(start: int, count: int, *, wards, sectors, now):
    from datetime import timedelta  # noqa: PLC0415

    from accounts.models import Business  # noqa: PLC0415
    from accounts.services import size_band_for  # noqa: PLC0415
    from marketplace.models import Category, Product, ProductStatus  # noqa: PLC0415
    from onboarding.models import Assessment, AssessmentStatus  # noqa: PLC0415
    from payments.models import AccountState, PaymentAccount  # noqa: PLC0415
    from privacy.crypto import blind_index  # noqa: PLC0415
    from programme.services import business_facts_refresh  # noqa: PLC0415

    rng = random.Random(start)
    businesses = []
    for n in range(start, start + count):
        sector = rng.choice(sectors)
        employees = rng.randint(1, 120)
        revenue = rng.randint(100, 90_000) * 1_000_000
        businesses.append(
            Business(
                legal_name=f"Bench {n}",
                trading_name=f"Bench shop {n}",
                slug=f"bench-{n}",
                business_type=rng.choice(["household", "company"]),
                tax_code=f"079{n:09d}",
                tax_code_kind="personal_id",
                tax_code_index=blind_index(f"bench:{n}"),
                owner_name="Nguyễn Văn Bench",
                phone="+84903000000",
                email=f"bench{n}@example.vn",
                street_address="1 Lê Lợi",
                ward_id=rng.choice(wards),
                sector=sector,
                employees=employees,
                annual_revenue_vnd=revenue,
                size_band=size_band_for(
                    sector=sector, employees=employees, annual_revenue_vnd=revenue
                ),
                year_founded=2015,
            )
        )
    Business.objects.bulk_create(businesses, batch_size=1000)
    created = list(Business.objects.filter(slug__startswith="bench-").order_by("pk")[start:])
    joined = [now - timedelta(days=rng.randint(0, 700)) for _ in created]
    for business, when in zip(created, joined, strict=True):
        business.created_at = when
    Business.objects.bulk_update(created, ["created_at"], batch_size=1000)
    assessments, accounts, products = [], [], []
    category = Category.objects.filter(parent__isnull=False).first() or Category.objects.first()
    for business, when in zip(created, joined, strict=True):
        for index in range(2):
            overall = round(rng.uniform(0, 100), 1)
            level = next(
                code
                for code, top in (
                    ("L0", 10),
                    ("L1", 30),
                    ("L2", 50),
                    ("L3", 70),
                    ("L4", 85),
                    ("L5", 100),
                )
                if overall <= top
            )
            assessments.append(
                Assessment(
                    business=business,
                    version="2026.1",
                    status=AssessmentStatus.SUBMITTED,
                    answers={
                        "E2": rng.randint(0, 4),
                        "O1": rng.randint(0, 4),
                        "O2": rng.randint(0, 4),
                    },
                    dimension_scores={c: round(rng.uniform(0, 100), 1) for c in "SEPOCH"},
                    overall=overall,
                    unweighted_mean=overall,
                    level=level,
                    taken_at=min(now, when + timedelta(days=1 + 120 * index)),
                )
            )
        if rng.random() < 0.7:
            ready = rng.random() < 0.5
            accounts.append(
                PaymentAccount(
                    business=business,
                    provider="sandbox",
                    provider_account_id=f"bench_{business.pk}",
                    state=AccountState.READY if ready else AccountState.INFORMATION_NEEDED,
                    ready_at=min(now, when + timedelta(days=30)) if ready else None,
                )
            )
        if rng.random() < 0.2:
            products.append(
                Product(
                    business=business,
                    category=category,
                    name=f"Bench product {business.pk}",
                    slug=f"bench-product-{business.pk}",
                    price=50_000,
                    stock=5,
                    status=ProductStatus.ACTIVE,
                )
            )
    Assessment.objects.bulk_create(assessments, batch_size=2000)
    PaymentAccount.objects.bulk_create(accounts, batch_size=2000)
    Product.objects.bulk_create(products, batch_size=2000)
    # Bulk inserts send no signals: the scheduled full refresh brings the facts up to date.
    started = time.perf_counter()
    business_facts_refresh()
    return time.perf_counter() - started


def _time_dashboard(client, *, cold: bool) -> float:
    from django.core.cache import cache  # noqa: PLC0415

    times = []
    for _ in range(RUNS):
        if cold:
            cache.clear()
        started = time.perf_counter()
        response = client.get("/admin/programme/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def _time_facts_update_one(business_ids: list[int]) -> float:
    """One business's facts recomputed (what follows each committed write), median over
    ``business_ids`` taken one at a time."""
    from programme.services import business_facts_refresh  # noqa: PLC0415

    times = []
    for business_id in business_ids:
        started = time.perf_counter()
        business_facts_refresh(business_ids=[business_id])
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def main(argv=None) -> float:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=20_000)
    args = parser.parse_args(argv)
    _setup_django()

    from django.contrib.auth.models import Group  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import setup_test_environment  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from accounts.models import Business, Sector, User, Ward  # noqa: PLC0415
    from accounts.roles import Role  # noqa: PLC0415

    setup_test_environment()
    manager, _ = User.objects.get_or_create(email="bench-manager@example.vn")
    manager.groups.add(Group.objects.get(name=Role.PROGRAMME_MANAGER))
    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(manager)
    wards = list(Ward.objects.values_list("code", flat=True))
    sectors = [choice for choice, _label in Sector.choices]
    now = timezone.now()

    small_refresh = _populate(0, args.small, wards=wards, sectors=sectors, now=now)
    small_cold = _time_dashboard(client, cold=True)
    small_warm = _time_dashboard(client, cold=False)
    large_refresh = _populate(
        args.small, args.large - args.small, wards=wards, sectors=sectors, now=now
    )
    large_cold = _time_dashboard(client, cold=True)
    large_warm = _time_dashboard(client, cold=False)
    sample = random.Random(7).sample(range(1, args.large + 1), k=min(50, args.large))
    update_one = _time_facts_update_one(
        list(Business.objects.filter(pk__in=sample).values_list("pk", flat=True))
    )

    ratio = large_cold / small_cold
    print(
        f"dashboard at {args.small} businesses: {small_cold * 1000:.0f} ms cold, {small_warm * 1000:.0f} ms cached"
    )
    print(
        f"dashboard at {args.large} businesses: {large_cold * 1000:.0f} ms cold, {large_warm * 1000:.0f} ms cached"
    )
    print(
        f"full facts refresh: {small_refresh:.1f} s at {args.small}, "
        f"{large_refresh:.1f} s at {args.large}"
    )
    print(f"facts_update_one_ms at {args.large}: {update_one * 1000:.1f}")
    print(f"dashboard_10x_ratio_cached: {large_warm / small_warm:.2f}")
    print(f"dashboard_10x_ratio: {ratio:.2f}")
    return ratio


if __name__ == "__main__":
    main()
