"""Test settings: the real settings with fixed keys, eager Celery and fast hashing.
Tests always run against PostgreSQL (embedded unless DATABASE_URL is set)."""

import os

os.environ.setdefault("SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
os.environ.setdefault("FIELD_ENCRYPTION_KEY", "iKlotpTSIRIcGSgKBPp2ckSe_F9cSEw903qBjAODMcM=")
os.environ["CELERY_TASK_ALWAYS_EAGER"] = "true"

from soleflip.settings import *  # noqa: E402,F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_BROKER_URL = "memory://"
CELERY_RESULT_BACKEND = "cache+memory://"
SESSION_COOKIE_SECURE = False
CSRF_COOKIE_SECURE = False
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# Parallel test runs (e.g. several checkouts sharing one embedded server) can pick their
# own test database name.
DATABASES["default"]["TEST"] = {"NAME": env("TEST_DATABASE_NAME", default="test_soleflip")}  # noqa: F405

# Uploaded files of a test run go to a temporary folder that is removed at exit.
import atexit  # noqa: E402
import shutil  # noqa: E402
import tempfile  # noqa: E402

MEDIA_ROOT = tempfile.mkdtemp(prefix="soleflip-test-media-")
atexit.register(shutil.rmtree, MEDIA_ROOT, ignore_errors=True)

# A test-only app whose migrations prove the schema-aware backend (tests/schema).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.schema_app"]  # noqa: F405
