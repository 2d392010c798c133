"""Importing an Awin feed: the sample, gzip, replacing and idempotence, bad rows."""

import gzip
import shutil
from datetime import date
from decimal import Decimal

import pytest
from django.utils import timezone

from pricing.feed_models import SourcePrice
from soleflip.core.models import ImportBatch

from .feed_helpers import SAMPLE, awin_row, import_feed, write_feed

pytestmark = pytest.mark.django_db


def test_the_sample_feed_imports_with_exact_prices_stock_and_links():
    batch = import_feed(SAMPLE)
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    assert batch.created_records == 39
    offers = SourcePrice.objects.filter(source="awin")
    assert offers.count() == 39
    first = offers.get(external_id="41000000006")
    assert first.buy_price == Decimal("95.99")
    assert first.supplier_name == "Example Sneakers DE"
    assert first.retailer_id == "99999"
    assert first.title == "Nike Dunk Low Retro Herren, weiss/schwarz"
    assert first.product_url == "https://www.awin1.com/pclick.php?p=41000000006&a=100000&m=99999"
    assert first.ean == "1919221216765"
    assert first.style_code == "DD1391-100"  # after the last "|" of the description
    assert first.size_label == "40"
    assert first.in_stock and first.stock_qty == 1
    assert first.currency == "EUR"
    assert first.delivery_cost == Decimal("0.00")
    # The sample has no last_updated: the day of the import.
    assert first.feed_date == timezone.localdate()
    out = offers.get(external_id="41000000015")
    assert out.delivery_cost == Decimal("4.95")
    assert not out.in_stock and out.stock_qty == 0
    assert out.style_code == ""  # neither model_number nor "|" in the description
    assert offers.get(external_id="41000000051").style_code == "DZ2628-102"
    assert offers.get(external_id="41000000186").style_code == "408452-103"
    assert offers.get(external_id="41000000175").ean == ""
    # Every cent as written, never truncated through a float.
    assert set(offers.values_list("buy_price", flat=True)) >= {
        Decimal("95.99"),
        Decimal("119.99"),
        Decimal("88.00"),
        Decimal("127.99"),
    }
    assert batch.summary["matched"]["none"] == 39  # the catalog knows none of them yet


def test_a_gzip_feed_reads_as_the_plain_one(tmp_path):
    packed = tmp_path / "feed.csv.gz"
    with SAMPLE.open("rb") as source, gzip.open(packed, "wb") as target:
        shutil.copyfileobj(source, target)
    batch = import_feed(packed)
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    assert SourcePrice.objects.count() == 39
    assert SourcePrice.objects.get(external_id="41000000043").buy_price == Decimal("95.99")


def test_a_reimport_changes_nothing_and_a_changed_feed_replaces_the_retailers_offers(tmp_path):
    import_feed(SAMPLE)
    ids = dict(SourcePrice.objects.values_list("external_id", "pk"))
    again = import_feed(SAMPLE)
    assert (again.created_records, again.updated_records, again.unchanged_records) == (0, 0, 39)
    assert again.summary["removed"] == 0
    assert dict(SourcePrice.objects.values_list("external_id", "pk")) == ids

    other = write_feed(tmp_path / "other.csv", [awin_row(merchant_name="Other Shop")])
    import_feed(other)
    lines = SAMPLE.read_text(encoding="utf-8").splitlines(keepends=True)
    changed = tmp_path / "changed.csv"
    # Two offers gone (the first two rows), one price changed.
    kept = [lines[0], *lines[3:]]
    changed.write_text(
        "".join(kept).replace("Footwear,119.99,Example", "Footwear,109.99,Example", 1)
    )
    batch = import_feed(changed)
    assert batch.summary["removed"] == 2
    assert (batch.created_records, batch.updated_records) == (0, 1)
    assert not SourcePrice.objects.filter(external_id__in=["41000000006", "41000000008"]).exists()
    assert SourcePrice.objects.filter(supplier_name="Example Sneakers DE").count() == 37
    # Another retailer's offers are not touched by this retailer's feed.
    assert SourcePrice.objects.filter(supplier_name="Other Shop").count() == 1
    assert SourcePrice.objects.get(pk=ids["41000000015"]).buy_price == Decimal("109.99")


def test_bad_rows_are_named_by_line_column_and_value_and_nothing_is_written(tmp_path):
    feed = write_feed(
        tmp_path / "bad.csv",
        [
            awin_row(aw_product_id="1", search_price=""),
            awin_row(aw_product_id="2", search_price="12,3x"),
            awin_row(aw_product_id="3", ean="12345"),
            awin_row(aw_product_id="4", stock_quantity="drei"),
            awin_row(aw_product_id="5", search_price="89.90"),
            awin_row(aw_product_id="5", search_price="89.90"),
        ],
    )
    batch = import_feed(feed)
    assert batch.status == ImportBatch.Status.FAILED
    assert SourcePrice.objects.count() == 0
    errors = [str(e) for e in batch.row_errors()]
    assert errors == [
        "Zeile 2, search_price: „“ ist leer",
        "Zeile 3, search_price: „12,3x“ ist kein Betrag",
        "Zeile 4, ean: „12345“ ist keine EAN/GTIN (8, 12, 13 oder 14 Ziffern)",
        "Zeile 5, stock_quantity: „drei“ ist keine ganze Anzahl",
        "Zeile 7, aw_product_id: „5“ kommt in der Datei doppelt vor (zuerst in Zeile 6)",
    ]
    skipped = import_feed(feed, skip_invalid=True)
    assert skipped.status == ImportBatch.Status.COMPLETED
    assert list(SourcePrice.objects.values_list("external_id", "buy_price")) == [
        ("5", Decimal("89.90"))
    ]


def test_a_file_that_is_no_feed_is_refused_whole(tmp_path):
    other = tmp_path / "orders.csv"
    other.write_text("Order Number,Sale Date\n1,2024-01-01\n")
    with pytest.raises(Exception, match="aw_product_id"):
        import_feed(other)
    broken = tmp_path / "broken.csv.gz"
    packed = gzip.compress(SAMPLE.read_bytes())
    broken.write_bytes(packed[: len(packed) // 2])
    with pytest.raises(Exception, match="gzip"):
        import_feed(broken)


def test_the_feed_date_comes_from_the_feed_or_the_file(tmp_path):
    feed = write_feed(
        tmp_path / "dated.csv",
        [
            awin_row(aw_product_id="1", last_updated="2026-11-30 06:00:00"),
            awin_row(aw_product_id="2"),
        ],
    )
    import_feed(feed, feed_date="2026-11-29")
    assert SourcePrice.objects.get(external_id="1").feed_date == date(2026, 11, 30)
    assert SourcePrice.objects.get(external_id="2").feed_date == date(2026, 11, 29)


def test_an_odd_feed_with_bom_crlf_and_descriptions_over_several_lines(tmp_path):
    from benchmarks.feed_gen import write_feed as generate

    feed = generate(tmp_path / "odd.csv.gz", 600, models=50, seed=3, odd=True)
    batch = import_feed(feed)
    assert batch.status == ImportBatch.Status.COMPLETED, batch.error_message
    assert SourcePrice.objects.count() == 600
    # A description over two lines keeps its style code after the last "|".
    multi = SourcePrice.objects.filter(raw_data__description__startswith="Zeile eins")
    assert multi.exists()
    assert all(offer.style_code.startswith("FB") for offer in multi)
    # Rows keep the line they start on: the last row starts after the extra lines.
    last = batch.records.order_by("-line_number").first()
    assert last.line_number == 601 + multi.count()


def test_a_newer_import_of_the_retailer_purges_the_older_imports_rows(
    tmp_path, django_capture_on_commit_callbacks
):
    other = write_feed(tmp_path / "other.csv", [awin_row(merchant_name="Other Shop")])
    with django_capture_on_commit_callbacks(execute=True):
        first = import_feed(SAMPLE)
        elsewhere = import_feed(other)
        second = import_feed(SAMPLE)
    first.refresh_from_db()
    assert first.rows_purged_at is not None and not first.records.exists()
    assert first.created_records == 39  # the batch keeps its counts
    assert second.records.count() == 39
    # Another retailer's import is not superseded by this retailer's feed.
    assert elsewhere.records.count() == 1
