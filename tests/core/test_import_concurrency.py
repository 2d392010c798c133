"""Two imports of one source at the same time: the second waits for the first, then finds
everything already there. Before the frame's per-source lock, two runs of a 20,000-row
StockX file created 20,000 phantom sold pairs, and two purchase imports died with an
IntegrityError."""

import csv
import threading
from pathlib import Path

import pytest
from django.db import connection

from inventory.models import StockItem
from sales.models import Order
from soleflip.core import imports
from soleflip.core.models import ImportBatch
from tests.conftest import seed_reference_data

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"


@pytest.fixture(autouse=True)
def reference_data(transactional_db):
    """An earlier transactional test's flush may have emptied the seeded reference data
    (categories, sizes, marketplaces): put it back (the seeds are idempotent)."""
    seed_reference_data()


def run_together(batches: list[ImportBatch]) -> list[str]:
    """Check every batch, then import them all at once, each in its own thread."""
    for batch in batches:
        imports.check_batch(batch)
    barrier, errors = threading.Barrier(len(batches)), []

    def commit(batch):
        try:
            barrier.wait()
            imports.commit_batch(batch)
        except Exception as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=commit, args=[b]) for b in batches]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return errors


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_stockx_report_at_once_write_it_once():
    batches = [
        ImportBatch.from_path(SAMPLE, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)
        for _ in range(2)
    ]
    assert run_together(batches) == []
    assert Order.objects.count() == 60
    assert StockItem.objects.count() == 60  # one pair per sale, no phantom pairs
    for batch in batches:
        batch.refresh_from_db()
    outcomes = sorted((b.created_records, b.unchanged_records) for b in batches)
    assert outcomes == [(0, 60), (60, 0)]
    assert all(b.status == ImportBatch.Status.COMPLETED for b in batches)


@pytest.mark.django_db(transaction=True)
def test_two_imports_of_one_purchases_file_at_once_write_it_once(tmp_path):
    path = tmp_path / "purchases.csv"
    with path.open("w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(
            ["sku", "name", "size", "supplier", "purchase_date", "gross_price", "quantity"]
        )
        writer.writerow(
            ["DD1391-100", "Nike Dunk Low Panda", "10", "Shop", "2025-03-14", "119", "3"]
        )
    batches = [
        ImportBatch.from_path(path, source_type=ImportBatch.Source.PURCHASES) for _ in range(2)
    ]
    assert run_together(batches) == []
    assert StockItem.objects.count() == 3
    for batch in batches:
        batch.refresh_from_db()
    assert sorted(b.summary["created"] for b in batches) == [0, 3]
    assert all(b.status == ImportBatch.Status.COMPLETED for b in batches)
