"""Catalogue benchmark (``make bench``): throughput of the product list against a floor.

1. Recreates a PostgreSQL database (``BENCH_DATABASE_URL``, default
   ``postgres://postgres@127.0.0.1:5432/choso_bench``), migrates it and seeds 1,000 products.
2. Serves the app with gunicorn (2 sync workers, DEBUG off, ``benchmarks.settings``) and measures
   the p95 latency of a 50-card page with response caching off.
3. Seeds the scale data set (``seed_scale --businesses 2000 --products 100000``, progress bar).
4. Measures, each paired in the same run with a floor endpoint (a Django view answering the same
   bytes through the same middleware, no database): the list as deployed (response cache on), the
   list with caching off, and a filtered full-text search with caching off; then the p95 latency
   again and the SQL queries per list request.

The load comes from a second process: ``wrk`` when installed, else a bounded asyncio client
(``BENCH_CONCURRENCY`` connections, ``BENCH_SECONDS`` per side of a figure after ``BENCH_WARMUP``,
in ``BENCH_ROUNDS`` alternating rounds of endpoint and floor);
latencies always from the asyncio client with one connection. Every figure is printed as
``name: value``.

The shopper pages (a storefront, one of its product pages, a search) are measured the same way:
cold (every cache of responses off) and as deployed (anonymous pages from the shared cache), each
against a floor answering the same HTML through the same stack; their p95 at 1,000 and at
``BENCH_PRODUCTS`` products and their SQL statements. ``BENCH_ONLY=pages`` measures only those
(for development; the default runs everything).

5. Runs the programme dashboard's benchmarks: ``benchmarks/dashboard.py`` (2,000 vs 20,000
   businesses) and ``benchmarks/dashboard_1m.py`` (city scale: 100,000 vs 1,000,000 businesses
   seeded with COPY, and one business's change at 1,000,000), each on a database of its own.
"""

import asyncio
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.postgres import recreate_database  # noqa: E402

PY = sys.executable
DB_URL = os.environ.get("BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/choso_bench")
PORT = int(os.environ.get("BENCH_PORT", "8199"))
SECONDS = float(os.environ.get("BENCH_SECONDS", "12"))
WARMUP = float(os.environ.get("BENCH_WARMUP", "2"))
ROUNDS = int(os.environ.get("BENCH_ROUNDS", "4"))
CONCURRENCY = int(os.environ.get("BENCH_CONCURRENCY", "4"))
BUSINESSES = int(os.environ.get("BENCH_BUSINESSES", "2000"))
PRODUCTS = int(os.environ.get("BENCH_PRODUCTS", "100000"))
WORK = Path(os.environ.get("BENCH_WORK_DIR") or tempfile.mkdtemp(prefix="choso-bench-"))

LIST = "/api/v1/products/?page_size=50"
SEARCH = "/api/v1/products/?q=ca+phe&category=thuc-pham-do-uong&price_max=3000000&page_size=50"
SEARCH_PAGE = "/vi/tim-kiem/?q=ca+phe"
ONLY = os.environ.get("BENCH_ONLY", "")


def _env(**extra) -> dict:
    env = os.environ.copy()
    env.update(
        DJANGO_SETTINGS_MODULE="benchmarks.settings",
        DATABASE_URL=DB_URL,
        PYTHONPATH=str(ROOT),
        MEDIA_ROOT=str(WORK / "media"),
        BENCH_FLOOR_DIR=str(WORK / "floor"),
        CONN_MAX_AGE="600",
        LOG_LEVEL="ERROR",
    )
    env.update({key: str(value) for key, value in extra.items()})
    return env


def manage(*args: str) -> None:
    subprocess.run([PY, "manage.py", *args], cwd=ROOT, env=_env(), check=True)


@contextmanager
def server(*, cache_seconds: int):
    command = [
        PY, "-m", "gunicorn", "config.wsgi",
        "--workers", "2", "--worker-class", "sync",
        "--bind", f"127.0.0.1:{PORT}", "--log-level", "warning",
    ]  # fmt: skip
    process = subprocess.Popen(command, cwd=ROOT, env=_env(BENCH_API_CACHE_SECONDS=cache_seconds))
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{PORT}/healthz", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.3)
        yield
    finally:
        process.terminate()
        process.wait(timeout=20)


def fetch(path: str) -> bytes:
    request = urllib.request.Request(
        f"http://127.0.0.1:{PORT}{path}", headers={"Accept-Language": "vi"}
    )
    with urllib.request.urlopen(request, timeout=30) as response:
        if response.status != 200:
            raise SystemExit(f"{path} answered {response.status}")
        return response.read()


def save_floor(name: str, path: str) -> str:
    """Stores the endpoint's current body as the floor's constant; returns the floor's path. A
    page (``/vi/...``) is stored as HTML and its floor answers text/html."""
    body = fetch(path)
    (WORK / "floor").mkdir(parents=True, exist_ok=True)
    if path.startswith("/api/"):
        json.loads(body)  # the endpoint must answer real JSON, not an error page
        (WORK / "floor" / f"{name}.json").write_bytes(body)
    else:
        if b"<html" not in body:
            raise SystemExit(f"{path} is not a page")
        (WORK / "floor" / f"{name}.html").write_bytes(body)
    floor = f"/bench/floor/{name}/"
    if fetch(floor) != body:
        raise SystemExit("the floor does not answer the same bytes")
    return floor


async def _load(path: str, seconds: float, concurrency: int) -> list[float]:
    request = (
        f"GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept-Language: vi\r\n"
        "Connection: close\r\n\r\n"
    ).encode()
    latencies: list[float] = []
    deadline = time.monotonic() + seconds

    async def client():
        while time.monotonic() < deadline:
            started = time.perf_counter()
            reader, writer = await asyncio.open_connection("127.0.0.1", PORT)
            writer.write(request)
            await writer.drain()
            data = await reader.read()
            writer.close()
            if not data.startswith(b"HTTP/1.1 200"):
                raise SystemExit(f"{path}: {data[:80]!r}")
            latencies.append(time.perf_counter() - started)

    await asyncio.gather(*(client() for _ in range(concurrency)))
    return latencies


def _wrk(path: str, seconds: float, concurrency: int) -> float:
    output = subprocess.run(
        [
            "wrk",
            "-t",
            "1",
            "-c",
            str(concurrency),
            "-d",
            f"{max(int(seconds), 1)}s",
            "--timeout",
            "30s",  # a slow cold page is a low figure, not a failed run
            "-H",
            "Accept-Language: vi",
            f"http://127.0.0.1:{PORT}{path}",
        ],  # fmt: skip
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    if "Non-2xx" in output or "Socket errors" in output:
        raise SystemExit(f"{path}: not every request succeeded\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def _requests(path: str, seconds: float) -> tuple[float, float]:
    """(requests completed, seconds taken) with ``BENCH_CONCURRENCY`` connections."""
    if shutil.which("wrk"):
        return _wrk(path, seconds, CONCURRENCY) * max(int(seconds), 1), max(int(seconds), 1)
    started = time.monotonic()
    count = len(asyncio.run(_load(path, seconds, CONCURRENCY)))
    return count, time.monotonic() - started


def paired(name: str, path: str) -> float:
    """Throughput of ``path`` over that of its floor, measured in alternating rounds (endpoint,
    floor, endpoint, floor, ...) after a warm-up of both, so that a change in the machine's load
    during the run weighs on both sides alike."""
    floor = save_floor(name, path)
    for target in (path, floor):
        _requests(target, WARMUP)
    totals = {path: [0.0, 0.0], floor: [0.0, 0.0]}
    for _ in range(ROUNDS):
        for target in (path, floor):
            count, seconds = _requests(target, SECONDS / ROUNDS)
            totals[target][0] += count
            totals[target][1] += seconds
    rps, floor_rps = (totals[target][0] / totals[target][1] for target in (path, floor))
    print(f"{name}_rps: {rps:.1f}")
    print(f"{name}_floor_rps: {floor_rps:.1f}")
    return rps / floor_rps


def p95_latency(path: str) -> float:
    """95th percentile of one client's request times (no queueing), in seconds."""
    asyncio.run(_load(path, WARMUP, 1))
    latencies = sorted(asyncio.run(_load(path, SECONDS, 1)))
    return latencies[max(int(len(latencies) * 0.95) - 1, 0)]


def list_queries(path: str = LIST) -> int:
    """SQL statements of one request with response caching off (the second request: the process
    holds its reference data, as under load)."""
    code = (
        "from django.test import Client\n"
        "from django.test.utils import CaptureQueriesContext\n"
        "from django.db import connection\n"
        "client = Client()\n"
        f"client.get({path!r})\n"
        "with CaptureQueriesContext(connection) as queries:\n"
        f"    response = client.get({path!r})\n"
        "assert response.status_code == 200, response.status_code\n"
        "print(len(queries))\n"
    )
    output = subprocess.run(
        [PY, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT,
        env=_env(BENCH_API_CACHE_SECONDS=0),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    return int(output.strip().splitlines()[-1])


def shop_pages() -> tuple[str, str]:
    """Publishes the storefront of the scale shop with the most products shown (bulk seeding
    publishes no events, so it has none yet); returns its path and one of its product pages'."""
    code = (
        "from django.db.models import Count\n"
        "from cms.services import site_sections_ensure, storefront_ensure\n"
        "from marketplace.selectors import products_visible\n"
        "from accounts.models import Business\n"
        "site_sections_ensure()\n"
        "row = (products_visible().values('business').annotate(n=Count('id'))"
        ".order_by('-n', 'business').first())\n"
        "page = storefront_ensure(business=Business.objects.get(pk=row['business']))\n"
        "slug = products_visible().filter(business=row['business']).order_by('-created_at', "
        "'-id').values_list('slug', flat=True).first()\n"
        "print(page.url, slug)\n"
    )
    output = subprocess.run(
        [PY, "-c", f"import django; django.setup()\n{code}"],
        cwd=ROOT, env=_env(), capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    url, slug = output.strip().splitlines()[-1].split()
    return url, f"{url}san-pham/{slug}/"


def drop_shop_pages() -> None:
    """Removes the storefronts made by ``shop_pages`` (their businesses go with ``--reset``)."""
    code = (
        "from cms.models import StorefrontPage\n"
        "for page in StorefrontPage.objects.order_by('-depth'):\n"
        "    page.delete()\n"
    )
    subprocess.run([PY, "-c", f"import django; django.setup()\n{code}"], cwd=ROOT, env=_env(),
                   check=True)  # fmt: skip


PAGE_NAMES = ("storefront_page", "product_page", "search_page")


def pages_p95(paths: dict[str, str]) -> dict[str, float]:
    with server(cache_seconds=0):
        for path in paths.values():
            fetch(path)
        return {name: p95_latency(path) for name, path in paths.items()}


def pages_measured(paths: dict[str, str], p95_small: dict[str, float]) -> None:
    """The shopper pages' figures at scale, printed as ``name: value``."""
    with server(cache_seconds=300):
        deployed = {name: paired(name, path) for name, path in paths.items()}
    with server(cache_seconds=0):
        cold = {name: paired(f"{name}_cold", path) for name, path in paths.items()}
        p95_large = {name: p95_latency(path) for name, path in paths.items()}
    for name in paths:
        print(f"{name}_vs_floor: {deployed[name]:.3f}")
        print(f"{name}_cold_vs_floor: {cold[name]:.3f}")
        print(f"{name}_queries: {list_queries(paths[name])}")
        print(f"{name}_p95_ms_1k: {p95_small[name] * 1000:.2f}")
        print(f"{name}_p95_ms_{PRODUCTS // 1000}k: {p95_large[name] * 1000:.2f}")
        print(f"{name}_p95_ratio_100k_1k: {p95_large[name] / p95_small[name]:.3f}")


def machine() -> str:
    model = ""
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        found = re.search(r"model name\s*:\s*(.+)", cpuinfo.read_text())
        model = found.group(1).strip() if found else ""
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} CPUs {model}".strip()


def main() -> None:
    print(f"machine: {machine()}")
    print(f"load_generator: {'wrk' if shutil.which('wrk') else 'python-asyncio'}")
    recreate_database(DB_URL)
    manage("migrate", "--noinput", "-v0")
    manage("seed_scale", "--businesses", "20", "--products", "1000", "--force")
    storefront, product = shop_pages()
    small_paths = dict(zip(PAGE_NAMES, (storefront, product, SEARCH_PAGE), strict=True))
    pages_small = pages_p95(small_paths)
    if ONLY != "pages":
        with server(cache_seconds=0):
            fetch(LIST)
            p95_small = p95_latency(LIST)
    drop_shop_pages()
    manage(
        "seed_scale", "--reset", "--force",
        "--businesses", str(BUSINESSES), "--products", str(PRODUCTS),
    )  # fmt: skip
    storefront, product = shop_pages()
    pages_measured(
        dict(zip(PAGE_NAMES, (storefront, product, SEARCH_PAGE), strict=True)), pages_small
    )
    if ONLY == "pages":
        return
    with server(cache_seconds=300):
        cached = paired("products_list", LIST)
    with server(cache_seconds=0):
        cold = paired("products_list_cold", LIST)
        search = paired("products_search_cold", SEARCH)
        p95_large = p95_latency(LIST)
    print(f"products_list_vs_floor: {cached:.3f}")
    print(f"products_list_cold_vs_floor: {cold:.3f}")
    print(f"products_search_cold_vs_floor: {search:.3f}")
    print(f"products_list_queries: {list_queries()}")
    print(f"products_list_p95_ms_1k: {p95_small * 1000:.2f}")
    print(f"products_list_p95_ms_{PRODUCTS // 1000}k: {p95_large * 1000:.2f}")
    print(f"products_list_p95_ratio_100k_1k: {p95_large / p95_small:.3f}")
    # The programme dashboard (dashboard_10x_ratio) measures itself on a database of its own.
    dashboard_db = DB_URL.rsplit("/", 1)[0] + "/choso_bench_dashboard"
    subprocess.run(
        [PY, "benchmarks/dashboard.py"],
        cwd=ROOT,
        check=True,
        env={**os.environ, "DATABASE_URL": dashboard_db, "PYTHONPATH": str(ROOT)},
    )
    # City scale (dashboard_1m_ms, dashboard_1m_vs_100k, facts_update_one_ms): a scratch database
    # the script creates and drops.
    subprocess.run(
        [PY, "benchmarks/dashboard_1m.py"],
        cwd=ROOT,
        check=True,
        env={
            **os.environ,
            "BENCH_1M_DATABASE_URL": DB_URL.rsplit("/", 1)[0] + "/bench_1m",
            "PYTHONPATH": str(ROOT),
        },
    )


if __name__ == "__main__":
    main()
