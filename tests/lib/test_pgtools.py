import os
import stat
from pathlib import Path

import environ
import pytest
from django.utils import translation

from soleflip.lib import pgtools


def fake_tool(directory: Path, name: str, version_line: str) -> Path:
    path = directory / name
    path.write_text(f"#!/bin/sh\necho '{version_line}'\n")
    path.chmod(path.stat().st_mode | stat.S_IXUSR)
    return path


def test_the_embedded_servers_socket_directory_becomes_the_host():
    database = environ.Env.db_url_config("postgresql://postgres:@/soleflip?host=/srv/data/pg")
    assert pgtools.libpq_params(database) == {
        "host": "/srv/data/pg",
        "user": "postgres",
        "dbname": "soleflip",
    }


def test_a_server_url_gives_every_connection_setting_and_django_only_options_stay_out():
    database = environ.Env.db_url_config(
        "postgres://soleflip:s3cr%2Ft@db.internal:5433/prod?sslmode=require"
    )
    database["OPTIONS"]["pool"] = True
    assert pgtools.libpq_params(database) == {
        "host": "db.internal",
        "port": "5433",
        "user": "soleflip",
        "password": "s3cr/t",
        "dbname": "prod",
        "sslmode": "require",
    }


def test_client_programs_get_the_connection_in_their_environment_only(monkeypatch):
    monkeypatch.setenv("PGDATABASE", "somewhere_else")
    monkeypatch.setenv("PGSERVICE", "stray")
    env = pgtools.libpq_env({"host": "db.internal", "password": "s3cret", "dbname": "prod"})
    assert (env["PGHOST"], env["PGPASSWORD"], env["PGDATABASE"]) == (
        "db.internal",
        "s3cret",
        "prod",
    )
    assert "PGSERVICE" not in env
    assert env["PATH"] == os.environ["PATH"]


@pytest.mark.parametrize(
    "text,number",
    [
        ("pg_dump (PostgreSQL) 16.2", 160002),
        ("pg_restore (PostgreSQL) 15.4 (Debian 15.4-1.pgdg120+1)", 150004),
        ("pg_dump (PostgreSQL) 17devel", 170000),
    ],
)
def test_versions_read_like_server_version_num(text, number):
    assert pgtools.parse_version(text) == number


def test_pg_bin_dir_wins_and_a_client_of_the_servers_major_version_will_do(tmp_path):
    fake_tool(tmp_path, "pg_dump", "pg_dump (PostgreSQL) 16.1")
    tool = pgtools.find_tool("pg_dump", at_least=160004, than="the server", bin_dir=tmp_path)
    assert (tool.path, tool.label) == (tmp_path / "pg_dump", "pg_dump 16.1")


def test_an_older_client_is_refused_with_what_to_do(tmp_path):
    fake_tool(tmp_path, "pg_dump", "pg_dump (PostgreSQL) 15.4")
    with pytest.raises(pgtools.ToolError) as refused:
        pgtools.find_tool("pg_dump", at_least=160002, than="der Server", bin_dir=tmp_path)
    assert str(refused.value).startswith(
        f"pg_dump 15.4 ({tmp_path / 'pg_dump'}) ist älter als der Server (PostgreSQL 16.2); "
        "pg_dump braucht PostgreSQL 16 oder neuer"
    )
    assert "PG_BIN_DIR" in str(refused.value)
    with translation.override("en"), pytest.raises(pgtools.ToolError) as refused:
        pgtools.find_tool("pg_dump", at_least=160002, than="the server", bin_dir=tmp_path)
    assert "is older than the server (PostgreSQL 16.2); pg_dump needs" in str(refused.value)


def test_a_missing_client_says_so(tmp_path):
    with pytest.raises(pgtools.ToolError, match="pg_restore nicht gefunden"):
        pgtools.find_tool("pg_restore", at_least=160000, than="the dump", bin_dir=tmp_path)


def test_without_pg_bin_dir_the_embedded_extras_tools_come_first():
    pytest.importorskip("pgserver")
    found = pgtools.candidates("pg_dump")
    assert found[0].parts[-4:] == ("pgserver", "pginstall", "bin", "pg_dump")
