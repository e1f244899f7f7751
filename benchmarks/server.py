"""The production stack on loopback for the benches: gunicorn, production settings, whitenoise.

Uses DATABASE_URL when set (e.g. a PostgreSQL loaded with `seed_national`); otherwise builds a
throw-away SQLite database with the reference data and every app's demo data.
"""

import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
# Management commands that make the database ready; one line per extra data set.
PREPARE = [
    ["migrate", "--noinput"],
    ["load_referential"],
    ["load_territories"],
    ["seed_demo"],
]


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def production_env(database_url):
    return os.environ | {
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        # Plain HTTP on loopback: no redirect to HTTPS.
        "SECURE_SSL_REDIRECT": "false",
        "DATABASE_URL": database_url,
    }


def manage(env, *args):
    print("  manage.py", " ".join(args), flush=True)
    subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        check=True,
        stdout=subprocess.DEVNULL,
    )


def wait_until_up(url, timeout=30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"Le serveur ne répond pas sur {url} après {timeout} s.")


@contextmanager
def production_server(workers=2, threads=4, database_url=None, prepare=True, extra_env=None):
    """Yield the base URL of a gunicorn serving the project; stop it afterwards. `prepare`
    runs PREPARE first (a database built elsewhere, like the national one, skips it)."""
    with tempfile.TemporaryDirectory(prefix="tnr-bench-") as tmp:
        database_url = (
            database_url or os.environ.get("DATABASE_URL") or f"sqlite:///{tmp}/bench.sqlite3"
        )
        env = production_env(database_url) | (extra_env or {})
        for command in PREPARE if prepare else []:
            manage(env, *command)
        manage(env, "collectstatic", "--noinput")
        port = free_port()
        server = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "config.wsgi", f"--bind=127.0.0.1:{port}"]
            + [f"--workers={workers}", f"--threads={threads}", "--log-level=warning"],
            cwd=ROOT,
            env=env,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            wait_until_up(base_url + "/")
            yield base_url
        finally:
            server.terminate()
            server.wait(timeout=30)


_running = ExitStack()
_base_url = None


def base_url():
    """The shared server of this `make bench` run, started on first use (see `stop`)."""
    global _base_url
    if _base_url is None:
        _base_url = _running.enter_context(production_server())
    return _base_url


def stop():
    global _base_url
    _running.close()
    _base_url = None
