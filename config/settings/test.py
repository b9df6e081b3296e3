"""Test settings: PostgreSQL like every environment, fast hashing, in-memory email."""

import os

from .base import *  # noqa: F403
from .base import DATABASES, LOCAL_DIR

DEBUG = False
SECRET_KEY = "test-secret-key-not-for-production-0123456789abcdef0123456789"  # noqa: S105
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
MAILERS = {"default": {"BACKEND": "django.core.mail.backends.locmem.EmailBackend"}}
MEDIA_ROOT = str(LOCAL_DIR / "test-media")
# WhiteNoise scans STATIC_ROOT when the app starts; tests never collect static files into it.
STATIC_ROOT = LOCAL_DIR / "test-static"
STATIC_ROOT.mkdir(parents=True, exist_ok=True)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Parallel runs on one server (several checkouts, several developers) each get their own test database.
# Live-server and worker threads must not keep connections past a test: the test database is dropped at the end.
DATABASES["default"]["CONN_MAX_AGE"] = 0
DATABASES["default"]["TEST"] = {"NAME": "test_genai_tracker" + os.environ.get("TEST_DB_SUFFIX", "")}
# Cached tokens and person facts are forgotten by the writes that change them; within a test only those writes, not
# the clock, decide what a request sees (the suite's cache is emptied between tests).
API_TOKEN_CACHE_SECONDS = 300
PERSON_FACTS_CACHE_SECONDS = 300
