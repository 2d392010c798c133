"""PostgreSQL's own client programs (pg_dump, pg_restore) and libpq connection settings.
Model-free: the backup and restore services call these.

Connection settings travel as libpq keywords (for psycopg) or the matching PG* environment
variables (for the client programs), never as command-line arguments: another user of the
machine can read a process's arguments in `ps`, but not its environment.
"""

from __future__ import annotations

import importlib.util
import os
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from django.utils.translation import gettext as _

# libpq keyword -> the environment variable libpq reads it from.
LIBPQ_ENV = {
    "host": "PGHOST",
    "port": "PGPORT",
    "dbname": "PGDATABASE",
    "user": "PGUSER",
    "password": "PGPASSWORD",
    "passfile": "PGPASSFILE",
    "service": "PGSERVICE",
    "options": "PGOPTIONS",
    "application_name": "PGAPPNAME",
    "connect_timeout": "PGCONNECT_TIMEOUT",
    "sslmode": "PGSSLMODE",
    "sslrootcert": "PGSSLROOTCERT",
    "sslcert": "PGSSLCERT",
    "sslkey": "PGSSLKEY",
    "sslcrl": "PGSSLCRL",
    "channel_binding": "PGCHANNELBINDING",
    "gssencmode": "PGGSSENCMODE",
    "target_session_attrs": "PGTARGETSESSIONATTRS",
}
_VERSION = re.compile(r"\(PostgreSQL\)\s+(\d+)(?:\.(\d+))?")


class ToolError(Exception):
    """A client program is missing, too old, or failed; the message says what to do."""


def libpq_params(database: dict) -> dict[str, str]:
    """libpq keywords for a Django DATABASES entry (or `environ.Env.db_url_config()` of a URL).

    As in Django's backend, HOST wins over OPTIONS['host'] (the embedded server's unix
    socket directory arrives as OPTIONS['host'] with HOST empty). OPTIONS that only
    Django understands (pool, isolation_level, ...) are left out.
    """
    options = database.get("OPTIONS") or {}
    params = {key: str(value) for key, value in options.items() if key in LIBPQ_ENV}
    for key, setting in (("dbname", "NAME"), ("user", "USER"), ("password", "PASSWORD")):
        if database.get(setting):
            params[key] = str(database[setting])
    if database.get("HOST"):
        params["host"] = str(database["HOST"])
    if database.get("PORT"):
        params["port"] = str(database["PORT"])
    return params


def libpq_env(params: dict[str, str]) -> dict[str, str]:
    """The environment for a client program: ours, minus any PG* variables of the calling
    shell (a stray PGDATABASE must not redirect a restore), plus these connection settings."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("PG")}
    env.update({LIBPQ_ENV[key]: value for key, value in params.items() if value})
    return env


def parse_version(text: str) -> int:
    """`pg_dump (PostgreSQL) 16.2` -> 160002, the form of `SHOW server_version_num`."""
    match = _VERSION.search(text)
    if not match:
        raise ToolError(
            _("cannot read a PostgreSQL version from %(text)s") % {"text": repr(text.strip())}
        )
    return int(match[1]) * 10000 + int(match[2] or 0)


def version_label(version_num: int) -> str:
    return f"{version_num // 10000}.{version_num % 10000}"


@dataclass(frozen=True)
class Tool:
    path: Path
    version_num: int

    @property
    def label(self) -> str:
        return f"{self.path.name} {version_label(self.version_num)}"


def candidates(name: str, *, bin_dir: str | os.PathLike | None = None) -> list[Path]:
    """Where to look for a client program, in order: PG_BIN_DIR when set (and nothing
    else), else the PostgreSQL 16 that the `embedded` extra's pgserver wheel ships,
    else the PATH."""
    if bin_dir:
        return [Path(bin_dir) / name]
    found = []
    spec = importlib.util.find_spec("pgserver")
    if spec and spec.submodule_search_locations:
        found.append(Path(spec.submodule_search_locations[0]) / "pginstall" / "bin" / name)
    on_path = shutil.which(name)
    if on_path:
        found.append(Path(on_path))
    return found


def find_tool(
    name: str, *, at_least: int, than: str, bin_dir: str | os.PathLike | None = None
) -> Tool:
    """The first candidate whose major version is at least that of `at_least` (a
    version number); `than` names what that number belongs to, for the message. Only the major version counts: pg_dump 16.1 dumps a 16.4 server, but
    no pg_dump dumps a server of a newer major version, and no pg_restore reads an archive
    written by a newer pg_dump."""
    tried = []
    for path in candidates(name, bin_dir=bin_dir):
        if not (path.is_file() and os.access(path, os.X_OK)):
            continue
        result = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)
        tool = Tool(path, parse_version(result.stdout))
        if tool.version_num // 10000 >= at_least // 10000:
            return tool
        tried.append(f"{tool.label} ({path})")
    major = at_least // 10000
    if not tried:
        raise ToolError(
            _(
                "%(tool)s not found: install the client tools of PostgreSQL %(major)s or newer, "
                "or set PG_BIN_DIR to the directory that holds them"
            )
            % {"tool": name, "major": major}
        )
    raise ToolError(
        _(
            "%(tried)s is older than %(than)s (PostgreSQL %(version)s); %(tool)s needs "
            "PostgreSQL %(major)s or newer: install those client tools and set PG_BIN_DIR to "
            "their bin directory"
        )
        % {
            "tried": ", ".join(tried),
            "than": than,
            "version": version_label(at_least),
            "tool": name,
            "major": major,
        }
    )
