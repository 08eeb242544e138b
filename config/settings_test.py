"""Test settings: fast hasher, in-memory mail, tasks run immediately, temp media."""

import os
import tempfile
from pathlib import Path

os.environ.setdefault("DJANGO_SECRET_KEY", "test-secret-key-not-for-production")
os.environ.setdefault("POZYTEK_SECURE", "0")

from config.settings import *  # noqa: F403

DEBUG = False
ALLOWED_HOSTS = ["*"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
# The production cache (shared by every worker), never a Redis server that REDIS_URL in the shell names.
CACHES = {"default": DATABASE_CACHE}
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pozytek-test-media-"))
PRIVATE_MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="pozytek-test-private-"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# A second alias for the read-replica router's tests (tests/core/test_db_router.py): the test database itself
# through another connection (MIRROR), never the replica DATABASE_REPLICA_URL may name in the shell. The
# router stays off (POZYTEK_READ_REPLICA empty) unless a test turns it on, so no other test touches it.
DATABASES["replica"] = {**DATABASES["default"], "TEST": {"MIRROR": "default"}}
POZYTEK_READ_REPLICA = ""
SECURE_SSL_REDIRECT = False
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
LANGUAGE_COOKIE_SECURE = False
