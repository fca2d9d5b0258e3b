"""Settings of the benchmark server: production settings (DEBUG off) on local HTTP, with the floor
endpoints added and the API throttles lifted so that the load generator measures the app."""

import os

os.environ.setdefault(
    "SECRET_KEY", "benchmark-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz"
)
os.environ.setdefault("FIELD_ENCRYPTION_KEYS", "2mH7bXh0d8tq0d5l3C9J9oVn3QzvZ1Yw7lQK8m2Wq0s=")
os.environ.setdefault("BLIND_INDEX_KEY", "benchmark-only-blind-index-key-0123456789")
os.environ.setdefault("SECURE_SSL_REDIRECT", "0")
# Production checks (config.deploy) want a payment provider and mail: the sandbox, and an SMTP
# address that nothing is sent to.
os.environ.setdefault("PAYMENT_PROVIDER", "sandbox")
os.environ.setdefault("PAYMENTS_SANDBOX_ENABLED", "1")
os.environ.setdefault("EMAIL_URL", "smtp://127.0.0.1:2525")
# A one-second window keeps the throttles' history short; the rate itself never binds.
os.environ.setdefault("API_THROTTLE_ANON", "100000000/s")
os.environ.setdefault("API_THROTTLE_USER", "100000000/s")

from config.settings import *  # noqa: E402, F403

DEBUG = False
ROOT_URLCONF = "benchmarks.urls"
ALLOWED_HOSTS = ["127.0.0.1", "localhost", "testserver"]
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
SECURE_HSTS_SECONDS = 0
MARKETPLACE_API_CACHE_SECONDS = int(os.environ.get("BENCH_API_CACHE_SECONDS", "300"))
# Shopper pages follow the same switch: "cold" figures run with both caches off.
MARKETPLACE_PAGE_CACHE_SECONDS = MARKETPLACE_SHARED_PAGE_SECONDS = MARKETPLACE_API_CACHE_SECONDS
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
BENCH_FLOOR_DIR = os.environ.get("BENCH_FLOOR_DIR", "/tmp/choso-bench-floor")
