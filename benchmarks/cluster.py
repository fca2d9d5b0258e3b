"""Load and faults against the running cluster (``make cluster`` first), then what must hold.

    python benchmarks/cluster.py                 # three minutes, every fault
    python benchmarks/cluster.py --short         # 30 s, one fault of each kind (CI)
    python benchmarks/cluster.py --duration 90

Traffic goes to nginx on 127.0.0.1 only, from a bounded number of threads, for a bounded time:
browsing (home, categories, storefronts, product pages), search, the product API, guest shoppers
who add to the cart, check out and pay (the sandbox card, or payOS whose signed webhooks this
script delivers as payOS would: each twice, the batch out of order), a vendor editing products and
uploading pictures (API token), the programme manager reading the dashboard, open data.

Meanwhile it kills app server 1 with SIGKILL and starts it again, kills task worker 1 while it runs
a job, restarts Redis, stops the replica (30 s, or 8 s with --short) and runs a second scheduler
beside the first. Then it checks, and prints as a table:

- every accepted checkout's order group exists exactly once, with its lines;
- every product's stock = its stock at the start - the units paid orders and live reservations
  made during the run hold;
- every payOS webhook event was stored and applied once (duplicates answered as such);
- every uploaded picture is listed by both app servers and its file is readable;
- no 5xx except requests in flight on the killed app server when it was killed;
- no job lost: the canary jobs (one killed mid-run) all finish, and the queue drains;
- the error budget used (unexpected errors / 1 % of requests);
- throughput and p95 of the product list and a storefront page, two app servers against one.

Exits 1 when a check fails. Django is set up with the cluster's environment to read the database
for the checks and to sign payOS webhooks; every request of the load goes through nginx.
"""

import argparse
import io
import json
import math
import os
import random
import re
import shutil
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import httpx

BASE_DIR = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(BASE_DIR))

from deploy.cluster import backup  # noqa: E402
from deploy.cluster import cluster as cl  # noqa: E402

DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-Cho-So-2026")
ERROR_BUDGET = 0.01  # unexpected errors allowed per request
CSRF_RE = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
RADIO_RE = re.compile(r'<input type="radio" name="([^"]+)" id="[^"]*" value="([^"]+)"')
GROUP_RE = re.compile(r"/payments/checkout/([0-9a-f-]{36})/")


# Recording ---------------------------------------------------------------------------------------


@dataclass
class Sample:
    action: str
    method: str
    status: int
    started: float
    ended: float


@dataclass
class Run:
    samples: list = field(default_factory=list)
    kills: list = field(default_factory=list)  # (name, monotonic time of the SIGKILL)
    accepted_groups: list = field(default_factory=list)  # (reference, expected line count)
    refused_checkouts: int = 0
    payos_orders: list = field(default_factory=list)  # order ids waiting for payOS
    uploads: list = field(default_factory=list)  # (product id, image id)
    events: list = field(default_factory=list)  # (seconds from start, what happened)
    lock: threading.Lock = field(default_factory=threading.Lock)
    t0: float = field(default_factory=time.monotonic)
    backup_dir: Path | None = None

    def record(self, action, method, status, started):
        with self.lock:
            self.samples.append(Sample(action, method, status, started, time.monotonic()))

    def note(self, what: str) -> None:
        with self.lock:
            self.events.append((time.monotonic() - self.t0, what))
        print(f"  [{time.monotonic() - self.t0:5.1f} s] {what}", flush=True)


def request(run: Run, client: httpx.Client, action: str, method: str, url: str, **kwargs):
    started = time.monotonic()
    try:
        response = client.request(method, url, **kwargs)
    except httpx.HTTPError:
        run.record(action, method, 599, started)  # no answer at all
        return None
    run.record(action, method, response.status_code, started)
    return response


# Django (checks, fixtures, signing) --------------------------------------------------------------


def setup_django(layout: cl.Layout) -> None:
    os.environ.update(layout.app_env())
    os.environ["LOG_LEVEL"] = "WARNING"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    import django

    django.setup()


@dataclass
class Fixture:
    product_urls: list
    storefront_urls: list
    category_urls: list
    shop_products: dict  # business id -> [(product id, method)]
    vendor_token: str
    vendor_products: list
    stock_at_start: dict
    started_at: object


def prepare() -> Fixture:
    from django.urls import reverse
    from django.utils import timezone, translation
    from rest_framework.authtoken.models import Token

    from accounts.models import Business, User
    from cms.models import StorefrontPage
    from marketplace.links import product_urls
    from marketplace.models import Category, Product, ProductStatus
    from orders.models import PaymentMethod
    from orders.selectors import payment_methods_for

    translation.activate("vi")
    products = list(Product.objects.filter(status=ProductStatus.ACTIVE).select_related("business"))
    urls = product_urls((p.business_id, p.slug) for p in products)
    storefronts = [page.url for page in StorefrontPage.objects.live() if page.url]
    categories = [
        reverse("marketplace:category", kwargs={"slug": c.slug}) for c in Category.objects.all()[:8]
    ]
    methods = payment_methods_for(businesses=list(Business.objects.all()))
    shop_products = defaultdict(list)
    for product in products:
        allowed = methods.get(product.business_id, [])
        if product.stock >= 3 and not product.made_to_order:
            for method in (PaymentMethod.STRIPE, PaymentMethod.PAYOS):
                if method in allowed:
                    shop_products[product.business_id].append((product.pk, str(method)))
    owner = User.objects.get(email="owner@choso.local")
    token, _ = Token.objects.get_or_create(user=owner)
    from marketplace.selectors import products_for_member

    vendor_products = list(products_for_member(user=owner).values_list("pk", flat=True)[:6])
    return Fixture(
        product_urls=[u for u in urls.values() if u],
        storefront_urls=storefronts,
        category_urls=categories,
        shop_products=dict(shop_products),
        vendor_token=token.key,
        vendor_products=vendor_products,
        stock_at_start=dict(Product.objects.values_list("pk", "stock")),
        started_at=timezone.now(),
    )


def payos_webhook(order_id: int) -> tuple[str, bytes] | None:
    """The signed body payOS would post for this order's payment, and where it would post it."""
    from orders.models import Order
    from payments.models import PayOSChannel
    from payments.payos import sandbox

    order = Order.objects.get(pk=order_id)
    channel = PayOSChannel.objects.filter(business_id=order.business_id).first()
    if channel is None or not order.payos_order_code:
        return None
    body = sandbox.payment_webhook(
        order=order, checksum_key=channel.checksum_key, reference=f"BENCH{order.pk}"
    )
    return f"/payments/payos/{channel.webhook_token}/", body


def enqueue_canaries(count: int, seconds: float) -> list[str]:
    from config.tasks import canary

    urgent = canary.using(priority=50)  # ahead of the backlog the load leaves in the queue
    return [str(urgent.enqueue(seconds=seconds, token=f"canary-{i}").id) for i in range(count)]


# The load ----------------------------------------------------------------------------------------


def _csrf(client: httpx.Client, html: str) -> str:
    match = CSRF_RE.search(html)
    return match.group(1) if match else client.cookies.get("csrftoken", "")


def _first_radio_choices(html: str, *, skip: dict) -> dict:
    choices = {}
    for name, value in RADIO_RE.findall(html):
        if name not in skip and name not in choices:
            choices[name] = value
    return choices


def shopper(run: Run, base: str, fx: Fixture, rng: random.Random) -> None:
    """A guest: product page, add to cart, check out, pay by sandbox card or leave it to payOS."""
    business_id = rng.choice(list(fx.shop_products))
    product_id, method = rng.choice(fx.shop_products[business_id])
    with httpx.Client(base_url=base, timeout=60, follow_redirects=False) as client:
        page = request(run, client, "product page", "GET", rng.choice(fx.product_urls))
        if page is None or page.status_code != 200:
            return
        token = _csrf(client, page.text)
        headers = {"Referer": base + "/vi/"}
        added = request(
            run, client, "add to cart", "POST", "/vi/cart/add/",
            data={"csrfmiddlewaretoken": token, "product": product_id, "quantity": 1},
            headers=headers,
        )  # fmt: skip
        if added is None or added.status_code >= 400:
            return
        form = request(run, client, "checkout", "GET", "/vi/cart/checkout/")
        if form is None or form.status_code != 200:
            return
        ward = re.search(r'<option value="(\d+)"', form.text)
        data = {
            "csrfmiddlewaretoken": _csrf(client, form.text),
            "email": f"bench-{uuid.uuid4().hex[:10]}@example.vn",
            "contact_name": "Khách Thử Tải",
            "phone": f"090{rng.randrange(1000000, 9999999)}",
            "street_address": f"{rng.randrange(1, 300)} Đường Thử Tải",
            "ward": ward.group(1) if ward else "",
            f"method_{business_id}": method,
        }
        placed = request(
            run, client, "place order", "POST", "/vi/cart/checkout/", data=data, headers=headers
        )
        if placed is not None and placed.status_code == 400:
            # As a person would: the page now shows the shop's delivery options for the ward.
            choices = _first_radio_choices(placed.text, skip=data)
            if choices:
                data.update(choices, csrfmiddlewaretoken=_csrf(client, placed.text))
                placed = request(
                    run, client, "place order", "POST", "/vi/cart/checkout/", data=data,
                    headers=headers,
                )  # fmt: skip
        if placed is None or placed.status_code != 307:
            with run.lock:
                run.refused_checkouts += 1
            return
        reference = GROUP_RE.search(placed.headers["location"]).group(1)
        with run.lock:
            run.accepted_groups.append((reference, 1))
        pay_url = placed.headers["location"]
        if method == "stripe":
            started = request(
                run, client, "pay (card)", "POST", pay_url,
                data={"csrfmiddlewaretoken": data["csrfmiddlewaretoken"]}, headers=headers,
            )  # fmt: skip
            if started is None or started.status_code != 303:
                return
            sandbox = request(run, client, "sandbox page", "GET", started.headers["location"])
            if sandbox is None or sandbox.status_code != 200:
                return
            request(
                run, client, "pay (card)", "POST", started.headers["location"],
                data={"csrfmiddlewaretoken": _csrf(client, sandbox.text), "outcome": "pay"},
                headers=headers,
            )  # fmt: skip
        else:
            payment = request(run, client, "payment page", "GET", pay_url)
            if payment is None or payment.status_code != 200:
                return
            link = re.search(r'action="(/vi/payments/checkout/[^"]+/(\d+)/payos/)"', payment.text)
            if link is None:
                return
            redirected = request(
                run, client, "payOS link", "POST", link.group(1),
                data={"csrfmiddlewaretoken": _csrf(client, payment.text)}, headers=headers,
            )  # fmt: skip
            if redirected is not None and redirected.status_code == 303:
                with run.lock:
                    run.payos_orders.append(int(link.group(2)))


def browser(run: Run, base: str, fx: Fixture, rng: random.Random) -> None:
    with httpx.Client(base_url=base, timeout=60) as client:
        for action, url in rng.sample(
            [
                ("home", "/vi/"),
                ("category", rng.choice(fx.category_urls)),
                ("storefront", rng.choice(fx.storefront_urls)),
                ("product page", rng.choice(fx.product_urls)),
                ("search", f"/vi/tim-kiem/?q={rng.choice(['ca phe', 'ao dai', 'banh', 'tra'])}"),
                ("product list", f"/api/v1/products/?page={rng.randrange(1, 3)}"),
                ("open data", "/open-data/adoption.csv"),
            ],
            3,
        ):
            request(run, client, action, "GET", url)


def picture(seed: int) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (320, 240), ((seed * 37) % 255, (seed * 91) % 255, 120)).save(out, "JPEG")
    return out.getvalue()


def vendor(run: Run, base: str, fx: Fixture, rng: random.Random, n: int) -> None:
    headers = {"Authorization": f"Token {fx.vendor_token}"}
    with httpx.Client(base_url=base, timeout=30, headers=headers) as client:
        product = rng.choice(fx.vendor_products)
        url = f"/api/v1/vendor/products/{product}/"
        if n % 2:
            request(
                run, client, "vendor edit", "PATCH", url,
                json={"description": f"Cập nhật lần {n} trong lúc thử tải."},
            )  # fmt: skip
            return
        response = request(
            run, client, "picture upload", "POST", f"{url}images/",
            files={"file": (f"bench-{n}.jpg", picture(n), "image/jpeg")},
            data={"alt_text": f"Ảnh thử {n}"},
        )  # fmt: skip
        if response is not None and response.status_code == 201:
            with run.lock:
                run.uploads.append((product, response.json()["id"]))


def manager_client(base: str) -> httpx.Client:
    client = httpx.Client(base_url=base, timeout=30)
    page = client.get("/vi/accounts/login/")
    client.post(
        "/vi/accounts/login/",
        data={
            "csrfmiddlewaretoken": _csrf(client, page.text),
            "login": "manager@choso.local",
            "password": DEMO_PASSWORD,
        },
        headers={"Referer": base + "/vi/accounts/login/"},
    )
    return client


def load(run: Run, base: str, fx: Fixture, *, until: float, threads: int) -> None:
    manager = manager_client(base)
    counter = iter(range(10**9))

    def worker(index: int):
        rng = random.Random(index)
        while time.monotonic() < until:
            roll = rng.random()
            if roll < 0.45:
                browser(run, base, fx, rng)
            elif roll < 0.80:
                shopper(run, base, fx, rng)
            elif roll < 0.92:
                vendor(run, base, fx, rng, next(counter))
            else:
                request(run, manager, "dashboard", "GET", "/admin/programme/")

    pool = [threading.Thread(target=worker, args=(i,), daemon=True) for i in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    manager.close()


def deliver_webhooks(run: Run, base: str, order_ids: list[int]) -> dict:
    """payOS's side: each order's signed webhook, delivered twice, the batch out of order."""
    deliveries = []
    for order_id in order_ids:
        made = payos_webhook(order_id)
        if made is not None:
            deliveries.append((order_id, *made))
    sequence = deliveries + list(reversed(deliveries))
    random.Random(7).shuffle(sequence)
    answers = Counter()
    with httpx.Client(base_url=base, timeout=30) as client:
        for _order_id, path, body in sequence:
            response = request(
                run, client, "payOS webhook", "POST", path, content=body,
                headers={"Content-Type": "application/json"},
            )  # fmt: skip
            if response is None:
                answers["no answer"] += 1
            elif response.status_code == 200:
                answers["duplicate" if response.json().get("duplicate") else "applied"] += 1
            else:
                answers[str(response.status_code)] += 1
    return {"orders": [d[0] for d in deliveries], "answers": answers}


# Faults ------------------------------------------------------------------------------------------


def faults(run: Run, layout: cl.Layout, *, duration: float, short: bool, canaries: list) -> None:
    start = run.t0
    replica_down = 8.0 if short else 30.0
    plan = [
        (0.10, "scheduler2"),
        (0.20, "app1"),
        (0.35, "worker1"),
        (0.50, "redis"),
        (0.55, "replica"),
    ]
    for fraction, fault in plan:
        time.sleep(max(0.0, start + fraction * duration - time.monotonic()))
        if fault == "scheduler2":
            cl.start_scheduler(layout, "scheduler2")
            run.note("a second scheduler started beside the first")
        elif fault == "app1":
            cl.kill_hard(layout, "app1")
            with run.lock:
                run.kills.append(("app1", time.monotonic()))
            run.note("app1 killed with SIGKILL")
            time.sleep(2)
            cl.start_app(layout, "app1")
            run.note("app1 started again and healthy")
        elif fault == "worker1":
            killed = kill_worker_mid_job(layout, canaries)
            run.note(
                f"worker1 killed with SIGKILL while running {killed or 'no job (none caught)'}"
            )
            time.sleep(1)
            cl.start_worker(layout, "worker1")
            run.note("worker1 started again (its job requeued)")
        elif fault == "redis":
            cl.kill(layout, "redis")
            run.note("redis stopped")
            time.sleep(1)
            cl.start_redis(layout)
            run.note("redis started again (empty)")
        elif fault == "replica":
            cl.stop_replica(layout, mode="fast")
            run.note(f"replica stopped for {replica_down:.0f} s")
            time.sleep(replica_down)
            cl.start_replica(layout)
            run.note("replica started again")
    time.sleep(max(0.0, start + 0.75 * duration - time.monotonic()))
    run.backup_dir = layout.root / "backup-run"
    if run.backup_dir.exists():
        shutil.rmtree(run.backup_dir)
    manifest = backup.backup(layout, run.backup_dir)
    run.note(f"backup taken under load in {manifest['seconds']} s")
    time.sleep(max(0.0, start + 0.85 * duration - time.monotonic()))
    cl.kill(layout, "scheduler2")
    run.note("the second scheduler stopped")


def kill_worker_mid_job(layout: cl.Layout, canaries: list) -> str | None:
    """Enqueues canary jobs long enough to be caught, and kills worker 1 while it runs one."""
    from django_tasks_db.models import DBTaskResult

    canaries.extend(enqueue_canaries(4, seconds=4.0))
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        running = DBTaskResult.objects.filter(pk__in=canaries, status="RUNNING").values_list(
            "pk", "worker_ids"
        )
        for pk, workers in running:
            if workers and workers[-1] == "cluster-worker1":
                cl.kill_hard(layout, "worker1")
                return f"canary {pk}"
        time.sleep(0.1)
    cl.kill_hard(layout, "worker1")
    return None


# Two app servers against one ---------------------------------------------------------------------


def percentile(ordered: list, fraction: float) -> float:
    """Nearest-rank percentile of an ascending list."""
    return ordered[max(0, math.ceil(fraction * len(ordered)) - 1)]


def measure(base: str, url: str, *, seconds: float, threads: int) -> tuple[float, float, int]:
    latencies, lock, failed = [], threading.Lock(), []
    until = time.monotonic() + seconds

    def worker():
        with httpx.Client(base_url=base, timeout=30) as client:
            while time.monotonic() < until:
                started = time.monotonic()
                response = client.get(url)
                with lock:
                    if response.status_code == 200:
                        latencies.append(time.monotonic() - started)
                    else:
                        failed.append(response.status_code)

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for thread in pool:
        thread.start()
    for thread in pool:
        thread.join()
    latencies.sort()
    p95 = percentile(latencies, 0.95) if latencies else float("nan")
    return len(latencies) / seconds, p95, len(failed)


def scaling(layout: cl.Layout, fx: Fixture, *, seconds: float, threads: int) -> dict:
    targets = {"product list": "/api/v1/products/", "storefront": fx.storefront_urls[0]}
    figures = {}
    for servers in (("app1", "app2"), ("app1",)):
        cl.reload_nginx(layout, servers=servers)
        for name, url in targets.items():
            measure(layout.url, url, seconds=1, threads=threads)  # warm up
            figures[(name, len(servers))] = measure(
                layout.url, url, seconds=seconds, threads=threads
            )
    cl.reload_nginx(layout, servers=cl.APP_SERVERS)
    return figures


# Checks ------------------------------------------------------------------------------------------


def check_orders(run: Run) -> tuple[bool, str]:
    from orders.models import Order, OrderGroup, OrderLine

    bad = 0
    for reference, lines in run.accepted_groups:
        groups = OrderGroup.objects.filter(reference=reference)
        if (
            groups.count() != 1
            or OrderLine.objects.filter(order__group__in=groups).count() != lines
        ):
            bad += 1
    extra = (
        Order.objects.filter(group__created_at__gte=FIXTURE.started_at)
        .exclude(group__reference__in=[r for r, _ in run.accepted_groups])
        .count()
    )
    ok = bad == 0 and extra == 0
    return ok, f"{len(run.accepted_groups)} accepted, {bad} missing/duplicated, {extra} unexpected"


def check_stock() -> tuple[bool, str]:
    from django.db.models import Sum

    from marketplace.models import Product
    from orders.models import ReservationStatus, StockReservation

    held = dict(
        StockReservation.objects.filter(
            created_at__gte=FIXTURE.started_at,
            status__in=[ReservationStatus.HELD, ReservationStatus.COMMITTED],
        )
        .values("product")
        .annotate(units=Sum("quantity"))
        .values_list("product", "units")
    )
    now = dict(Product.objects.values_list("pk", "stock"))
    wrong = [
        pk
        for pk, start in FIXTURE.stock_at_start.items()
        if now.get(pk, start) != start - held.get(pk, 0)
    ]
    units = sum(held.values())
    return not wrong, f"{len(now)} products, {units} units held by the run, {len(wrong)} wrong"


def check_webhooks(delivered: dict) -> tuple[bool, str]:
    from orders.models import Order, OrderPaymentEvent, PaymentState
    from payments.models import WebhookEvent

    orders = delivered["orders"]
    stored = WebhookEvent.objects.filter(provider="payos", received_at__gte=FIXTURE.started_at)
    received = Counter(
        OrderPaymentEvent.objects.filter(
            order_id__in=orders, kind=OrderPaymentEvent.Kind.RECEIVED
        ).values_list("order_id", flat=True)
    )
    paid = Order.objects.filter(pk__in=orders, payment_state=PaymentState.PAID).count()
    answers = delivered["answers"]
    ok = (
        stored.count() == len(orders)
        and all(received[o] == 1 for o in orders)
        and paid == len(orders)
        and answers["applied"] == len(orders)
        and answers["duplicate"] == len(orders)
    )
    return ok, (
        f"{len(orders)} events x2 out of order: {answers['applied']} applied, "
        f"{answers['duplicate']} duplicates, {stored.count()} stored, {paid} orders paid"
    )


def check_pictures(layout: cl.Layout, run: Run) -> tuple[bool, str]:
    ports = layout.ports()
    headers = {"Authorization": f"Token {FIXTURE.vendor_token}", "Host": "127.0.0.1"}
    unreadable = 0
    for server in cl.APP_SERVERS:
        with httpx.Client(base_url=f"http://127.0.0.1:{ports[server]}", headers=headers) as app:
            for product, image_id in run.uploads:
                detail = app.get(f"/api/v1/vendor/products/{product}/")
                images = {i["id"]: i for i in detail.json().get("images", [])} if detail else {}
                src = images.get(image_id, {}).get("src") or images.get(image_id, {}).get("url")
                if not src:
                    unreadable += 1
                    continue
                media = httpx.get(src, timeout=30)
                if media.status_code != 200 or not media.headers.get("content-type", "").startswith(
                    "image/"
                ):
                    unreadable += 1
    total = len(run.uploads) * len(cl.APP_SERVERS)
    return unreadable == 0, f"{len(run.uploads)} uploaded, {total - unreadable}/{total} readable"


def check_restore(layout: cl.Layout, run: Run) -> tuple[bool, str]:
    """The backup taken under load restores into an empty database and bucket, equal to it."""
    if run.backup_dir is None:
        return False, "no backup was taken"
    database, bucket = f"{layout.database}_restore", f"{cl.BUCKET}-restore"
    cl.psql(layout, f'DROP DATABASE IF EXISTS "{database}"')
    client = backup._s3(layout)
    _empty_bucket(client, bucket)
    try:
        backup.restore(layout, run.backup_dir, database=database, bucket=bucket)
        problems = backup.verify(layout, run.backup_dir, database=database, bucket=bucket)
    finally:
        cl.psql(layout, f'DROP DATABASE IF EXISTS "{database}"')
        _empty_bucket(client, bucket)
    manifest = json.loads((run.backup_dir / backup.MANIFEST).read_text())
    rows = sum(t["rows"] for t in manifest["tables"].values())
    return not problems, (
        f"{len(manifest['tables'])} tables, {rows} rows, {len(manifest['media'])} media objects: "
        + ("counts and checksums equal" if not problems else f"{len(problems)} differences")
    )


def _empty_bucket(client, bucket: str) -> None:
    try:
        keys = backup.bucket_objects(client, bucket)
    except Exception:  # no such bucket
        return
    for key in keys:
        client.delete_object(Bucket=bucket, Key=key)
    client.delete_bucket(Bucket=bucket)


def check_5xx(run: Run) -> tuple[bool, str]:
    kills = [t for _name, t in run.kills]
    allowed = unexpected = 0
    for sample in run.samples:
        if sample.status < 500:
            continue
        if any(sample.started <= t <= sample.ended for t in kills):
            allowed += 1
        else:
            unexpected += 1
    return unexpected == 0, f"{allowed} in flight on the killed server, {unexpected} other"


def check_jobs(canaries: list, *, wait: float = 90) -> tuple[bool, str]:
    from django_tasks_db.models import DBTaskResult

    deadline = time.monotonic() + wait
    while time.monotonic() < deadline:
        waiting = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
        if not waiting:
            break
        time.sleep(1)
    done = DBTaskResult.objects.filter(pk__in=canaries, status="SUCCESSFUL").count()
    run_twice = sum(
        len(workers) > 1
        for workers in DBTaskResult.objects.filter(pk__in=canaries).values_list(
            "worker_ids", flat=True
        )
    )
    left = DBTaskResult.objects.filter(status__in=["READY", "RUNNING"]).count()
    failed = DBTaskResult.objects.filter(
        status="FAILED", enqueued_at__gte=FIXTURE.started_at
    ).count()
    ok = done == len(canaries) and left == 0 and failed == 0
    return ok, (
        f"canaries {done}/{len(canaries)} done ({run_twice} after a requeue); "
        f"queue left {left}; failed {failed}"
    )


def scheduler_duplicates() -> str:
    from django.db.models import Count
    from django.db.models.functions import TruncMinute
    from django_tasks_db.models import DBTaskResult

    from core.scheduling import discover

    periodic = [job.task.module_path for job in discover()]
    rows = (
        DBTaskResult.objects.filter(enqueued_at__gte=FIXTURE.started_at, task_path__in=periodic)
        .annotate(minute=TruncMinute("enqueued_at"))
        .values("task_path", "minute")
        .annotate(n=Count("id"))
        .filter(n__gt=1)
    )
    return f"{sum(r['n'] - 1 for r in rows)} periodic job(s) enqueued twice in one minute"


FIXTURE: Fixture


def main(argv=None) -> int:
    global FIXTURE
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180.0)
    parser.add_argument("--short", action="store_true", help="30 s, one fault of each kind")
    parser.add_argument("--threads", type=int, default=6)
    args = parser.parse_args(argv)
    duration = 30.0 if args.short else args.duration
    layout = cl.Layout.from_env()
    if cl.status(layout) != 0:
        print("The cluster is not (fully) running: make cluster first.", file=sys.stderr)
        return 2
    setup_django(layout)
    FIXTURE = prepare()
    print(
        f"Load for {duration:.0f} s through {layout.url} with {args.threads} threads; "
        f"{len(FIXTURE.product_urls)} product pages, {len(FIXTURE.shop_products)} shops to buy from"
    )
    canaries = enqueue_canaries(2, seconds=1.0)  # more just before worker 1 is killed
    run = Run()
    fault_thread = threading.Thread(
        target=faults,
        args=(run, layout),
        kwargs={"duration": duration, "short": args.short, "canaries": canaries},
    )
    fault_thread.start()
    load(run, layout.url, FIXTURE, until=run.t0 + duration, threads=args.threads)
    fault_thread.join()
    load_seconds = time.monotonic() - run.t0
    delivered = deliver_webhooks(run, layout.url, run.payos_orders)
    figures = scaling(layout, FIXTURE, seconds=5 if args.short else 15, threads=4)

    checks = [
        ("orders exist once with their lines", *check_orders(run)),
        ("stock = start - paid - reserved", *check_stock()),
        ("webhooks applied once", *check_webhooks(delivered)),
        ("pictures readable from both servers", *check_pictures(layout, run)),
        ("no 5xx but in-flight on the killed server", *check_5xx(run)),
        ("no job lost", *check_jobs(canaries)),
        ("backup under load restores equal", *check_restore(layout, run)),
    ]
    total = len(run.samples)
    errors = [s for s in run.samples if s.status >= 500]
    explained = [s for s in errors if any(s.started <= t <= s.ended for _n, t in run.kills)]
    budget = max(1, total) * ERROR_BUDGET
    checks.append(
        (
            "error budget (1 % of requests)",
            len(errors) - len(explained) <= budget,
            f"{len(errors)} errors ({len(explained)} at the kill) of {total} requests: "
            f"{len(errors) / budget:.0%} of the budget used",
        )
    )
    print()
    print(f"{'check':<44} {'':4} detail")
    for name, ok, detail in checks:
        print(f"{name:<44} {'ok' if ok else 'FAIL':4} {detail}")
    print(f"{'scheduler twice at once':<44} {'info':4} {scheduler_duplicates()}")
    print()
    statuses = Counter(s.status for s in run.samples)
    print(
        f"requests: {total} in {load_seconds:.0f} s ({total / load_seconds:.1f}/s); statuses {dict(sorted(statuses.items()))}"
    )
    by_action = defaultdict(list)
    for s in run.samples:
        by_action[s.action].append(s.ended - s.started)
    for action, values in sorted(by_action.items()):
        values.sort()
        print(
            f"  {action:<16} n={len(values):<5} p50={percentile(values, 0.5) * 1000:7.0f} ms  "
            f"p95={percentile(values, 0.95) * 1000:7.0f} ms"
        )
    print()
    print(
        f"{'two app servers vs one':<24} {'servers':>7} {'req/s':>8} {'p95 ms':>8} {'non-200':>8}"
    )
    for (name, servers), (rps, p95, bad) in sorted(figures.items()):
        print(f"{name:<24} {servers:>7} {rps:>8.1f} {p95 * 1000:>8.0f} {bad:>8}")
    for name in ("product list", "storefront"):
        ratio = figures[(name, 2)][0] / max(0.001, figures[(name, 1)][0])
        print(f"{name}: {ratio:.2f}x the throughput with two servers")
    print(
        f"bound: {os.cpu_count()} cores shared by nginx, both servers' workers, PostgreSQL and "
        "its replica, Redis, moto, the workers and this load generator: the ratio is CPU-bound."
    )
    with open(layout.root / "last-run.json", "w") as out:
        json.dump(
            {
                "checks": [[n, ok, d] for n, ok, d in checks],
                "scaling": {f"{n}/{s}": v for (n, s), v in figures.items()},
                "requests": total,
                "events": run.events,
            },
            out,
            indent=1,
        )
    failed = [name for name, ok, _ in checks if not ok]
    print("\nALL CHECKS PASSED" if not failed else f"\nFAILED: {', '.join(failed)}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
