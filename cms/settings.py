"""Settings for the CMS: one module, every deploy-specific value from the environment.

Defaults are for `make run` on a developer's machine (SQLite, tasks in-process, local-memory cache).
Production sets DEBUG=0, SECRET_KEY, DATABASE_URL, REDIS_URL and ALLOWED_HOSTS; see README.md.
"""

from datetime import timedelta
from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

DEBUG = env.bool("DEBUG", default=True)

# A development default exists only while DEBUG is on: a production process without a key must not start.
_DEV_SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"  # noqa: S105
SECRET_KEY = env.str("SECRET_KEY", default=_DEV_SECRET_KEY if DEBUG else "")
if not SECRET_KEY:
    raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off.")

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
SITE_NAME = env.str("SITE_NAME", default="营销观察")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.sitemaps",
    "django.contrib.postgres",
    "axes",
    "taggit",
    "django_ckeditor_5",
    "django_ratelimit",
    "cms",
    "core",
    "accounts",
    "moderation",
    "articles",
]

MIDDLEWARE = [
    # Anonymous readers' pages come from the cache before anything else runs (core/pagecache.py); a cached page
    # carries the headers the rest of this stack gave it when it was rendered.
    "core.pagecache.AnonymousPageCacheMiddleware",
    "cms.db_router.StickToPrimaryAfterWriteMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "cms.middleware.SiteLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "core.middleware.RejectNulMiddleware",
    "accounts.middleware.BannedSessionMiddleware",
    "accounts.middleware.DeviceCookieMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django_ratelimit.middleware.RatelimitMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Axes goes last: it turns a lockout signalled by the authentication backend into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "cms.urls"
WSGI_APPLICATION = "cms.wsgi.application"

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
                "cms.context_processors.site",
            ],
            # `{% form_token %}` in every template: the one-time token of forms that must take effect once.
            "builtins": ["core.templatetags.forms_once", "core.templatetags.punctuation"],
        },
    },
]

# --- Database -----------------------------------------------------------------------------------
DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60 if not DEBUG else 0)
# A persistent connection is checked before reuse, so a PostgreSQL restart costs no request an error.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
IS_POSTGRES = DATABASES["default"]["ENGINE"].endswith("postgresql")
# Read replicas (scaling out reads): each URL becomes a "replica_N" alias; cms.db_router sends reads there.
for _n, _url in enumerate(env.list("DATABASE_REPLICA_URLS", default=[])):
    DATABASES[f"replica_{_n}"] = {
        **env.db_url_config(_url),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "TEST": {"MIRROR": "default"},
    }
if len(DATABASES) > 1:
    DATABASE_ROUTERS = ["cms.db_router.ReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Redis: broker, results and cache; absent means in-process tasks and local-memory cache ------
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    # A Redis outage degrades the cache to misses instead of failing (or stalling) every request, so content can
    # still be read and submitted (and swept later).
    CACHES = {
        "default": {
            # django-redis behind a circuit breaker (core/cache.py): a dead or hung Redis is skipped, not waited on.
            "BACKEND": "core.cache.BreakerRedisCache",
            # A separate Redis (or database number) for the cache when the broker's should not share it.
            "LOCATION": env.str("REDIS_CACHE_URL", default=REDIS_URL),
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="cms"),
            "TIMEOUT": 300,
            "OPTIONS": {
                "SOCKET_CONNECT_TIMEOUT": 0.5,
                "SOCKET_TIMEOUT": 0.5,
                "BREAKER_COOLDOWN": env.float("CACHE_BREAKER_COOLDOWN", default=10),
            },
        },
        # While Redis is unreachable (the breaker open), the anonymous page cache keeps pages in each process's own
        # memory instead (core/pagecache.py), so that readers are not all served freshly rendered pages.
        "pages_local": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "pages-local",
            "TIMEOUT": 60,
            "OPTIONS": {"MAX_ENTRIES": 2000},
        },
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "cms"}}

CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_DEFAULT_QUEUE = env.str("CELERY_QUEUE", default="cms")
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = "Asia/Shanghai"
CELERY_RESULT_EXPIRES = 3600
# A killed worker's unacknowledged task returns to the queue after this many seconds (Redis transport).
_VISIBILITY_TIMEOUT = env.int("CELERY_VISIBILITY_TIMEOUT", default=300)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": _VISIBILITY_TIMEOUT,
    # How often a worker looks for such tasks (kombu's default is every 100 s whatever the timeout).
    "unacked_restore_interval": max(1, min(10, _VISIBILITY_TIMEOUT // 2)),
    "unacked_restore_throttle": 1,
    # A hung Redis (accepting connections, never answering) must not hold a request: publishing gives up after
    # these many seconds and the sweep enqueues later. Above kombu's 1 s BRPOP timeout, so idle workers are fine.
    "socket_connect_timeout": 1,
    "socket_timeout": 1.5,
}
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = 1
CELERY_REDIS_SOCKET_TIMEOUT = 1.5
# Fail fast when the broker is down: the request must not hang; the sweep re-enqueues later.
CELERY_BROKER_CONNECTION_TIMEOUT = 1
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_PUBLISH_RETRY = False
CELERY_BEAT_SCHEDULE = {
    "checks-sweep": {"task": "moderation.tasks.checks_sweep", "schedule": 60.0},
    "form-submissions-purge": {"task": "core.tasks.form_submissions_purge", "schedule": 86400.0},
}

# --- Auth ---------------------------------------------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "/"
LOGOUT_REDIRECT_URL = "/"
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# Login throttling: 10 failures for one (account, IP) pair within 15 minutes lock that pair for 15 minutes.
AXES_FAILURE_LIMIT = 10
AXES_COOLOFF_TIME = timedelta(minutes=15)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
# Trusted proxies in front of the site; the client IP is resolved once for axes, the rate limits and sign-up.
PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "core.ip.client_ip"
RATELIMIT_IP_META_KEY = "core.ip.ratelimit_ip"

# Rate limits on writes, one table for every view and service (core/ratelimits.py). A refused request gets the 429 page.
RATELIMIT_VIEW = "cms.views.error_429"
# During a Redis outage the counters cannot be read: let requests through rather than refuse everyone.
RATELIMIT_FAIL_OPEN = True
RATELIMITS = {
    "register": "10/h",
    "comment": "10/m",
    "feedback": "10/h",
    # Editor images, per user: decoding is bounded per file (accounts/images.py), this bounds the files.
    "upload": "60/h",
    # Contributions (投稿) handed to the editors, per user: each one lands in a person's review queue.
    "contribution": "10/h",
    # Password-reset mails: per address (nobody needs more than a few) and per IP (one client, many addresses).
    "password_reset_email": "3/h",
    "password_reset_ip": "10/h",
    # Counted in the database by the report service (durable, exact), not in the cache.
    "report": "20/h",
}
if not REDIS_URL:
    # The embedded default runs one process (runserver), for which a local-memory counter is exact.
    SILENCED_SYSTEM_CHECKS = ["django_ratelimit.E003", "django_ratelimit.W001"]

# --- i18n ---------------------------------------------------------------------------------------
LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", "简体中文"), ("en", "English")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

# --- Static and media ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Media on S3-compatible storage when a bucket is configured (django-storages; see README "Scaling").
if env.str("AWS_STORAGE_BUCKET_NAME", default=""):
    STORAGES["default"] = {"BACKEND": "storages.backends.s3.S3Storage"}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 12 * 1024 * 1024

# --- Email --------------------------------------------------------------------------------------
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="noreply@example.com")

# --- Security -----------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False  # CKEditor's upload adapter reads the token from the cookie.
SESSION_COOKIE_SECURE = not DEBUG
CSRF_COOKIE_SECURE = not DEBUG
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not DEBUG
SECURE_HSTS_PRELOAD = not DEBUG
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if env.bool("BEHIND_PROXY", default=False) else None
X_FRAME_OPTIONS = "DENY"

# Content Security Policy: only our own origin. CKEditor 5 injects inline styles, so styles allow 'unsafe-inline';
# scripts never do.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": ["'self'", "data:", "blob:"],
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
    }
}

# --- Editor -------------------------------------------------------------------------------------
CKEDITOR_5_FILE_UPLOAD_PERMISSION = "authenticated"
CKEDITOR_5_UPLOAD_FILE_TYPES = ["jpeg", "jpg", "png", "gif", "webp"]
CKEDITOR_5_MAX_FILE_SIZE = 5
CKEDITOR_5_CONFIGS = {
    "default": {
        "language": "zh-cn",
        "toolbar": [
            "heading",
            "|",
            "bold",
            "italic",
            "link",
            "bulletedList",
            "numberedList",
            "blockQuote",
            "|",
            "imageUpload",
            "insertTable",
            "|",
            "undo",
            "redo",
        ],
        "heading": {
            "options": [
                {"model": "paragraph", "title": "Paragraph", "class": "ck-heading_paragraph"},
                {"model": "heading2", "view": "h2", "title": "Heading 2", "class": "ck-heading_heading2"},
                {"model": "heading3", "view": "h3", "title": "Heading 3", "class": "ck-heading_heading3"},
            ]
        },
    },
}

# --- Site furniture -----------------------------------------------------------------------------
CONTACT_EMAIL = env.str("CONTACT_EMAIL", default="feedback@example.com")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="WARNING")},
    "loggers": {"cms": {"level": "INFO"}, "moderation": {"level": "INFO"}, "articles": {"level": "INFO"}},
}

# --- compliance ---------------------------------------------------------------------------------
# Filing numbers shown in every page's footer (nothing shown when unset): the ICP 备案号 (e.g. "京ICP备12345678号-1")
# links to the MIIT query site; the 公安备案号 (e.g. "京公网安备11010502000001号") to the PSB site with its record code.
ICP_BEIAN = env.str("ICP_BEIAN", default="")
PSB_BEIAN = env.str("PSB_BEIAN", default="")
# IP属地: the ip2region file (`.xdb` read by py-ip2region, or the 1.x `.db`) that `manage.py ipregion fetch`
# installs; absent, every region shows 未知. Point it at another file to replace the data without a code change.
IP_REGION_DB = env.str("IP_REGION_DB", default=str(BASE_DIR / "data" / "ip2region" / "ip2region.db"))
# 后台实名: publishing, contributing and commenting need a verified mainland mobile number. On by default in
# production (DEBUG=0); off in the embedded default so that the demo accounts can write at once.
PHONE_VERIFICATION_REQUIRED = env.bool("PHONE_VERIFICATION_REQUIRED", default=not DEBUG)
PHONE_CODE_TTL = env.int("PHONE_CODE_TTL", default=300)  # seconds an SMS code stays valid
PHONE_CODE_MAX_ATTEMPTS = 5  # wrong tries before a code is dead
# The SMS sender: "accounts.sms.ConsoleBackend" (prints; the default) or "accounts.sms.AliyunBackend" with the
# SMS_ALIYUN_* values below (an approved 签名 and a template with a ${code} variable).
SMS_BACKEND = env.str("SMS_BACKEND", default="accounts.sms.ConsoleBackend")
SMS_ALIYUN_ACCESS_KEY_ID = env.str("SMS_ALIYUN_ACCESS_KEY_ID", default="")
SMS_ALIYUN_ACCESS_KEY_SECRET = env.str("SMS_ALIYUN_ACCESS_KEY_SECRET", default="")
SMS_ALIYUN_SIGN_NAME = env.str("SMS_ALIYUN_SIGN_NAME", default="")
SMS_ALIYUN_TEMPLATE_CODE = env.str("SMS_ALIYUN_TEMPLATE_CODE", default="")
SMS_ALIYUN_ENDPOINT = env.str("SMS_ALIYUN_ENDPOINT", default="https://dysmsapi.aliyuncs.com/")
SMS_ALIYUN_REGION = env.str("SMS_ALIYUN_REGION", default="cn-hangzhou")
RATELIMITS.update(
    {
        # SMS codes: per number (counted in the database by accounts.phone) and per client IP (cache).
        "sms_phone": "5/h",
        "sms_ip": "20/h",
        # Code entries per account: each code also dies after PHONE_CODE_MAX_ATTEMPTS wrong tries.
        "sms_verify": "30/h",
    }
)
# Retention (《互联网跟帖评论服务管理规定》: at least six months): content snapshots, the audit log, decisions and login
# records are kept RETENTION_DAYS days and purged after that by a daily beat task (accounts.tasks.retention_purge).
RETENTION_DAYS = env.int("RETENTION_DAYS", default=180)
if RETENTION_DAYS < 180:
    raise ImproperlyConfigured("RETENTION_DAYS must be at least 180 (records are kept at least six months).")
CELERY_BEAT_SCHEDULE["retention-purge"] = {"task": "accounts.tasks.retention_purge", "schedule": 24 * 3600.0}
RATELIMITS["data_export"] = "5/h"  # a user's own data export (a ZIP built per request)
# Trust levels (先审后发 for newcomers, like Discourse's TL0-TL2): an account reaches a level when it is at least
# `days` old and has had `accepted` pieces of content published, both counted since its last sanction, with no mute
# or ban in force. TL2 gets RATELIMITS_TRUSTED. JSON in the environment, e.g. '{"1": {"days": 1, "accepted": 1}}'.
TRUST_LEVELS = {
    int(k): v
    for k, v in env.json(
        "TRUST_LEVELS", default={"1": {"days": 1, "accepted": 1}, "2": {"days": 30, "accepted": 10}}
    ).items()
}
# A new (or newly sanctioned) account's first N comments and articles wait for a moderator even when the checks
# pass. Off in the embedded default (the demo's accounts write at once), 3 in production.
TRUST_NEWCOMER_HOLDS = env.int("TRUST_NEWCOMER_HOLDS", default=0 if DEBUG else 3)
# Higher limits for TL2 accounts, by RATELIMITS name (core.ratelimits asks the level through this callable).
RATELIMITS_TRUSTED = {"comment": "30/m", "contribution": "30/h", "upload": "200/h"}
RATELIMIT_TRUST_LEVEL_CALLABLE = "accounts.selectors.trust_level"
# --- Moderator tools ---
# How long the moderators' statistics (trends and their CSV) are kept in the cache, in seconds; 0 computes them on
# every request. A deploy with many moderators may raise it; a minute-old chart is current enough.
MODERATION_TRENDS_CACHE_SECONDS = env.int("MODERATION_TRENDS_CACHE_SECONDS", default=60)
# How often beat computes the statistics' closed days not yet in the daily rollup (moderation.services.stats): a day
# once, shortly after it closes, and again when a later change marked it dirty; until then the pages compute it live.
CELERY_BEAT_SCHEDULE["stats-rollup"] = {
    "task": "moderation.tasks.stats_rollup",
    "schedule": env.float("MODERATION_STATS_ROLLUP_SECONDS", default=900.0),
}
# How often beat raises open cases by their wait (the queue's escalation policy, moderation.EscalationStep).
CELERY_BEAT_SCHEDULE["cases-escalate"] = {
    "task": "moderation.tasks.cases_escalate",
    "schedule": env.float("MODERATION_ESCALATION_SWEEP_SECONDS", default=300.0),
}

# --- accounts (django-allauth: registration, login, e-mail, password, MFA, social; captcha) ---
# Registration, login by username or e-mail, e-mail verification, password change/reset and TOTP MFA are
# django-allauth's; accounts/adapter.py and accounts/forms.py adapt them (sanction refusal, captcha, client IP).
INSTALLED_APPS += ["allauth", "allauth.account", "allauth.mfa", "allauth.socialaccount", "captcha"]
# Social login, off by default: a comma-separated list of weixin, weibo, qq. Each one named needs
# <NAME>_CLIENT_ID and <NAME>_SECRET (the AppID/AppKey from the open platform).
SOCIAL_LOGIN_PROVIDERS = env.list("SOCIAL_LOGIN_PROVIDERS", default=[])
_SOCIAL_APPS = {
    "weixin": "allauth.socialaccount.providers.weixin",
    "weibo": "allauth.socialaccount.providers.weibo",
    "qq": "accounts.social.qq",  # allauth has no QQ provider; accounts/social/qq is a small OAuth2 one
}
_unknown = sorted(set(SOCIAL_LOGIN_PROVIDERS) - set(_SOCIAL_APPS))
if _unknown:
    raise ImproperlyConfigured(f"SOCIAL_LOGIN_PROVIDERS: unknown provider(s) {_unknown}; known: {sorted(_SOCIAL_APPS)}")
INSTALLED_APPS += [_SOCIAL_APPS[_p] for _p in SOCIAL_LOGIN_PROVIDERS]
SOCIALACCOUNT_PROVIDERS = {
    _p: {"APPS": [{"client_id": env.str(f"{_p.upper()}_CLIENT_ID"), "secret": env.str(f"{_p.upper()}_SECRET")}]}
    for _p in SOCIAL_LOGIN_PROVIDERS
}
SOCIALACCOUNT_ADAPTER = "accounts.adapter.SocialAccountAdapter"
# allauth keeps the login state (MFA stage, e-mail verification) on request.allauth.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "allauth.account.middleware.AccountMiddleware",
)
# Staff without TOTP are sent to set it up before anything else when MFA_REQUIRED_FOR_STAFF is on.
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "accounts.middleware.StaffMFAMiddleware",
)
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",  # first: refuses a locked-out (username, IP) pair before any password check
    "allauth.account.auth_backends.AuthenticationBackend",  # username or e-mail
    # Sessions made before allauth name this backend; without it they would be logged out on deploy.
    "django.contrib.auth.backends.ModelBackend",
]
ACCOUNT_ADAPTER = "accounts.adapter.AccountAdapter"
ACCOUNT_FORMS = {
    "login": "accounts.forms.LoginForm",
    "signup": "accounts.forms.SignupForm",
}
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email*", "password1*", "password2*"]
ACCOUNT_UNIQUE_EMAIL = True  # case-insensitive: allauth stores addresses lower-cased
# "optional": a new account is logged in and sent the verification mail; until it is verified accounts.policy
# refuses every write (comment, article, contribution, report, profile text), with a link to resend the mail.
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_EMAIL_CONFIRMATION_EXPIRE_DAYS = 3
ACCOUNT_SESSION_REMEMBER = True  # as before: a login lasts SESSION_COOKIE_AGE
ACCOUNT_LOGOUT_REDIRECT_URL = "/"
ACCOUNT_EMAIL_SUBJECT_PREFIX = f"[{SITE_NAME}] "
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "http" if DEBUG else "https"
# allauth counts these in the cache and answers with handler429 (cms.views.error_429); the rates are the ones in
# RATELIMITS, so there is still one table. Sign-ups per IP; reset mails per IP and per address (lower-cased).
ACCOUNT_RATE_LIMITS = {
    "signup": f"{RATELIMITS['register']}/ip",
    "reset_password": f"{RATELIMITS['password_reset_ip']}/ip,{RATELIMITS['password_reset_email']}/key",
    # Failed logins are axes' (AXES_FAILURE_LIMIT per username and IP); allauth's own 5-per-5-minutes would
    # answer first and change the lockout the users were told about.
    "login_failed": None,
}
# TOTP with recovery codes. Required for editors, moderators and admins when MFA_REQUIRED_FOR_STAFF is on
# (default: on when DEBUG is off; the embedded default leaves it optional so that the demo logins work).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_ADAPTER = "accounts.adapter.MFAAdapter"
MFA_FORMS = {"authenticate": "accounts.forms.MFAAuthenticateForm", "activate_totp": "accounts.forms.ActivateTOTPForm"}
MFA_TOTP_ISSUER = SITE_NAME
MFA_REQUIRED_FOR_STAFF = env.bool("MFA_REQUIRED_FOR_STAFF", default=not DEBUG)
# django-simple-captcha: images drawn by the server, no outside service. Asked on registration, and on login once
# CAPTCHA_LOGIN_AFTER_FAILURES failed logins came from the client's IP or named the username (within AXES_COOLOFF_TIME).
CAPTCHA_LOGIN_AFTER_FAILURES = env.int("CAPTCHA_LOGIN_AFTER_FAILURES", default=3)
CAPTCHA_LENGTH = 4
CAPTCHA_TIMEOUT = 10  # minutes a challenge stays answerable
CAPTCHA_IMAGE_SIZE = (120, 40)
CAPTCHA_FONT_SIZE = 28
# Failures by e-mail or by another letter case count against the account's username (accounts/lockout.py).
AXES_USERNAME_CALLABLE = "accounts.lockout.lockout_username"
TEMPLATES[0]["OPTIONS"]["context_processors"].append("accounts.context_processors.email_verification")
# Puts back Django's wording of "This field is required." that django-simple-captcha's catalogue overrides
# (accounts/translations/zh_Hans/LC_MESSAGES/django.po says why).
LOCALE_PATHS += [BASE_DIR / "accounts" / "translations"]

# --- comments, search and forms (issue 14 items 5-7) ---------------------------------------------
# How long after posting an author may still edit or delete their own comment (an edit is checked again).
COMMENT_EDIT_WINDOW_MINUTES = env.int("COMMENT_EDIT_WINDOW_MINUTES", default=15)
# Top-level comments per page under an article (their replies come with them).
COMMENT_PAGE_SIZE = env.int("COMMENT_PAGE_SIZE", default=20)
RATELIMITS.update(
    {
        # Per user: likes and unlikes of comments, and edits or deletions of one's own comments.
        "comment_like": "60/m",
        "comment_edit": "20/m",
    }
)
# Every form: errors beside their fields, full-width colons after Chinese labels (core/forms.py).
FORM_RENDERER = "core.forms.SiteFormRenderer"
# One date format in both languages (cms/formats/<language>/formats.py): Y-m-d, and Y-m-d H:i for moments.
FORMAT_MODULE_PATH = ["cms.formats"]

# --- Automatic checks: policy, the site's classifier, replays ------------------------------------
# Off switch for the classifier learnt from moderators' decisions (no training, no evidence). Admins can also turn it
# off per policy version (检查策略 → 使用本站分类器) without a deploy.
CHECKS_CLASSIFIER_ENABLED = env.bool("CHECKS_CLASSIFIER_ENABLED", default=True)
# A trained classifier is activated only with at least this many decisions behind it and, on the decisions held out
# of its training, at least this precision and recall for "moderators removed it".
CHECKS_CLASSIFIER_MIN_DECISIONS = env.int("CHECKS_CLASSIFIER_MIN_DECISIONS", default=200)
CHECKS_CLASSIFIER_MIN_PRECISION = env.float("CHECKS_CLASSIFIER_MIN_PRECISION", default=0.85)
CHECKS_CLASSIFIER_MIN_RECALL = env.float("CHECKS_CLASSIFIER_MIN_RECALL", default=0.5)
# How often Celery beat retrains it (hours); a run with no new decision since the last model does nothing.
CHECKS_CLASSIFIER_RETRAIN_HOURS = env.float("CHECKS_CLASSIFIER_RETRAIN_HOURS", default=24)
CELERY_BEAT_SCHEDULE["checks-classifier-train"] = {
    "task": "moderation.tasks.classifier_train",
    "schedule": CHECKS_CLASSIFIER_RETRAIN_HOURS * 3600,
}

# --- Reader engagement (issue 14: counts, likes, favourites, follows, hot list) ---
# Likes, favourites and follows per reader (core.ratelimits): a toggle is cheap, but a script must not spin on it.
RATELIMITS.update({"engage": env.str("RATELIMIT_ENGAGE", default="60/m")})
# Buffered read/like counts are applied by `articles.tasks.engagement_flush`, the 7-day hot list recomputed by
# `articles.tasks.hot_refresh` (seconds between runs; beat with Redis, in-process otherwise).
ENGAGEMENT_FLUSH_SECONDS = env.int("ENGAGEMENT_FLUSH_SECONDS", default=60)
ENGAGEMENT_HOT_SECONDS = env.int("ENGAGEMENT_HOT_SECONDS", default=300)
# Without a broker there is no beat: the counter endpoint runs the two tasks in-process once they are due.
ENGAGEMENT_INLINE_FLUSH = env.bool("ENGAGEMENT_INLINE_FLUSH", default=not REDIS_URL)
CELERY_BEAT_SCHEDULE.update(
    {
        "engagement-flush": {"task": "articles.tasks.engagement_flush", "schedule": float(ENGAGEMENT_FLUSH_SECONDS)},
        "hot-refresh": {"task": "articles.tasks.hot_refresh", "schedule": float(ENGAGEMENT_HOT_SECONDS)},
    }
)
