"""Settings for the test suite: Mend's settings with test keys and fast hashing."""

import os

os.environ.setdefault("MEND_DEBUG", "true")
os.environ.setdefault("MEND_SECRET_KEY", "test-secret-key-not-for-production-" + "x" * 20)
# A fixed, well-known test key: never use it anywhere else.
os.environ.setdefault("MEND_ENCRYPTION_KEYS", "test1:AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8")
os.environ.setdefault("MEND_ENV_FILE", "/nonexistent-mend-env")

from mend.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # speed; production uses Argon2id
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"]["BACKEND"] = "django.contrib.staticfiles.storage.StaticFilesStorage"  # noqa: F405
MEND_COACH_LEARNED = False  # rules only by default; coach/tests and tests marked for it use the learned layer
HUEY = {"huey_class": "huey.MemoryHuey", "name": "mend-tests", "immediate": True}
