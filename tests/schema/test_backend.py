"""The schema-aware PostgreSQL backend (soleflip.db): migrations on tables in schemas
change the real database, introspection sees schema tables, and test flushes empty them.

The test-only app `tests.schema_app` keeps its tables in the `schematest` schema; its
migrations 0001-0005 make a column non-unique, drop a foreign-key constraint, rename and
drop indexes, replace a check constraint, change a column type (dropping its `_like`
index) and rename a table."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection

from catalog.models import Brand
from tests.schema_app.models import Parent

BASE_DIR = Path(__file__).resolve().parents[2]


def migrate(target: str) -> None:
    call_command("migrate", "schema_app", target, verbosity=0)


def constraints(table: str) -> dict[str, str]:
    """{name: type} of the table's constraints, read from pg_constraint."""
    with connection.cursor() as cursor:
        cursor.execute(
            """SELECT con.conname, con.contype FROM pg_constraint con
               JOIN pg_class c ON c.oid = con.conrelid
               JOIN pg_namespace n ON n.oid = c.relnamespace
               WHERE n.nspname = 'schematest' AND c.relname = %s""",
            [table],
        )
        return dict(cursor.fetchall())


def indexes(table: str) -> dict[str, str]:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'schematest' AND tablename = %s",
            [table],
        )
        return dict(cursor.fetchall())


def tables() -> set[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'schematest'")
        return {row[0] for row in cursor.fetchall()}


def check_definition(name: str) -> str:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = %s", [name]
        )
        return cursor.fetchone()[0]


@pytest.mark.django_db(transaction=True, available_apps=["tests.schema_app"])
def test_migrations_change_the_real_database_forward_back_and_forward():
    try:
        migrate("zero")
        assert tables() == set()

        migrate("0001")
        assert tables() == {"parent", "child"}
        assert "u" in constraints("parent").values()  # code UNIQUE
        assert "f" in constraints("child").values()  # parent_id FOREIGN KEY
        assert "schematest_code_name_idx" in indexes("parent")
        assert "schematest_code_not_empty" in constraints("parent")

        migrate("0002")
        assert "u" not in constraints("parent").values()
        assert not [i for i in indexes("parent") if "code" in i and i.endswith("_like")]

        migrate("0003")
        assert "f" not in constraints("child").values()
        assert "schematest_pair_idx" in indexes("parent")
        assert "schematest_code_name_idx" not in indexes("parent")

        migrate("0004")
        assert "schematest_pair_idx" not in indexes("parent")
        assert "schematest_code_not_empty" not in constraints("parent")
        assert "{2,}" in check_definition("schematest_code_min_len")

        like = [d for n, d in indexes("parent").items() if n.endswith("_like")]
        assert like and "varchar_pattern_ops" in like[0]
        migrate("0005")
        like = [d for n, d in indexes("parent").items() if n.endswith("_like")]
        assert like and "text_pattern_ops" in like[0]
        assert tables() == {"parent", "kid"}

        # ... and all the way back, then forward again.
        migrate("0001")
        assert tables() == {"parent", "child"}
        assert "u" in constraints("parent").values() and "f" in constraints("child").values()
        assert "schematest_code_name_idx" in indexes("parent")
        migrate("zero")
        assert tables() == set()
    finally:
        migrate("0005")
    assert tables() == {"parent", "kid"}
    assert "f" not in constraints("kid").values()


@pytest.mark.django_db
def test_introspection_sees_schema_tables():
    introspection = connection.introspection
    with connection.cursor() as cursor:
        names = introspection.table_names(cursor)
        assert 'catalog"."product' in names and 'sales"."order' in names
        product = introspection.get_constraints(cursor, 'catalog"."product')
        assert "product_sku_not_empty" in product
        assert any(c["unique"] and c["columns"] == ["sku"] for c in product.values())
        columns = {c.name for c in introspection.get_table_description(cursor, 'catalog"."product')}
        assert {"sku", "name", "enrichment_data"} <= columns
        relations = introspection.get_relations(cursor, 'inventory"."stock')
        assert relations["product_id"] == ("id", 'catalog"."product')
        sequences = introspection.get_sequences(cursor, 'catalog"."brand')
        assert sequences and sequences[0]["name"].startswith('catalog"."')
    assert 'catalog"."product' in introspection.django_table_names(only_existing=True)


LEAK_CODE = "leak-probe"
# Transactional tests flush their apps' tables afterwards; available_apps keeps the flush
# to the test-only app, so the seeded reference data stays for the tests that follow.


@pytest.mark.django_db(transaction=True, available_apps=["tests.schema_app"])
def test_transactional_test_writes_rows():
    Parent.objects.create(code=LEAK_CODE, name="written by a transactional test")
    assert Parent.objects.filter(code=LEAK_CODE).exists()


@pytest.mark.django_db(transaction=True, available_apps=["tests.schema_app"])
def test_next_transactional_test_starts_without_them():
    # The flush after the previous test must have emptied the schema's table.
    assert not Parent.objects.filter(code=LEAK_CODE).exists()


@pytest.mark.django_db
def test_flush_keeps_no_leftovers_and_reference_data_survives():
    assert not Parent.objects.exists()
    assert Brand.objects.filter(slug="nike").exists()


@pytest.mark.slow
def test_reuse_db_runs_do_not_leak_rows(tmp_path):
    """Two pytest runs with --reuse-db on one database: the probe's transactional insert of
    a fixed unique brand must not survive into the second run."""
    env = {**os.environ, "TEST_DATABASE_NAME": "test_soleflip_reuse_probe"}
    probe = Path(__file__).parent / "reuse_probe.py"
    for run in (1, 2):
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "pytest",
                str(probe),
                "--reuse-db",
                "-q",
                "-p",
                "no:cacheprovider",
                "-o",
                "python_files=reuse_probe.py",
            ],
            cwd=BASE_DIR,
            env=env,
            capture_output=True,
            text=True,
        )
        assert result.returncode == 0, f"run {run}:\n{result.stdout[-2000:]}{result.stderr[-2000:]}"


@pytest.mark.django_db
def test_select_for_update_of_a_schema_table():
    from inventory.models import StockItem
    from tests.factories import make_stock

    item = make_stock()
    locked = (
        StockItem.objects.select_related("product").select_for_update(of=("self",)).get(pk=item.pk)
    )
    assert locked == item
