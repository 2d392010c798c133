"""The migration history builds an EMPTY database to head in one `migrate`, unwinds to
zero and builds again, with every table in its schema."""

import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[2]
DOMAIN_SCHEMAS = (
    "catalog",
    "inventory",
    "sales",
    "supplier",
    "platform",
    "pricing",
    "integration",
    "core",
)
EXPECTED_TABLES = {
    "catalog.brand",
    "catalog.brand_patterns",
    "catalog.category",
    "catalog.product",
    "catalog.product_variant",
    "catalog.sizes",
    "inventory.stock",
    "inventory.stock_event",
    "platform.marketplace",
    "platform.marketplace_fee_structure",
    "sales.listing",
    "sales.order",
    "supplier.profile",
    "supplier.account",
    "supplier.purchase_history",
    "pricing.price_rules",
    "pricing.brand_multipliers",
    "pricing.market_prices",
    "pricing.price_history",
    "integration.import_batches",
    "integration.import_records",
    "integration.source_prices",
    "core.system_config",
    "core.user",
}


def _conninfo(dbname: str) -> dict:
    s = connection.settings_dict
    info = {"dbname": dbname, "user": s["USER"], "password": s["PASSWORD"] or None}
    info["host"] = s["HOST"] or s["OPTIONS"].get("host")
    if s["PORT"]:
        info["port"] = s["PORT"]
    return {k: v for k, v in info.items() if v}


def _url(dbname: str) -> str:
    info = _conninfo(dbname)
    auth = info.get("user", "") + (f":{info['password']}" if info.get("password") else ":")
    if info["host"].startswith("/"):
        return f"postgresql://{auth}@/{dbname}?host={info['host']}"
    return f"postgresql://{auth}@{info['host']}:{info.get('port', 5432)}/{dbname}"


@pytest.fixture
def empty_database(db):
    name = f"soleflip_migrate_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
        admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield name
    finally:
        with psycopg.connect(**_conninfo("postgres"), autocommit=True) as admin:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def manage(dbname: str, *args: str) -> str:
    env = {
        **os.environ,
        "DATABASE_URL": _url(dbname),
        "DJANGO_SETTINGS_MODULE": "soleflip.settings_test",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def tables(dbname: str) -> set[str]:
    with psycopg.connect(**_conninfo(dbname)) as conn:
        rows = conn.execute(
            "SELECT schemaname || '.' || tablename FROM pg_tables WHERE schemaname = ANY(%s)",
            [list(DOMAIN_SCHEMAS)],
        ).fetchall()
    return {row[0] for row in rows}


@pytest.mark.slow
def test_empty_database_to_head_to_zero_and_back(empty_database):
    manage(empty_database, "migrate", "--noinput")
    assert EXPECTED_TABLES <= tables(empty_database)

    manage(empty_database, "migrate", "core", "zero", "--noinput")
    manage(empty_database, "migrate", "catalog", "zero", "--noinput")
    assert tables(empty_database) == set()

    manage(empty_database, "migrate", "--noinput")
    assert EXPECTED_TABLES <= tables(empty_database)
    assert "No changes detected" in manage(empty_database, "makemigrations", "--check", "--dry-run")
