import hashlib
import json
import stat
from decimal import Decimal
from io import StringIO
from pathlib import Path
from urllib.parse import quote

import psycopg
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.models import Sum
from psycopg import sql

from inventory.models import StockItem
from sales.models import Order
from soleflip.core import crypto
from soleflip.core.backups import Mismatch, compare_counts, key_fingerprints
from soleflip.core.models import SystemConfig
from soleflip.core.tasks import nightly_backup
from soleflip.lib.formats import format_number
from soleflip.lib.pgtools import libpq_params
from tests.factories import make_order, make_product, make_size, make_stock, make_supplier

pytestmark = pytest.mark.django_db


def server_connection(dbname: str | None = None) -> psycopg.Connection:
    """A connection of our own to the test server (CREATE DATABASE cannot run in the
    test's transaction); by default to the test database."""
    params = libpq_params(connection.settings_dict)
    if dbname:
        params["dbname"] = dbname
    return psycopg.connect(**params, autocommit=True)


def database_url(dbname: str) -> str:
    """A URL for another database on the test server, as --database-url takes it."""
    db = connection.settings_dict
    login = quote(db["USER"] or "", safe="") + ":" + quote(db["PASSWORD"] or "", safe="")
    if db["HOST"]:
        return f"postgresql://{login}@{db['HOST']}:{db['PORT'] or 5432}/{dbname}"
    return f"postgresql://{login}@/{dbname}?host={db['OPTIONS']['host']}"  # unix socket dir


@pytest.fixture
def new_database():
    """Creates empty databases on the test server; drops them after the test."""
    created = []

    def create(suffix: str) -> str:
        name = f"{connection.settings_dict['NAME']}_{suffix}"
        with server_connection() as conn:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
        created.append(name)
        return name

    yield create
    with server_connection() as conn:
        for name in created:
            conn.execute(
                sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
            )


def checksums(conn: psycopg.Connection) -> dict[str, tuple]:
    """Per table: rows, the sum of every NUMERIC column, an md5 of those columns' values in
    primary-key order, and an md5 of the whole rows."""
    tables = conn.execute(
        """SELECT n.nspname, c.relname, c.oid FROM pg_class c
           JOIN pg_namespace n ON n.oid = c.relnamespace
           WHERE c.relkind IN ('r', 'p') AND n.nspname <> 'information_schema'
             AND n.nspname NOT LIKE 'pg\\_%'"""
    ).fetchall()
    result = {}
    for schema, name, oid in tables:
        table = sql.Identifier(schema, name)
        numeric = [
            sql.Identifier(column)
            for (column,) in conn.execute(
                "SELECT attname FROM pg_attribute WHERE attrelid = %s AND attnum > 0 "
                "AND NOT attisdropped AND atttypid = 'numeric'::regtype ORDER BY attnum",
                [oid],
            )
        ]
        key = [
            sql.Identifier(column)
            for (column,) in conn.execute(
                "SELECT a.attname FROM pg_index i JOIN pg_attribute a ON a.attrelid = i.indrelid "
                "AND a.attnum = ANY(i.indkey) WHERE i.indrelid = %s AND i.indisprimary",
                [oid],
            )
        ] or [sql.SQL("t::text")]
        money = sql.SQL("")
        if numeric:
            money = sql.SQL(
                ", {sums}, md5(string_agg(concat_ws('|', {cols}), ',' ORDER BY {key}))"
            ).format(
                sums=sql.SQL(", ").join(sql.SQL("sum({})").format(c) for c in numeric),
                cols=sql.SQL(", ").join(numeric),
                key=sql.SQL(", ").join(key),
            )
        query = sql.SQL(
            "SELECT count(*), md5(string_agg(t::text, E'\\n' ORDER BY t::text)){money} FROM {table} t"
        ).format(money=money, table=table)
        result[f"{schema}.{name}"] = conn.execute(query).fetchone()
    return result


def populated_views(conn: psycopg.Connection) -> dict[str, bool]:
    rows = conn.execute(
        "SELECT relname, relispopulated FROM pg_class WHERE relkind = 'm' ORDER BY 1"
    ).fetchall()
    return dict(rows)


@pytest.mark.slow
@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_into_a_new_database_with_every_row_and_amount(
    tmp_path, new_database, settings
):
    supplier = make_supplier()
    for n in range(3):
        product, size = make_product(), make_size()
        for price in (Decimal("89.99"), Decimal(f"{120 + n}.05")):
            pair = make_stock(
                product=product, size=size, supplier=supplier, purchase_price=price, status="sold"
            )
            make_order(
                inventory_item=pair, gross_sale=price * 2, net_proceeds=price + Decimal("0.01")
            )
    SystemConfig.objects.set_value("probe.secret", "s3cret value")
    orders, pairs = Order.objects.count(), StockItem.objects.count()
    gross = Order.objects.aggregate(total=Sum("gross_sale"))["total"]
    out = StringIO()
    with server_connection() as source:
        # A view left unpopulated in the source: the restore must populate it.
        source.execute("REFRESH MATERIALIZED VIEW analytics.refresh_info WITH NO DATA")
        try:
            call_command("backup", to=tmp_path / "bk", stdout=out)
        finally:
            source.execute("REFRESH MATERIALIZED VIEW analytics.refresh_info")
        expected = checksums(source)
    assert out.getvalue().startswith("PostgreSQL 16.")
    (dump,) = (tmp_path / "bk").glob("soleflip-*.dump")
    manifest_text = dump.with_suffix(".json").read_text()
    manifest = json.loads(manifest_text)
    assert manifest["tables"]["sales.order"] == orders
    assert manifest["tables"]["inventory.stock"] == pairs
    assert manifest["tables"]["public.django_migrations"] > 0
    assert manifest["materialized_views"]["analytics.refresh_info"] is None
    assert "0001_initial" in manifest["migrations"]["sales"]
    assert manifest["encryption_keys"] == key_fingerprints(settings.FIELD_ENCRYPTION_KEYS)
    assert not any(key in manifest_text for key in settings.FIELD_ENCRYPTION_KEYS)
    assert stat.S_IMODE(dump.stat().st_mode) == 0o600

    target = new_database("restore")
    out = StringIO()
    call_command("restore", str(dump), database_url=database_url(target), stdout=out)
    assert f"in '{target}' wiederhergestellt" in out.getvalue()
    assert (
        "Zeilen stimmen mit dem Manifest überein; 8 materialisierte Sichten befüllt, 1 davon neu "
        "berechnet." in out.getvalue()
    )

    with server_connection(target) as restored:
        assert checksums(restored) == expected
        assert expected["sales.order"][0] == orders
        assert gross in expected["sales.order"]  # the sums of the money columns
        assert set(populated_views(restored).values()) == {True}
        facts = restored.execute("SELECT count(*) FROM analytics.order_facts").fetchone()[0]
        assert facts == orders
        ciphertext = restored.execute(
            "SELECT value_encrypted FROM core.system_config WHERE key = 'probe.secret'"
        ).fetchone()[0]
        assert crypto.decrypt(ciphertext) == "s3cret value"

    # A restore that does not match its manifest names the tables and fails.
    manifest["tables"]["sales.order"] += 1
    manifest["tables"]["sales.gone"] = 5
    dump.with_suffix(".json").write_text(json.dumps(manifest))
    out = StringIO()
    with pytest.raises(CommandError, match="2 Tabellen weichen vom Manifest ab"):
        call_command(
            "restore", str(dump), database_url=database_url(new_database("again")), stdout=out
        )
    lines = out.getvalue().splitlines()
    assert lines[1].split() == ["sales.gone", "5", "-"]
    assert lines[2].split() == ["sales.order", format_number(orders + 1), format_number(orders)]


def fake_backup(directory: Path) -> Path:
    """A dump and a manifest that agree with each other (the restore checks that first)."""
    dump = directory / "soleflip-20261201T021500Z.dump"
    dump.write_bytes(b"PGDMP not really")
    manifest = {
        "format": 1,
        "dump": {
            "file": dump.name,
            "bytes": dump.stat().st_size,
            "sha256": hashlib.sha256(dump.read_bytes()).hexdigest(),
        },
        "pg_dump": {"version_num": 160002},
        "encryption_keys": [],
        "migrations": {},
        "tables": {},
    }
    dump.with_suffix(".json").write_text(json.dumps(manifest))
    return dump


def test_restore_refuses_a_database_that_has_our_tables(tmp_path):
    with pytest.raises(CommandError) as refused:
        call_command("restore", str(fake_backup(tmp_path)))  # into the test database
    message = str(refused.value)
    assert message.startswith(
        f"Wiederherstellung fehlgeschlagen: die Datenbank '{connection.settings_dict['NAME']}' "
        "ist nicht leer ("
    )
    assert "nur in eine leere Datenbank wiederherstellen" in message


def test_restore_refuses_a_dump_that_its_manifest_does_not_describe(tmp_path):
    dump = fake_backup(tmp_path)
    dump.write_bytes(b"PGDMP not really, and cut")
    with pytest.raises(CommandError, match="ist nicht die Datei, die das Manifest beschreibt"):
        call_command("restore", str(dump))
    dump.with_suffix(".json").unlink()
    with pytest.raises(CommandError, match="Das Manifest liegt neben jeder Sicherungsdatei"):
        call_command("restore", str(dump))


def test_backup_refuses_a_pg_dump_older_than_the_server(tmp_path, settings):
    settings.PG_BIN_DIR = str(tmp_path)
    fake = tmp_path / "pg_dump"
    fake.write_text("#!/bin/sh\necho 'pg_dump (PostgreSQL) 15.4'\n")
    fake.chmod(0o755)
    with pytest.raises(CommandError, match="pg_dump 15.4 .* ist älter als der Server"):
        call_command("backup", to=tmp_path / "bk")
    assert list((tmp_path / "bk").iterdir()) == []


def test_compare_counts_names_every_difference():
    assert compare_counts({"a.x": 1, "a.y": 2}, {"a.x": 1, "a.y": 2}) == []
    assert compare_counts({"a.x": 1, "a.y": 2}, {"a.y": 3, "a.z": 0}) == [
        Mismatch("a.x", 1, None),
        Mismatch("a.y", 2, 3),
        Mismatch("a.z", None, 0),
    ]


def test_the_nightly_task_backs_up_and_prunes_backup_dir(tmp_path, settings):
    settings.BACKUP_DIR = tmp_path
    settings.BACKUP_KEEP_DAILY, settings.BACKUP_KEEP_MONTHLY = 2, 0
    old = ["soleflip-20261101T021500Z", "soleflip-20261102T021500Z", "soleflip-20261103T021500Z"]
    for stem in old:
        (tmp_path / f"{stem}.dump").write_bytes(b"old")
        (tmp_path / f"{stem}.json").write_text("{}")
    (tmp_path / "keep-me.txt").write_text("not a backup")

    summary = nightly_backup.apply().get()

    (new,) = [p for p in tmp_path.glob("*.dump") if p.stem not in old]
    assert summary.startswith(f"{new.name}: ") and summary.endswith("pruned 4 files")
    assert json.loads(new.with_suffix(".json").read_text())["dump"]["file"] == new.name
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        [new.name, new.with_suffix(".json").name, f"{old[2]}.dump", f"{old[2]}.json", "keep-me.txt"]
    )
