"""Test settings: the base settings, with cheap hashing and an in-memory mailbox."""

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The test client's login() authenticates without a request, which Axes refuses; the lockout
# tests switch it back on.
AXES_ENABLED = False
