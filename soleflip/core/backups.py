"""Backups of the whole database with PostgreSQL's own pg_dump (custom format), each with a
JSON manifest beside it, and restores into an empty database that are checked against that
manifest. Entry points: `manage.py backup`, `manage.py restore`, and the nightly Celery task
(`backups.nightly`, which also prunes old backups). README: "Backups and disaster recovery".

The dump covers every schema of the database: the domain schemas, `analytics` with its
materialized views, and `public`, where Django keeps its own tables (django_migrations,
auth, sessions, contenttypes, the admin log). The manifest's row counts come from the same
snapshot as the dump: a transaction exports its snapshot, pg_dump reads that snapshot
(--snapshot) while the transaction counts rows in it.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import subprocess
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import metadata
from pathlib import Path

import psycopg
from django.conf import settings
from django.db import connections
from django.db.migrations.loader import MigrationLoader
from django.utils.translation import gettext as _
from psycopg import sql

from soleflip.lib import backup_files, pgtools

logger = logging.getLogger(__name__)

MANIFEST_FORMAT = 1
# How long pg_dump and the row counts wait for a table lock (a migration, say) before
# giving up, rather than queueing behind it all night.
LOCK_WAIT = "2min"
_RELATIONS = """
    SELECT n.nspname, c.relname, c.relkind, c.relispopulated
    FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
    WHERE c.relkind IN ('r', 'p', 'm')
      AND n.nspname <> 'information_schema' AND n.nspname NOT LIKE 'pg\\_%'
    ORDER BY 1, 2
"""


class BackupError(Exception):
    """A backup or restore that cannot go on; the message says why and what to do."""


@dataclass(frozen=True)
class Backup:
    dump: Path
    manifest: Path
    size: int
    tables: int
    rows: int
    server_version: str
    seconds: float


@dataclass(frozen=True)
class Mismatch:
    table: str
    expected: int | None  # None: the table is not in the manifest
    restored: int | None  # None: the table did not come back


@dataclass
class Restore:
    database: str
    tables: int
    rows: int
    views: int
    refreshed_views: list[str]
    mismatches: list[Mismatch]
    warnings: list[str] = field(default_factory=list)
    seconds: float = 0.0


def key_fingerprints(keys: list[str]) -> list[str]:
    """Which FIELD_ENCRYPTION_KEY set a backup needs, without the keys: the first 12 hex
    characters of each key's SHA-256, newest first."""
    return [hashlib.sha256(key.strip().encode()).hexdigest()[:12] for key in keys]


def take_backup(*, to: Path, database: dict | None = None) -> Backup:
    """Dump the database in use (or `database`, a DATABASES entry) into `to` and write its
    manifest beside it. Both files are readable by their owner only (they hold personal
    data and encrypted secrets)."""
    started = time.monotonic()
    params = _params(database or connections["default"].settings_dict)
    now = datetime.now(UTC)
    to.mkdir(mode=0o700, parents=True, exist_ok=True)
    dump = to / backup_files.dump_name(now)
    partial = dump.with_name(dump.name + ".partial")
    if dump.exists():
        raise BackupError(_("%(dump)s exists already") % {"dump": dump})

    with _connect(params) as conn, conn.cursor() as cursor:
        conn.isolation_level = psycopg.IsolationLevel.REPEATABLE_READ
        conn.read_only = True
        server_num = int(_scalar(cursor, "SHOW server_version_num"))
        server_version = _scalar(cursor, "SHOW server_version")
        pg_dump = pgtools.find_tool(
            "pg_dump", at_least=server_num, than=_("the server"), bin_dir=settings.PG_BIN_DIR
        )
        cursor.execute(f"SET lock_timeout = '{LOCK_WAIT}'")
        snapshot = _scalar(cursor, "SELECT pg_export_snapshot()")
        _create_private(partial)
        process = subprocess.Popen(
            [
                pg_dump.path,
                "--format=custom",
                f"--file={partial}",
                f"--snapshot={snapshot}",
                f"--lock-wait-timeout={LOCK_WAIT}",
                "--no-password",
            ],
            env=pgtools.libpq_env(params),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            # Counted while pg_dump runs, in the snapshot it dumps.
            tables, views = _count_rows(cursor)
            migrations = _applied_migrations(cursor)
        except BaseException:
            process.kill()
            process.communicate()
            partial.unlink(missing_ok=True)
            raise
        _output, stderr = process.communicate()
        if process.returncode:
            partial.unlink(missing_ok=True)
            raise BackupError(_("pg_dump failed: %(error)s") % {"error": _last_line(stderr)})

    size, digest = _size_and_sha256(partial)
    partial.rename(dump)
    manifest = {
        "format": MANIFEST_FORMAT,
        "created_at": now.isoformat(timespec="seconds").replace("+00:00", "Z"),
        "dump": {"file": dump.name, "bytes": size, "sha256": digest},
        "app": _app_version(),
        "database": {
            "name": params.get("dbname", ""),
            "server_version": server_version,
            "server_version_num": server_num,
        },
        "pg_dump": {"version_num": pg_dump.version_num, "path": str(pg_dump.path)},
        "encryption_keys": key_fingerprints(settings.FIELD_ENCRYPTION_KEYS),
        "migrations": migrations,
        "tables": tables,
        "materialized_views": views,
    }
    manifest_path = to / backup_files.manifest_name(dump.name)
    _write_private(manifest_path, json.dumps(manifest, indent=2) + "\n")
    return Backup(
        dump=dump,
        manifest=manifest_path,
        size=size,
        tables=len(tables),
        rows=sum(tables.values()),
        server_version=server_version,
        seconds=time.monotonic() - started,
    )


def restore_backup(*, dump: Path, database: dict | None = None) -> Restore:
    """Restore `dump` into an empty database (the one in use, or `database`), in one
    transaction: a restore that fails leaves the target empty. Then make sure every
    materialized view is populated and compare every table's rows with the manifest."""
    started = time.monotonic()
    manifest = read_manifest(dump)
    params = _params(database or connections["default"].settings_dict)
    target = params.get("dbname", "")

    with _connect(params) as conn, conn.cursor() as cursor:
        occupied = [name for name, *_rest in _relations(cursor)]
        schemas = cursor.execute(
            "SELECT nspname FROM pg_namespace WHERE nspname NOT IN ('public', 'information_schema') "
            "AND nspname NOT LIKE 'pg\\_%' ORDER BY 1"
        ).fetchall()
    if occupied or schemas:
        found = (
            _("%(n)s tables and views, e.g. %(names)s")
            % {"n": len(occupied), "names": ", ".join(occupied[:3])}
            if occupied
            else _("schemas %(names)s") % {"names": ", ".join(name for (name,) in schemas)}
        )
        raise BackupError(
            _(
                "the database %(database)s is not empty (%(found)s); restore only into an "
                "empty database: create one (CREATE DATABASE ...) and pass --database-url"
            )
            % {"database": repr(target), "found": found}
        )

    pg_restore = pgtools.find_tool(
        "pg_restore",
        at_least=manifest["pg_dump"]["version_num"],
        than=_("the pg_dump that wrote the backup"),
        bin_dir=settings.PG_BIN_DIR,
    )
    result = subprocess.run(
        [
            pg_restore.path,
            f"--dbname={target}",
            "--single-transaction",
            "--exit-on-error",
            # Objects belong to whoever restores; the source's roles need not exist here.
            "--no-owner",
            "--no-acl",
            "--no-password",
            dump,
        ],
        env=pgtools.libpq_env(params),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise BackupError(
            _("pg_restore failed (nothing restored): %(error)s")
            % {"error": _last_line(result.stderr)}
        )

    with _connect(params, autocommit=True) as conn, conn.cursor() as cursor:
        refreshed = _populate_views(cursor)
        tables, views = _count_rows(cursor)
    return Restore(
        database=target,
        tables=len(tables),
        rows=sum(tables.values()),
        views=len(views),
        refreshed_views=refreshed,
        mismatches=compare_counts(manifest["tables"], tables),
        warnings=_key_warnings(manifest) + _migration_warnings(manifest),
        seconds=time.monotonic() - started,
    )


def read_manifest(dump: Path) -> dict:
    """The manifest beside `dump`, after checking that the dump is the file it describes."""
    path = dump.with_name(backup_files.manifest_name(dump.name))
    if not dump.is_file():
        raise BackupError(_("%(file)s not found") % {"file": dump})
    try:
        manifest = json.loads(path.read_text())
    except FileNotFoundError:
        raise BackupError(
            _("%(file)s not found: the manifest is written beside every dump") % {"file": path.name}
        ) from None
    except ValueError as exc:
        raise BackupError(
            _("%(file)s is not a manifest: %(error)s") % {"file": path.name, "error": exc}
        ) from exc
    if manifest.get("format") != MANIFEST_FORMAT:
        raise BackupError(
            _("%(file)s: unknown manifest format %(format)s")
            % {"file": path.name, "format": repr(manifest.get("format"))}
        )
    size, digest = _size_and_sha256(dump)
    if (size, digest) != (manifest["dump"]["bytes"], manifest["dump"]["sha256"]):
        raise BackupError(
            _(
                "%(file)s is not the file its manifest describes (%(size)s bytes, expected "
                "%(expected)s): a truncated or damaged copy"
            )
            % {"file": dump.name, "size": size, "expected": manifest["dump"]["bytes"]}
        )
    return manifest


def compare_counts(expected: dict[str, int], restored: dict[str, int]) -> list[Mismatch]:
    """Every table whose row count differs, or that is on one side only."""
    return [
        Mismatch(table, expected.get(table), restored.get(table))
        for table in sorted(expected.keys() | restored.keys())
        if expected.get(table) != restored.get(table)
    ]


def prune_backups(*, directory: Path, keep_daily: int, keep_monthly: int) -> list[Path]:
    """Delete the backups (dump and manifest) in `directory` that the retention rule
    (`soleflip.lib.backup_files.backups_to_keep`) does not keep, and leftovers of runs
    killed more than a day ago. Other files are never touched. Returns what was deleted."""
    dumps = {}
    for path in directory.glob(f"{backup_files.PREFIX}*"):
        stamp = backup_files.taken_at(path.name)
        if stamp:
            dumps[stamp] = path
    keep = backup_files.backups_to_keep(dumps, daily=keep_daily, monthly=keep_monthly)
    doomed = [
        file
        for stamp, dump in dumps.items()
        if stamp not in keep
        for file in (dump, dump.with_name(backup_files.manifest_name(dump.name)))
    ]
    day_ago = time.time() - 24 * 60 * 60
    doomed += [p for p in directory.glob(f"{backup_files.PREFIX}*.partial") if _mtime(p) < day_ago]
    removed = []
    for path in sorted(doomed):
        if path.exists():
            path.unlink()
            removed.append(path)
    return removed


def run_nightly_backup() -> tuple[Backup, list[Path]]:
    """The nightly run: a backup into BACKUP_DIR, then prune it to BACKUP_KEEP_DAILY daily
    and BACKUP_KEEP_MONTHLY monthly backups."""
    directory = Path(settings.BACKUP_DIR)
    backup = take_backup(to=directory)
    removed = prune_backups(
        directory=directory,
        keep_daily=settings.BACKUP_KEEP_DAILY,
        keep_monthly=settings.BACKUP_KEEP_MONTHLY,
    )
    logger.info(
        "backup %s: %d bytes, %d rows in %.1f s; pruned %d files",
        backup.dump,
        backup.size,
        backup.rows,
        backup.seconds,
        len(removed),
    )
    return backup, removed


def _params(database: dict) -> dict[str, str]:
    params = pgtools.libpq_params(database)
    params.setdefault("application_name", "soleflip backup")
    return params


def _connect(params: dict[str, str], *, autocommit: bool = False) -> psycopg.Connection:
    try:
        return psycopg.connect(**params, autocommit=autocommit)
    except psycopg.OperationalError as exc:
        raise BackupError(
            _("cannot connect to %(database)s: %(error)s")
            % {"database": repr(params.get("dbname", "")), "error": exc}
        ) from exc


def _scalar(cursor: psycopg.Cursor, query: str):
    return cursor.execute(query).fetchone()[0]


def _relations(cursor: psycopg.Cursor) -> list[tuple[str, str, bool]]:
    """(schema.name, relkind, populated) of every table and materialized view."""
    rows = cursor.execute(_RELATIONS).fetchall()
    return [(f"{schema}.{name}", kind, populated) for schema, name, kind, populated in rows]


def _count_rows(cursor: psycopg.Cursor) -> tuple[dict[str, int], dict[str, int | None]]:
    """Rows per table and per materialized view (None: not populated, cannot be read)."""
    tables: dict[str, int] = {}
    views: dict[str, int | None] = {}
    for name, kind, populated in _relations(cursor):
        if kind == "m" and not populated:
            views[name] = None
            continue
        query = sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(*name.split(".", 1)))
        (tables if kind != "m" else views)[name] = _scalar(cursor, query)
    return tables, views


def _applied_migrations(cursor: psycopg.Cursor) -> dict[str, list[str]]:
    if _scalar(cursor, "SELECT to_regclass('public.django_migrations')") is None:
        return {}
    applied: dict[str, list[str]] = {}
    for app, name in cursor.execute("SELECT app, name FROM django_migrations ORDER BY id"):
        applied.setdefault(app, []).append(name)
    return applied


def _populate_views(cursor: psycopg.Cursor) -> list[str]:
    """pg_restore refreshes the views that were populated in the source; refresh any that
    were not. A view built on another one can only be refreshed after it, hence the rounds."""
    pending = [
        name for name, kind, populated in _relations(cursor) if kind == "m" and not populated
    ]
    refreshed: list[str] = []
    while pending:
        progress = False
        for name in list(pending):
            query = sql.SQL("REFRESH MATERIALIZED VIEW {}").format(
                sql.Identifier(*name.split(".", 1))
            )
            try:
                cursor.execute(query)
            except psycopg.errors.ObjectNotInPrerequisiteState:
                continue  # it reads a view that is not populated yet
            pending.remove(name)
            refreshed.append(name)
            progress = True
        if not progress:
            raise BackupError(
                _("cannot populate the materialized views %(views)s")
                % {"views": ", ".join(pending)}
            )
    return refreshed


def _key_warnings(manifest: dict) -> list[str]:
    here = key_fingerprints(settings.FIELD_ENCRYPTION_KEYS)
    missing = [key for key in manifest["encryption_keys"] if key not in here]
    if not missing:
        return []
    return [
        _(
            "FIELD_ENCRYPTION_KEY here (%(here)s) lacks the backup's key(s) %(missing)s: "
            "stored secrets (StockX credentials, supplier account passwords) will not decrypt "
            "until the backup's keys are set, newest first"
        )
        % {"here": ", ".join(here), "missing": ", ".join(missing)}
    ]


def _migration_warnings(manifest: dict) -> list[str]:
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    on_disk = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    warnings = []
    if pending := sorted(on_disk - applied):
        warnings.append(
            _(
                "this code has %(n)s migration(s) the backup has not (first: %(first)s): run "
                "`manage.py migrate`"
            )
            % {"n": len(pending), "first": ".".join(pending[0])}
        )
    if unknown := sorted(applied - on_disk):
        warnings.append(
            _(
                "the backup has %(n)s migration(s) this code does not know (first: "
                "%(first)s): it was taken by a newer version of the app"
            )
            % {"n": len(unknown), "first": ".".join(unknown[0])}
        )
    return warnings


def _app_version() -> dict[str, str | None]:
    try:
        version = metadata.version("soleflip")
    except metadata.PackageNotFoundError:
        version = None
    try:
        described = subprocess.run(
            ["git", "describe", "--tags", "--always", "--dirty"],
            cwd=settings.BASE_DIR,
            capture_output=True,
            text=True,
            timeout=10,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        described = None  # no git, or not a checkout (an installed release)
    return {"version": version, "git": described or None}


def _create_private(path: Path) -> None:
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))


def _write_private(path: Path, text: str) -> None:
    partial = path.with_name(path.name + ".partial")
    _create_private(partial)
    partial.write_text(text)
    partial.rename(path)


def _size_and_sha256(path: Path) -> tuple[int, str]:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1024 * 1024):
            digest.update(chunk)
    return path.stat().st_size, digest.hexdigest()


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except FileNotFoundError:
        return float("inf")


def _last_line(stderr: str) -> str:
    lines = [line for line in stderr.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "no message"
