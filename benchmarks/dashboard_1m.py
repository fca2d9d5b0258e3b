"""City scale: the programme dashboard at 1,000,000 businesses, and one business's change there.

Prints ``dashboard_100k_ms`` and ``dashboard_1m_ms`` (cold: the cache cleared before each request,
median of ``RUNS``, as a programme manager through the test client), ``dashboard_1m_vs_100k``
(goal <= 2) and ``facts_update_one_ms`` (``programme.services.business_changed`` for one business
at 1,000,000, median over ``SAMPLE`` businesses; goal <= 50 ms), plus the seeding time and the
tallies rebuild (the hourly job's) time.

The city is written with ``COPY`` (a few minutes): businesses spread over every ward, sector and
18 months of joining, two submitted assessments each, 70% with a card-payment account (half of
them ready), and each business's facts row as ``programme.services`` computes it. A fact row is
written by the seeder rather than computed (computing a million takes about twenty minutes), so the
run checks its word: the sampled businesses' facts recomputed by the service must equal what the
seeder wrote, and the tallies after the sampled changes must equal a rebuild from the facts.

Runs on a scratch PostgreSQL database that it creates and drops (``BENCH_1M_DATABASE_URL``,
default ``postgres://postgres@127.0.0.1:5432/bench_1m``); about 2.5 GB while it runs. Usage:
    .venv/bin/python benchmarks/dashboard_1m.py [--small 100000] [--large 1000000]
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RUNS = 5
SAMPLE = 50
LEVELS = (("L0", 10), ("L1", 30), ("L2", 50), ("L3", 70), ("L4", 85), ("L5", 100))
DB_URL = os.environ.get("BENCH_1M_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/bench_1m")
FACT_COLUMNS = (
    "business_id", "ward_id", "former_district", "sector", "size_band", "business_type",
    "is_active", "joined_at", "assessments", "first_assessed_at", "latest_overall",
    "latest_level", "latest_digital", "t0_overall", "t0_level",
    "latest_s", "latest_e", "latest_p", "latest_o", "latest_c", "latest_h",
    "t0_s", "t0_e", "t0_p", "t0_o", "t0_c", "t0_h",
    "payment_ready", "payment_ready_at", "storefront_live", "has_visible_product",
    "first_sale_at", "sales_value", "electronic_value", "joined_month", "first_assessed_month",
    "payment_ready_month", "first_sale_month", "refreshed_at",
)  # fmt: skip


def _setup_django():
    from benchmarks.postgres import recreate_database  # noqa: PLC0415

    recreate_database(DB_URL)
    os.environ["DATABASE_URL"] = DB_URL
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings_test")
    import django  # noqa: PLC0415 - settings must be chosen first

    django.setup()
    from django.core.management import call_command  # noqa: PLC0415

    call_command("migrate", verbosity=0, interactive=False)


def _default(field):
    value = field.get_default()
    if isinstance(value, dict | list):
        return json.dumps(value)
    return value


def _text(value) -> str:
    """One field in COPY's text format."""
    if value is None:
        return "\\N"
    if isinstance(value, bool):
        return "t" if value else "f"
    if isinstance(value, datetime.datetime):
        return value.isoformat()
    return str(value).replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")


class _Table:
    """Rows for one model's table, sent with COPY in chunks: the columns given, and every other
    column at its field's default (columns other apps add need nothing here)."""

    def __init__(self, cursor, model, columns: tuple[str, ...]):
        self.cursor, self.table = cursor, model._meta.db_table
        rest = [f for f in model._meta.concrete_fields if f.column not in columns]
        self.columns = (*columns, *(f.column for f in rest))
        self.defaults = "".join("\t" + _text(_default(f)) for f in rest)
        self.buffer, self.count = io.StringIO(), 0

    def line(self, text: str) -> None:
        """One row given in COPY's text format (the columns named, in order)."""
        self.buffer.write(text + self.defaults + "\n")
        self.count += 1
        if self.count % 50_000 == 0:
            self.flush()

    def flush(self) -> None:
        data = self.buffer.getvalue()
        if data:
            sql = f"COPY {self.table} ({', '.join(self.columns)}) FROM STDIN"
            with self.cursor.copy(sql) as copy:
                copy.write(data)
        self.buffer = io.StringIO()


def _seed(start: int, count: int, *, wards: dict[str, str], now) -> None:
    """Businesses ``start + 1`` to ``start + count`` with their assessments, payment accounts and
    facts rows, written with COPY."""
    from django.db import connection  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from accounts.models import Business, Sector  # noqa: PLC0415
    from accounts.services import size_band_for  # noqa: PLC0415
    from onboarding.models import Assessment  # noqa: PLC0415
    from payments.models import PaymentAccount  # noqa: PLC0415
    from programme.models import BusinessFacts  # noqa: PLC0415

    rng = random.Random(start)
    codes = sorted(wards)
    sectors = [choice for choice, _label in Sector.choices]
    tz = timezone.get_current_timezone()

    def month(when):
        return when.astimezone(tz).strftime("%Y-%m") if when else ""

    with connection.cursor() as wrapper:
        cursor = wrapper.cursor
        # The rows are consistent by construction: no foreign-key trigger per row while seeding.
        wrapper.execute("SET session_replication_role = replica")
        wrapper.execute("SET synchronous_commit = off")
        businesses = _Table(
            cursor,
            Business,
            ("id", "legal_name", "trading_name", "slug", "business_type", "tax_code",
             "tax_code_kind", "tax_code_index", "owner_name", "phone", "email", "street_address",
             "sector", "employees", "annual_revenue_vnd", "size_band", "year_founded",
             "is_active", "can_take_payments", "created_at", "updated_at", "ward_id"),
        )  # fmt: skip
        assessments = _Table(
            cursor,
            Assessment,
            ("id", "version", "status", "answers", "dimension_scores", "overall",
             "unweighted_mean", "level", "gate_capped", "plan", "advice", "assisted", "taken_at",
             "created_at", "updated_at", "business_id"),
        )  # fmt: skip
        accounts = _Table(
            cursor,
            PaymentAccount,
            ("id", "provider", "provider_account_id", "state", "charges_enabled",
             "payouts_enabled", "details_submitted", "requirements_due", "disabled_reason",
             "ready_at", "created_at", "updated_at", "business_id"),
        )  # fmt: skip
        facts = _Table(cursor, BusinessFacts, FACT_COLUMNS)
        # Pools drawn from by index: a million rows in a few minutes of Python.
        profiles = []
        for _ in range(4096):
            sector = rng.choice(sectors)
            employees, revenue = rng.randint(1, 120), rng.randint(100, 90_000) * 1_000_000
            size = size_band_for(sector=sector, employees=employees, annual_revenue_vnd=revenue)
            profiles.append(
                (sector, employees, revenue, size, rng.choice(("household", "company")))
            )
        scored = []
        for _ in range(4096):
            overall = round(rng.uniform(0, 100), 1)
            answers = {"E2": rng.randint(0, 4), "O1": rng.randint(0, 4), "O2": rng.randint(0, 4)}
            scores = {code: round(rng.uniform(0, 100), 1) for code in "SEPOCH"}
            scored.append(
                (
                    f"{overall:.1f}",
                    next(code for code, top in LEVELS if overall <= top),
                    json.dumps(answers),
                    json.dumps(scores),
                    "\t".join(str(scores[code]) for code in "SEPOCH"),
                    answers["E2"] >= 2 or answers["O1"] >= 3 or answers["O2"] >= 3,
                )
            )
        t, f, null = "t", "f", "\\N"
        stamp = now.isoformat()
        for n in range(start + 1, start + count + 1):
            sector, employees, revenue, size, kind = profiles[rng.getrandbits(12)]
            ward = codes[rng.randrange(len(codes))]
            joined = now - datetime.timedelta(seconds=rng.randrange(540 * 86_400))
            joined_text, joined_month = joined.isoformat(), month(joined)
            businesses.line(
                f"{n}\tBench {n}\tBench shop {n}\tbench-{n}\t{kind}\t079{n:09d}\tpersonal_id\t"
                f"bench-{n}\tNguyễn Văn Bench\t+84903000000\tbench{n}@example.vn\t1 Lê Lợi\t"
                f"{sector}\t{employees}\t{revenue}\t{size}\t2015\tt\tf\t{joined_text}\t"
                f"{joined_text}\t{ward}"
            )
            first_at = min(now, joined + datetime.timedelta(days=1))
            latest_at = min(now, joined + datetime.timedelta(days=121))
            first, latest = scored[rng.getrandbits(12)], scored[rng.getrandbits(12)]
            for index, (when, (overall, level, answers, scores, _d, _g)) in enumerate(
                ((first_at, first), (latest_at, latest))
            ):
                w = when.isoformat()
                assessments.line(
                    f"{2 * n - 1 + index}\t2026.1\tsubmitted\t{answers}\t{scores}\t{overall}\t"
                    f"{overall}\t{level}\tf\t[]\t[]\tf\t{w}\t{w}\t{w}\t{n}"
                )
            ready_at = None
            if rng.random() < 0.7:
                ready = rng.random() < 0.5
                ready_at = min(now, joined + datetime.timedelta(days=30)) if ready else None
                flag = t if ready else f
                accounts.line(
                    f"{n}\tsandbox\tbench_{n}\t{'ready' if ready else 'information_needed'}\t"
                    f"{flag}\t{flag}\t{flag}\t[]\t\t{ready_at.isoformat() if ready else null}\t"
                    f"{joined_text}\t{joined_text}\t{n}"
                )
            facts.line(
                f"{n}\t{ward}\t{wards[ward]}\t{sector}\t{size}\t{kind}\tt\t{joined_text}\t2\t"
                f"{first_at.isoformat()}\t{latest[0]}\t{latest[1]}\t{t if latest[5] else f}\t"
                f"{first[0]}\t{first[1]}\t{latest[4]}\t{first[4]}\t"
                f"{t if ready_at else f}\t{ready_at.isoformat() if ready_at else null}\tf\tf\t"
                f"{null}\t0\t0\t{joined_month}\t{month(first_at)}\t{month(ready_at)}\t\t{stamp}"
            )
        for table in (businesses, assessments, accounts, facts):
            table.flush()
        for table in ("accounts_business", "onboarding_assessment", "payments_paymentaccount"):
            wrapper.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"  # noqa: S608
            )
        wrapper.execute("SET session_replication_role = DEFAULT")
        wrapper.execute("SET synchronous_commit = on")
        wrapper.execute("ANALYZE")


def _time_dashboard(client) -> float:
    from django.core.cache import cache  # noqa: PLC0415

    times = []
    for _ in range(RUNS):
        cache.clear()
        started = time.perf_counter()
        response = client.get("/admin/programme/")
        times.append(time.perf_counter() - started)
        assert response.status_code == 200, response.status_code
    return statistics.median(times)


def _facts_rows(ids: list[int]) -> dict[int, tuple]:
    from programme.models import BusinessFacts  # noqa: PLC0415

    columns = [c for c in FACT_COLUMNS if c not in ("refreshed_at",)]
    rows = BusinessFacts.objects.filter(business_id__in=ids).values_list(*columns)
    return {row[0]: row for row in rows}


def _tally_rows() -> dict:
    from programme.models import FactsTally  # noqa: PLC0415

    return {
        (g, k, m): a
        for g, k, m, a in FactsTally.objects.exclude(amount=0).values_list(
            "grouping", "key", "measure", "amount"
        )
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--small", type=int, default=100_000)
    parser.add_argument("--large", type=int, default=1_000_000)
    args = parser.parse_args(argv)
    _setup_django()

    from django.contrib.auth.models import Group  # noqa: PLC0415
    from django.db import connection  # noqa: PLC0415
    from django.test import Client  # noqa: PLC0415
    from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: PLC0415
    from django.utils import timezone  # noqa: PLC0415

    from accounts.models import User, Ward  # noqa: PLC0415
    from accounts.roles import Role  # noqa: PLC0415
    from benchmarks.postgres import drop_database  # noqa: PLC0415
    from programme import tallies  # noqa: PLC0415
    from programme.services import business_changed  # noqa: PLC0415

    try:
        setup_test_environment()
        manager, _ = User.objects.get_or_create(email="bench-manager@example.vn")
        manager.groups.add(Group.objects.get(name=Role.PROGRAMME_MANAGER))
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(manager)
        wards = dict(Ward.objects.values_list("code", "former_district"))
        now = timezone.now()

        started = time.perf_counter()
        _seed(0, args.small, wards=wards, now=now)
        seed_small = time.perf_counter() - started
        tallies.rebuild()
        small = _time_dashboard(client)
        print(f"dashboard_{args.small // 1000}k_ms: {small * 1000:.1f}", flush=True)

        started = time.perf_counter()
        _seed(args.small, args.large - args.small, wards=wards, now=now)
        seed_large = time.perf_counter() - started
        started = time.perf_counter()
        tallies.rebuild()
        rebuild = time.perf_counter() - started
        large = _time_dashboard(client)
        with CaptureQueriesContext(connection) as queries:
            _time_dashboard(client)
        statements = len(queries.captured_queries) // RUNS

        sample = random.Random(7).sample(range(1, args.large + 1), k=SAMPLE)
        seeded = _facts_rows(sample)
        times = []
        for business_id in sample:
            started = time.perf_counter()
            business_changed(business_id=business_id)
            times.append(time.perf_counter() - started)
        update_one = statistics.median(times)
        if _facts_rows(sample) != seeded:
            raise SystemExit("the seeded facts differ from what programme.services computes")
        kept = _tally_rows()
        tallies.rebuild()
        if _tally_rows() != kept:
            raise SystemExit("the tallies moved by difference differ from a rebuild")

        print(f"seeding (COPY): {seed_small:.0f} s for {args.small}, {seed_large:.0f} s more")
        print(f"tallies rebuild (hourly job) at {args.large}: {rebuild:.1f} s")
        print(f"dashboard page statements (cold): {statements}")
        name = "1m" if args.large == 1_000_000 else f"{args.large // 1000}k"
        print(f"dashboard_{name}_ms: {large * 1000:.1f}")
        print(f"dashboard_{name}_vs_{args.small // 1000}k: {large / small:.2f}")
        print(f"facts_update_one_ms: {update_one * 1000:.1f}")
    finally:
        connection.close()
        drop_database(DB_URL)


if __name__ == "__main__":
    main()
