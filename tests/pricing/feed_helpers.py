"""Writing Awin feeds for the tests: the sample's 92-column header, rows given as the
columns that matter."""

import csv
import gzip
from pathlib import Path

from soleflip.core import imports
from soleflip.core.models import ImportBatch

# The sample of the brief: 39 offers of one retailer, one row per size.
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "awin_feed_sample.csv"


def header() -> list[str]:
    with SAMPLE.open(newline="", encoding="utf-8") as handle:
        return next(csv.reader(handle))


def awin_row(**values) -> dict:
    row = {
        "aw_deep_link": "https://www.awin1.com/pclick.php?p=1&a=1&m=1",
        "product_name": "Test Sneaker",
        "aw_product_id": "1",
        "merchant_name": "Test Shop DE",
        "merchant_id": "123",
        "search_price": "100.00",
        "currency": "EUR",
        "delivery_cost": "0",
        "in_stock": "1",
        "stock_quantity": "3",
        "brand_name": "Nike",
        "Fashion:size": "42",
    }
    row.update(values)
    return row


def write_feed(path: Path, rows: list[dict], *, gz: bool = False) -> Path:
    names = header()
    opener = gzip.open if gz else open
    with opener(path, "wt", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=names)
        writer.writeheader()
        for row in rows:
            writer.writerow(row)
    return path


def import_feed(path: Path, *, commit: bool = True, skip_invalid: bool = False, **options):
    batch = ImportBatch.from_path(
        path,
        source_type=ImportBatch.Source.RETAILER_FEED,
        skip_invalid=skip_invalid,
        options={"preset": "awin", **options},
    )
    try:
        imports.run_batch(batch, commit=commit)
    except Exception:
        batch.refresh_from_db()
        raise
    batch.refresh_from_db()
    return batch
