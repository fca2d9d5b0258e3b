"""Settings for Chợ Số, read from the environment (django-environ).

Defaults suit a laptop: SQLite, local-memory cache, console email, the sandbox payment provider.
Production sets DEBUG off and must then provide SECRET_KEY, the encryption keys, a payment
provider, email delivery and Redis: nothing secret and nothing laptop-only has a default there,
and the process refuses to start without them (``config.deploy``, docs/operations.md).
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

from config import csp
from config.deploy import key_problems, production_problems, refuse_unless_empty, sqlite_options
from identity.conf import city_oidc_apps, ephemeral_rsa_key, policy_allowing_form_action

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=False)
TESTING = env.bool("TESTING", default=False)

# Local development keys: used only with DEBUG on (or in tests); production must set its own.
_DEV_SECRET = "dev-insecure-secret-key-do-not-use-in-production-0123456789"
_DEV_FERNET = "2mH7bXh0d8tq0d5l3C9J9oVn3QzvZ1Yw7lQK8m2Wq0s="
_DEV_BLIND = "dev-blind-index-key-do-not-use-in-production"
_dev = DEBUG or TESTING

SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET if _dev else environ.Env.NOTSET)
# Comma-separated Fernet keys, newest first: the first encrypts, all decrypt (rotation).
FIELD_ENCRYPTION_KEYS = env.list(
    "FIELD_ENCRYPTION_KEYS", default=[_DEV_FERNET] if _dev else environ.Env.NOTSET
)
BLIND_INDEX_KEY = env.str("BLIND_INDEX_KEY", default=_DEV_BLIND if _dev else environ.Env.NOTSET)
refuse_unless_empty(
    key_problems(field_encryption_keys=FIELD_ENCRYPTION_KEYS, blind_index_key=BLIND_INDEX_KEY)
)

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# How many reverse proxies of ours stand in front of the app, each appending the address it saw to
# X-Forwarded-For: the client is the address that many places from the right. 0 (the default)
# trusts no forwarded header at all, so a client cannot pick its own address for rate limits.
# Or name the one header a trusted proxy sets to the client's address (X-Real-IP, CF-Connecting-IP).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
# config.middleware.ClientAddressMiddleware writes the client's address into REMOTE_ADDR, which the
# API throttle reads; allauth (login limits) reads the forwarded header itself, told the same rule.
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = TRUSTED_CLIENT_IP_HEADER

INSTALLED_APPS = [
    # Project apps, lowest layer first (see docs/architecture.md).
    "core",
    "privacy",
    "accounts",
    "marketplace",
    "orders",
    "reviews",
    "payments",
    "cms",
    "onboarding",
    "programme",
    "registry",  # the city's enterprise register, which fills business profiles
    "identity",  # the city's login (OIDC relying party) and sharing with city services
    "config.apps.OperationsConfig",  # request ids of tasks (config.observability)
    # Wagtail
    "wagtail_localize",
    "wagtail_localize.locales",
    "wagtail.contrib.forms",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.sitemaps",
    "wagtail.contrib.routable_page",
    "wagtail.embeds",
    "wagtail.sites",
    "wagtail.users",
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    # Accounts: one login for the site and the admin
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.openid_connect",
    "oauth2_provider",  # Chợ Số as an OAuth 2.0 / OIDC provider to city services
    # API
    "rest_framework",
    "rest_framework.authtoken",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    # Background tasks
    "django_tasks",
    "django_tasks_db",
    # Django
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
]

MIDDLEWARE = [
    "config.observability.RequestIdMiddleware",
    "config.middleware.ClientAddressMiddleware",
    "config.db_router.ReplicaMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.LocaleMiddleware",
    "config.middleware.RequestLimitsMiddleware",  # after the language is chosen, for its messages
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    # Anonymous shopper pages from the shared cache, before any SQL (marketplace.page_cache).
    "marketplace.page_cache.AnonymousPageCacheMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "identity.assurance.CityAssuranceMiddleware",  # before the MFA rule reads it
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "csp.middleware.CSPMiddleware",  # the Content-Security-Policy (config.csp)
    "config.middleware.WorkspaceMFAMiddleware",
    "cms.workspace.VendorScopeMiddleware",  # vendors: no site-wide workspace screens (403)
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("CONN_MAX_AGE", default=0))
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["OPTIONS"] = {
        **sqlite_options(),
        **DATABASES["default"].get("OPTIONS", {}),
    }
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
# A streaming replica (docs/operations.md, "Cluster"): catalogue, storefront, dashboard and open
# data reads go there unless this browser just wrote or the replica is down or behind.
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"]["CONN_MAX_AGE"] = DATABASES["default"]["CONN_MAX_AGE"]
    DATABASES["replica"].setdefault("OPTIONS", {})["connect_timeout"] = 2
    DATABASES["replica"]["TEST"] = {"MIRROR": "default"}
    DATABASE_ROUTERS = ["config.db_router.ReplicaRouter"]
REPLICA_MAX_LAG_SECONDS = env.float("REPLICA_MAX_LAG_SECONDS", default=5.0)
REPLICA_STICKY_SECONDS = env.int("REPLICA_STICKY_SECONDS", default=5)
REPLICA_CHECK_SECONDS = env.float("REPLICA_CHECK_SECONDS", default=2.0)

REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="choso"),
            # A Redis restart then reads as a cache miss instead of failing the request.
            "OPTIONS": {
                "IGNORE_EXCEPTIONS": env.bool("REDIS_IGNORE_EXCEPTIONS", default=False),
                "SOCKET_CONNECT_TIMEOUT": 2,
                "SOCKET_TIMEOUT": 2,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# "django.contrib.sessions.backends.cached_db" keeps sessions in Redis too (read there first).
SESSION_ENGINE = env.str("SESSION_ENGINE", default="django.contrib.sessions.backends.db")

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
WAGTAILADMIN_LOGIN_URL = "wagtailadmin_login"  # core.views.admin_login: no login loop
# allauth owns password resets, password changes and email changes (verified, throttled).
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_PASSWORD_MANAGEMENT_ENABLED = False
WAGTAIL_EMAIL_MANAGEMENT_ENABLED = False

# allauth owns login throttling (the admin login goes through it too); see docs/architecture.md.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupForm"  # adds "why are you joining?"
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_EMAIL_VERIFICATION = env.str("ACCOUNT_EMAIL_VERIFICATION", default="mandatory")
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = "[Chợ Số] "  # not the host name (allauth's default)
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_RATE_LIMITS = {
    "login_failed": "5/5m/ip,5/5m/key",
    "signup": "20/h/ip",
    "reset_password": "5/h/ip,3/h/key",
    "confirm_email": "1/3m/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Chợ Số"
MFA_ADAPTER = "accounts.mfa.MFAAdapter"  # TOTP secrets and recovery seeds encrypted at rest
# The city's login (identity app, docs/identity.md): allauth's generic OpenID Connect provider,
# on when the issuer, client id and secret are set. PKCE, state and nonce always.
CITY_OIDC_ISSUER = env.str("CITY_OIDC_ISSUER", default="")
CITY_OIDC_CLIENT_ID = env.str("CITY_OIDC_CLIENT_ID", default="")
CITY_OIDC_CLIENT_SECRET = env.str("CITY_OIDC_CLIENT_SECRET", default="")
CITY_OIDC_SCOPES = env.list("CITY_OIDC_SCOPES", default=["openid", "profile", "email", "phone"])
CITY_OIDC_TAX_CODE_CLAIM = env.str("CITY_OIDC_TAX_CODE_CLAIM", default="tax_code")
# An ID token with one of these acr values, or one of these amr values, counts as the workspace's
# second factor for that session; empty (the default): our own TOTP is asked as for everyone.
CITY_OIDC_MFA_ACR_VALUES = env.list("CITY_OIDC_MFA_ACR_VALUES", default=[])
CITY_OIDC_MFA_AMR_VALUES = env.list("CITY_OIDC_MFA_AMR_VALUES", default=[])
SOCIALACCOUNT_ADAPTER = "identity.adapter.SocialAccountAdapter"
SOCIALACCOUNT_PROVIDERS = {
    "openid_connect": {
        "provider_class": "identity.oidc.CityOIDCProvider",
        "OAUTH_PKCE_ENABLED": True,
        "APPS": city_oidc_apps(
            issuer=CITY_OIDC_ISSUER,
            client_id=CITY_OIDC_CLIENT_ID,
            secret=CITY_OIDC_CLIENT_SECRET,
            scopes=CITY_OIDC_SCOPES,
        ),
    }
}
SOCIALACCOUNT_AUTO_SIGNUP = False  # the person checks what the city sent on the signup form
SOCIALACCOUNT_EMAIL_AUTHENTICATION = False  # never signs into an existing account by email
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = False
SOCIALACCOUNT_STORE_TOKENS = False
SOCIALACCOUNT_LOGIN_ON_GET = False
# Chợ Số as an OAuth 2.0 / OpenID Connect provider to city services (identity app, docs/identity.md):
# PKCE required, short-lived access tokens, refresh tokens rotated; a client asks only the scopes
# its city service was registered with. ID tokens are signed with OAUTH_OIDC_PRIVATE_KEY (PEM);
# without it OpenID Connect is off in production (OAuth 2.0 still works), a laptop makes one.
OAUTH_OIDC_PRIVATE_KEY = env.str("OAUTH_OIDC_PRIVATE_KEY", default="").replace("\\n", "\n")
if not OAUTH_OIDC_PRIVATE_KEY and _dev:
    OAUTH_OIDC_PRIVATE_KEY = ephemeral_rsa_key()
OAUTH2_PROVIDER_APPLICATION_MODEL = "oauth2_provider.Application"  # named by migrations
OAUTH2_PROVIDER = {
    "PKCE_REQUIRED": True,
    "OIDC_ENABLED": bool(OAUTH_OIDC_PRIVATE_KEY),
    "OIDC_RSA_PRIVATE_KEY": OAUTH_OIDC_PRIVATE_KEY,
    "SCOPES": {
        "openid": "OpenID Connect",
        "business_profile:read": "Read one business profile its owner agreed to share",
    },
    "DEFAULT_SCOPES": ["openid"],
    "ACCESS_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_ACCESS_TOKEN_SECONDS", default=300),
    "REFRESH_TOKEN_EXPIRE_SECONDS": env.int("OAUTH_REFRESH_TOKEN_SECONDS", default=30 * 86400),
    "AUTHORIZATION_CODE_EXPIRE_SECONDS": 60,
    "ROTATE_REFRESH_TOKEN": True,
    "REQUEST_APPROVAL_PROMPT": "force",  # the consent screen every time
    "ALLOWED_REDIRECT_URI_SCHEMES": ["http", "https"] if _dev else ["https"],
    "OAUTH2_VALIDATOR_CLASS": "identity.sharing.CityServiceValidator",
    # OAuth 2.0 Security BCP (RFC 9700): no implicit or password grant, S256 PKCE only, tokens
    # never in a query string, `iss` in the authorization response, tokens stored hashed, and a
    # replayed refresh token revokes its whole family.
    "COMPLIANT_BCP_RFC9700_IMPLICIT_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PASSWORD_GRANT": True,
    "COMPLIANT_BCP_RFC9700_PKCE_METHOD": True,
    "COMPLIANT_BCP_RFC9700_ACCESS_TOKEN_TRANSPORT": True,
    "COMPLIANT_BCP_RFC9700_AUTHZ_RESPONSE_ISS": True,
    "COMPLIANT_BCP_RFC9700_TOKEN_STORAGE": True,
    "COMPLIANT_BCP_RFC9700_REFRESH_TOKEN": True,
    "REFRESH_TOKEN_REUSE_PROTECTION": True,
}
# Every workspace role must have TOTP before it acts: /admin/, its pages and the API (accounts.mfa).
WORKSPACE_REQUIRE_MFA = env.bool("WORKSPACE_REQUIRE_MFA", default=not DEBUG)

LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
WAGTAIL_CONTENT_LANGUAGES = LANGUAGES
WAGTAIL_I18N_ENABLED = True
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale_thirdparty"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "var" / "static"
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "var" / "media")
# MEDIA_STORAGE=s3 keeps uploads in an S3-compatible bucket (django-storages) shared by every app
# server and worker; nginx serves it under MEDIA_URL (AWS_S3_CUSTOM_DOMAIN).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    if MEDIA_STORAGE != "s3"
    else {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME", default="choso-media"),
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="us-east-1"),
            "access_key": env.str("AWS_ACCESS_KEY_ID", default=""),
            "secret_key": env.str("AWS_SECRET_ACCESS_KEY", default=""),
            "custom_domain": env.str("AWS_S3_CUSTOM_DOMAIN", default="") or None,
            "url_protocol": env.str("AWS_S3_URL_PROTOCOL", default="https:"),
            "file_overwrite": False,
            "default_acl": None,
            "querystring_auth": False,
        },
    },
    "staticfiles": {
        "BACKEND": env.str(
            "STATICFILES_STORAGE",
            default="django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# A request whose Content-Length is over this is answered 413 before its body is read
# (config.middleware.RequestLimitsMiddleware): the largest upload (an 8 MB picture) and its form.
MAX_REQUEST_BODY_BYTES = env.int("MAX_REQUEST_BODY_BYTES", default=10 * 1024 * 1024)

# EMAIL_URL (smtp+tls://user:password@host:587) sets the SMTP backend and its server; or name a
# backend in EMAIL_BACKEND. The console is the default with DEBUG on only.
if env.str("EMAIL_URL", default=""):
    _email = env.email_url("EMAIL_URL")
    globals().update(_email)  # EMAIL_HOST, EMAIL_PORT, EMAIL_HOST_USER, EMAIL_USE_TLS...
    EMAIL_BACKEND = _email["EMAIL_BACKEND"]
else:
    EMAIL_BACKEND = env.str(
        "EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend" if _dev else ""
    )
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Chợ Số <no-reply@choso.local>")

# Wagtail
WAGTAIL_SITE_NAME = "Chợ Số"
WAGTAILADMIN_BASE_URL = SITE_URL
# No avatars from gravatar.com: the workspace makes no request to another site (and would show a
# broken picture offline); Wagtail draws its own default avatar, users may upload one.
WAGTAIL_GRAVATAR_PROVIDER_URL = None
WAGTAILIMAGES_IMAGE_MODEL = "cms.CustomImage"
WAGTAILIMAGES_IMAGE_FORM_BASE = "cms.image_forms.CleanImageForm"  # re-encodes every upload
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 8 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 40_000_000
WAGTAILIMAGES_EXTENSIONS = ["jpg", "jpeg", "png", "webp"]
WAGTAILDOCS_EXTENSIONS = ["pdf", "xlsx", "csv", "docx"]
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILSEARCH_BACKENDS = {"default": {"BACKEND": "wagtail.search.backends.database"}}

# Background tasks: the database queue by default (a worker runs beside `make run`).
TASKS = {
    "default": {
        "BACKEND": env.str("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.TokenAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticatedOrReadOnly"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_THROTTLE_CLASSES": ["config.api.RateThrottle", "config.api.ScopedRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {
        "anon": env.str("API_THROTTLE_ANON", default="120/min"),
        "user": env.str("API_THROTTLE_USER", default="600/min"),
        # Scoped rates (a view's ``throttle_scope``), per user or client address, counted on top.
        "imports": env.str("API_THROTTLE_IMPORTS", default="30/hour"),
    },
    # REMOTE_ADDR already holds the client's address (config.middleware.ClientAddressMiddleware):
    # DRF must not read X-Forwarded-For itself, which by default it trusts from anyone.
    "NUM_PROXIES": 0,
    "EXCEPTION_HANDLER": "config.api.exception_handler",
    "DEFAULT_PAGINATION_CLASS": "config.api.PageNumberPagination",
    "PAGE_SIZE": 20,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Chợ Số API",
    "DESCRIPTION": "Products, categories and storefront facts of Chợ Số, and the maturity score.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "PREPROCESSING_HOOKS": ["config.api.only_api_paths"],
    "COMPONENT_SPLIT_REQUEST": True,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
}

# Payments: "sandbox" works offline with no keys; "stripe" needs the keys below. With DEBUG off
# there is no default, and the sandbox (whose pages approve accounts and "pay" with a click) is
# routed only on a site that allows it, a demo: PAYMENTS_SANDBOX_ENABLED=1.
PAYMENTS_SANDBOX_ENABLED = env.bool("PAYMENTS_SANDBOX_ENABLED", default=_dev)
PAYMENT_PROVIDER = env.str("PAYMENT_PROVIDER", default="sandbox" if _dev else "")
STRIPE_SECRET_KEY = env.str("STRIPE_SECRET_KEY", default="")
STRIPE_WEBHOOK_SECRET = env.str("STRIPE_WEBHOOK_SECRET", default="")
STRIPE_CONNECT_WEBHOOK_SECRET = env.str("STRIPE_CONNECT_WEBHOOK_SECRET", default="")
STRIPE_API_BASE = env.str("STRIPE_API_BASE", default="")
STRIPE_ACCOUNT_COUNTRY = env.str("STRIPE_ACCOUNT_COUNTRY", default="SG")
PLATFORM_FEE_BPS = env.int("PLATFORM_FEE_BPS", default=500)
MIN_PAYABLE_VND = env.int("MIN_PAYABLE_VND", default=20_000)
# payOS (each shop's own channel, docs/payments.md): empty means payos.vn, or the in-process
# sandbox payOS while PAYMENT_PROVIDER is "sandbox".
PAYOS_BASE_URL = env.str("PAYOS_BASE_URL", default="")
PAYOS_TIMEOUT_SECONDS = env.float("PAYOS_TIMEOUT_SECONDS", default=15.0)

# Security headers; strict values switch on with DEBUG off.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
LANGUAGE_COOKIE_SAMESITE = "Lax"
if not DEBUG and not TESTING:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31_536_000)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    LANGUAGE_COOKIE_SECURE = True
# Content-Security-Policy for the public site, sent by django-csp (the text below is turned into its
# setting by config.csp); the Wagtail admin and the API docs keep their own inline assets and are
# exempt by path prefix (config.csp.EXCLUDED_PREFIXES).
CONTENT_SECURITY_POLICY = env.str(
    "CONTENT_SECURITY_POLICY",
    default="default-src 'self'; img-src 'self' data: blob:; style-src 'self'; script-src 'self'; "
    "frame-src 'self' https://www.youtube-nocookie.com https://player.vimeo.com; "
    # Checkout's forms are answered by a redirect to Stripe's or payOS's hosted page: browsers
    # check the redirect against form-action too.
    "frame-ancestors 'none'; form-action 'self' https://checkout.stripe.com https://pay.payos.vn; base-uri 'self'; "
    "object-src 'none'",
)
CONTENT_SECURITY_POLICY = csp.setting(
    policy_allowing_form_action(CONTENT_SECURITY_POLICY, CITY_OIDC_ISSUER)
)

# LOG_FORMAT=json: one JSON object per line with the request id (config.logs).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_id": {"()": "config.logs.RequestIdFilter"}},
    "formatters": {
        "json": {"()": "config.logs.JsonFormatter"},
        "text": {"format": "%(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_id"],
            "formatter": env.str("LOG_FORMAT", default="text"),
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
}
# Who may read /metrics (config.observability): the internal network only.
METRICS_ALLOWED_NETWORKS = env.list(
    "METRICS_ALLOWED_NETWORKS", default=["127.0.0.0/8", "::1/128", "10.0.0.0/8", "172.16.0.0/12"]
)

if not DEBUG and not TESTING:
    refuse_unless_empty(
        production_problems(
            payment_provider=PAYMENT_PROVIDER,
            sandbox_enabled=PAYMENTS_SANDBOX_ENABLED,
            email_backend=EMAIL_BACKEND,
            cache_backend=CACHES["default"]["BACKEND"],
        )
    )
