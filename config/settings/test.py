"""Test settings: the base settings, with cheap hashing and an in-memory mailbox."""

import os
import tempfile

from .base import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Tasks run where they are enqueued, except in the servers a test starts with TASKS_BACKEND
# (tests/indicators/test_pannes.py runs a real db_worker beside them).
TASKS = {
    "default": {
        "BACKEND": os.environ.get(
            "TASKS_BACKEND", "django_tasks.backends.immediate.ImmediateBackend"
        )
    }
}
# Tests publish row by row, thousands of times: the figures are computed when next read rather
# than by each write's task (publication.diffusion); servers with a real worker do as in production.
CHIFFRES_A_LA_LECTURE = "TASKS_BACKEND" not in os.environ
STORAGES["staticfiles"] = {  # noqa: F405
    "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
}
# The test client's login() authenticates without a request, which Axes refuses; the lockout
# tests switch it back on.
AXES_ENABLED = False
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):  # noqa: F405
    # A file, not memory: threads and server processes of the concurrency tests share it as
    # they would in production. One per process (pytest-xdist adds its worker suffix).
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": os.path.join(tempfile.gettempdir(), f"tnr-test-{os.getpid()}.sqlite3")
    }
# Pending uploads of the tests: a throw-away folder, shared with the servers a test starts.
PRIVATE_ROOT = os.environ.get("PRIVATE_ROOT") or os.path.join(
    tempfile.gettempdir(), f"tnr-test-prive-{os.getpid()}"
)
STORAGES["televersements"]["OPTIONS"]["location"] = os.path.join(  # noqa: F405
    PRIVATE_ROOT, "televersements"
)
