"""Test settings: the real settings with fast hashing, immediate tasks and in-memory email."""

import os

os.environ.setdefault("TESTING", "1")
os.environ.setdefault("ACCOUNT_EMAIL_VERIFICATION", "mandatory")

from config.settings import *  # noqa: E402, F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    **STORAGES,  # noqa: F405
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Tests of the workspace log in without TOTP; tests/config/test_security.py turns the rule on.
WORKSPACE_REQUIRE_MFA = False
# Whole anonymous pages from the shared cache (marketplace.page_cache) would answer a test's second
# visit without running the view; tests/marketplace/test_page_cache.py turns them on.
MARKETPLACE_SHARED_PAGE_SECONDS = 0
