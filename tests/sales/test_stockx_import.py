"""The StockX sales-report import: golden sample, quirks, idempotency, bad files, FIFO."""

import csv
from datetime import date
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import translation

from benchmarks.stockx_report_gen import write_report
from catalog.models import Brand, Product
from inventory.models import StockEvent, StockItem
from sales.models import Order
from sales.services import enter_missing_cost, import_stockx_sales
from sales.stockx_report import COLUMNS
from soleflip.core import imports
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.rows import ImportFileError
from tests.factories import make_stock

pytestmark = pytest.mark.django_db


def run(make_batch, path: Path, commit=True, **flags):
    return import_stockx_sales(batch=make_batch(path, **flags), commit=commit)


def rows_of(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(path: Path, rows: list[dict], *, encoding="utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def order(number: str) -> Order:
    return Order.objects.select_related(
        "inventory_item__product__brand", "inventory_item__size"
    ).get(external_id=number)


# --- the shared sample as a golden file -------------------------------------------------


def test_golden_sample(make_batch, sample_report):
    result = run(make_batch, sample_report)
    assert result.ok and result.committed
    assert result.batch.status == ImportBatch.Status.COMPLETED
    totals = Order.objects.aggregate(
        n=Count("id"),
        listing=Sum("gross_sale"),
        payout=Sum("net_proceeds"),
        fees=Sum("platform_fee"),
        payment=Sum("payment_fee"),
        shipping=Sum("shipping_cost"),
    )
    assert totals == {
        "n": 60,
        "listing": D("12841.00"),
        "payout": D("11373.74"),
        "fees": D("935.03"),
        "payment": D("385.23"),
        "shipping": D("147.00"),
    }
    # The identity holds for every order: payout = listing − fees.
    for o in Order.objects.all():
        assert o.net_proceeds == o.gross_sale - o.platform_fee - o.payment_fee - (
            o.shipping_cost or 0
        )
    # Blank Seller Fee: the minimum fee StockX took is derived, not lost.
    yeezy = order("70000000-60000000")
    assert yeezy.gross_sale == D("247.00") and yeezy.platform_fee == D("5.00")
    assert yeezy.payout_date.isoformat() == "2023-03-10T04:56:00+00:00"
    assert yeezy.invoice_number == "20000000-60000000"
    assert yeezy.buyer_destination_country == "United States"
    # The raw row is kept once, in the import row the order points to: its values in the
    # file's order, the 44 names once on the batch.
    assert yeezy.raw_data == {} and yeezy.raw_row()["Item"] == "adidas Yeezy Boost 350 V2 Onyx"
    record = yeezy.source_record
    assert isinstance(record.source_data, list) and len(record.batch.columns) == 44
    assert record.raw["Order Number"] == "70000000-60000000"
    assert Product.objects.count() == 20


@pytest.mark.parametrize(
    "item, kind, value",
    [
        ("Jordan 1 Low Wolf Grey (GS)", "gs", "5.5Y"),
        ("Nike Dunk Low Next Nature Pale Coral (W)", "women", "9W"),
        ("Nike Dunk Low Panda (TD)", "td", "10C"),
        ("Salomon XT-6 Black Phantom", "men", "42"),
        ("Levi's 501 Original Fit Jeans Dark Stonewash", "apparel", "34W/32L"),
        ("Fear of God Essentials Hoodie Light Oatmeal", "apparel", "L/XL"),
        ("LEGO Icons Titanic Set 10294", "one_size", "OS"),
        ("Nike Dunk Low Retro White Black Panda", "men", "10.5"),
    ],
)
def test_golden_sizes(make_batch, sample_report, item, kind, value):
    run(make_batch, sample_report)
    sizes = StockItem.objects.filter(product__name=item).values_list("size__kind", "size__value")
    assert (kind, value) in set(sizes)


@pytest.mark.parametrize(
    "item, brand_slug, category_slug",
    [
        ("Jordan 4 Retro Military Black", "jordan", "sneakers"),
        ("Nike Dunk Low Retro White Black Panda", "nike", "sneakers"),
        ("adidas Yeezy Boost 350 V2 Onyx", "adidas", "sneakers"),
        ("New Balance 550 White Green", "new-balance", "sneakers"),
        ("Crocs Classic Clog Lightning McQueen", "crocs", "sneakers"),
        ("LEGO Icons Titanic Set 10294", "lego", "building-sets"),
        ("Taschen Sneaker Atlas Book", None, "books"),
        ("KAWS Holiday Figure Brown", "kaws", "figures"),
        ("Fear of God Essentials Hoodie Light Oatmeal", None, "apparel-hoodies"),
        ("Supreme Box Logo Crewneck Heather Grey", "supreme", "apparel-hoodies"),
        ("Levi's 501 Original Fit Jeans Dark Stonewash", None, "apparel-bottoms"),
        ("Stussy Basic Stussy Tee Black", None, "apparel-tops"),
    ],
)
def test_golden_brands_and_categories(make_batch, sample_report, item, brand_slug, category_slug):
    run(make_batch, sample_report)
    product = Product.objects.select_related("brand", "category").get(name=item)
    assert product.category.slug == category_slug
    if brand_slug:
        assert product.brand.slug == brand_slug
    assert product.brand is not None


def test_never_nike_for_everything(make_batch, sample_report):
    run(make_batch, sample_report)
    assert Product.objects.values("brand").distinct().count() >= 12
    assert Product.objects.values("category").distinct().count() >= 6


def test_items_without_style_are_keyed_by_name(make_batch, sample_report):
    run(make_batch, sample_report)
    lego = Product.objects.get(name="LEGO Icons Titanic Set 10294")
    book = Product.objects.get(name="Taschen Sneaker Atlas Book")
    assert lego.pk != book.pk and lego.style_code == "" and lego.sku.startswith("ITEM-")
    assert Order.objects.filter(inventory_item__product=lego).count() == 2


def test_unknown_brand_is_created_for_review(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)[:1]
    rows[0]["Item"] = "Zxqvo Runner 2 Black"
    run(make_batch, write_rows(tmp_path / "unknown.csv", rows))
    brand = Product.objects.get(name="Zxqvo Runner 2 Black").brand
    assert brand.name == "Zxqvo" and brand.needs_review
    assert not Brand.objects.filter(slug="nike", needs_review=True).exists()


# --- idempotency and overlap --------------------------------------------------------------


def test_reimport_is_unchanged(make_batch, sample_report):
    first = run(make_batch, sample_report)
    again = run(make_batch, sample_report)
    assert (again.plan.new_orders, again.plan.updated_orders, again.plan.unchanged_orders) == (
        0,
        0,
        60,
    )
    assert Order.objects.count() == 60 and StockItem.objects.count() == 60
    # Nothing was written: the orders still point to the rows they were written from.
    assert Order.objects.filter(source_record__batch=first.batch).count() == 60
    assert again.batch.records.filter(status="valid").count() == 60


def test_overlapping_export_updates_changed_and_adds_new(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)
    run(make_batch, write_rows(tmp_path / "first.csv", rows[:40]))
    later = rows[30:]
    later[0]["Payout date"] = "2023-06-30 10:00:00 +00"
    result = run(make_batch, write_rows(tmp_path / "second.csv", later))
    assert (result.plan.new_orders, result.plan.updated_orders, result.plan.unchanged_orders) == (
        20,
        1,
        9,
    )
    assert Order.objects.count() == 60
    changed = order(later[0]["Order Number"])
    assert changed.payout_date.isoformat() == "2023-06-30T10:00:00+00:00"
    # The updated order keeps its pair; no second pair appears.
    assert StockItem.objects.count() == 60


# --- parsing quirks ------------------------------------------------------------------------


def test_generated_report_with_every_quirk(make_batch, tmp_path):
    path = write_report(tmp_path / "gen.csv", 400, seed=7)
    result = run(make_batch, path)
    assert result.ok and result.plan.rows == 400
    assert Order.objects.count() == 400
    assert Order.objects.filter(shipping_cost__lt=0).exists()
    assert Product.objects.filter(sku="CU9225-100/CU9225-101").exists()  # dual style kept whole
    assert not Product.objects.filter(name__icontains="Anacapa", category__slug="headwear").exists()
    for o in Order.objects.all():
        assert o.net_proceeds == o.gross_sale - o.platform_fee - o.payment_fee - (
            o.shipping_cost or 0
        )


def test_file_without_bom_and_na_values(make_batch, tmp_path):
    path = write_report(tmp_path / "nobom.csv", 30, seed=3, bom=False)
    assert run(make_batch, path).ok
    assert not Order.objects.filter(buyer_destination_country="N/A").exists()
    assert not Product.objects.filter(style_code__in=["N/A", "nan"]).exists()


def test_fee_column_disagreeing_is_flagged(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)[1:2]
    rows[0]["Seller Fee"] = "25.00"  # derived fee is 30.06
    result = run(make_batch, write_rows(tmp_path / "mismatch.csv", rows))
    assert result.ok and result.plan.fee_mismatches == 1
    o = Order.objects.get()
    assert o.platform_fee == D("30.06") and o.platform_specific_data["fee_mismatch"] is True


# --- all or nothing -----------------------------------------------------------------------


def test_invalid_rows_write_nothing_and_name_line_column_value(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)[:5]
    rows[2]["Sale Date"] = "31/02/2024"
    rows[4]["Listing Price"] = "abc"
    result = run(make_batch, write_rows(tmp_path / "bad.csv", rows))
    assert not result.ok and not result.committed
    assert (
        Order.objects.count() == 0
        and Product.objects.count() == 0
        and StockItem.objects.count() == 0
    )
    assert result.batch.status == ImportBatch.Status.FAILED
    errors = [
        e for r in result.batch.records.filter(status="rejected") for e in r.validation_errors
    ]
    assert {(e["line"], e["column"], e["value"]) for e in errors} == {
        # Every record spans two lines (a quoted multi-line field): row 3 starts on line 6.
        (6, "Sale Date", "31/02/2024"),
        (10, "Listing Price", "abc"),
    }


def test_a_bad_date_is_explained_in_german_naming_line_column_and_value(
    make_batch, tmp_path, sample_report
):
    rows = rows_of(sample_report)[:3]
    rows[1]["Payout date"] = "2023-03-01 09:00:00 +00"  # two days before its Sale Date
    rows[2]["Quantity"] = "2"
    result = run(make_batch, write_rows(tmp_path / "bad.csv", rows))
    assert not result.ok and Order.objects.count() == 0
    payout, quantity = result.batch.row_errors()
    # Row 2 starts on line 4 (every record spans two lines); the column keeps StockX's name.
    assert (payout.line, payout.column, payout.value) == (
        4,
        "Payout date",
        "2023-03-01 09:00:00 +00",
    )
    assert payout.reason == "liegt vor dem Sale Date"
    assert (quantity.line, quantity.column, quantity.value) == (6, "Quantity", "2")
    assert quantity.reason == "nur Zeilen mit einem Paar (Quantity 1) können importiert werden"
    with translation.override("en"):
        run(make_batch, write_rows(tmp_path / "bad-en.csv", rows))
    english = ImportBatch.objects.order_by("-pk").first().row_errors()[0]
    assert (english.line, english.column, english.reason) == (
        4,
        "Payout date",
        "is before the Sale Date",
    )


def test_skip_invalid_imports_the_valid_rows(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)[:5]
    rows[2]["Order Number"] = ""
    result = run(make_batch, write_rows(tmp_path / "bad.csv", rows), skip_invalid=True)
    assert result.committed and Order.objects.count() == 4
    assert result.batch.records.filter(status="rejected").count() == 1


def test_duplicate_order_number_in_file_is_rejected(make_batch, tmp_path, sample_report):
    rows = rows_of(sample_report)[:3]
    rows[2]["Order Number"] = rows[0]["Order Number"]
    result = run(make_batch, write_rows(tmp_path / "dup.csv", rows))
    assert not result.ok and Order.objects.count() == 0


def test_dry_run_writes_nothing_but_previews(make_batch, sample_report):
    result = run(make_batch, sample_report, commit=False, dry_run=True)
    assert result.plan.new_orders == 60 and result.plan.cost_missing == 60
    assert len(result.plan.new_products) == 20
    assert Order.objects.count() == 0 and Product.objects.count() == 0
    assert result.batch.status == ImportBatch.Status.VALIDATED


# --- bad files ----------------------------------------------------------------------------


def _bad(make_batch, path) -> str:
    result = run(make_batch, path)
    assert result.file_error and not result.committed
    assert result.batch.status == ImportBatch.Status.FAILED
    assert result.batch.error_message == result.file_error
    assert not ImportRecord.objects.filter(batch=result.batch).exists()
    assert Order.objects.count() == 0
    return result.file_error


def test_bad_files(make_batch, tmp_path, sample_report):
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    assert "leer" in _bad(make_batch, empty)
    header_only = tmp_path / "header.csv"
    header_only.write_text(",".join(COLUMNS) + "\n")
    assert "keine Zeilen" in _bad(make_batch, header_only)
    binary = tmp_path / "photo.csv"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe" * 20)
    assert "enthält ein NUL-Byte: Die Datei ist beschädigt oder keine Text-CSV" in _bad(
        make_batch, binary
    )
    other = tmp_path / "other.csv"
    other.write_text("name,price\nshoe,10\n")
    assert "kein StockX-Verkaufsbericht" in _bad(make_batch, other)
    missing = tmp_path / "missing.csv"
    rows = rows_of(sample_report)[:2]
    with missing.open("w", newline="") as handle:
        fields = [c for c in COLUMNS if c != "Listing Price"]
        writer = csv.DictWriter(handle, fieldnames=fields, extrasaction="ignore")
        writer.writeheader()
        writer.writerows(rows)
    assert "Listing Price" in _bad(make_batch, missing)
    latin = write_rows(tmp_path / "latin.csv", rows_of(sample_report)[:3], encoding="latin-1")
    assert "UTF-8" in _bad(make_batch, latin)


def test_file_over_the_limit_is_refused_before_it_is_copied(make_batch, sample_report, settings):
    settings.IMPORT_MAX_UPLOAD_BYTES = 1000
    copies = set(Path(settings.MEDIA_ROOT).rglob("*"))
    with pytest.raises(ImportFileError, match="erlaubt sind"):
        make_batch(sample_report)
    assert not ImportBatch.objects.exists()
    assert set(Path(settings.MEDIA_ROOT).rglob("*")) == copies  # no copy left behind


# --- matching to stock (FIFO) and the missing-cost flow ----------------------------------


def test_fifo_takes_the_oldest_pair_bought_before_the_sale(make_batch, tmp_path, sample_report):
    rows = [r for r in rows_of(sample_report) if r["Style"] == "HQ4540" and r["Sku Size"] == "6"]
    assert len(rows) == 3  # sold 2023-03-01, 2023-03-13, 2023-04-22
    # First import one sale so the product and size exist, then undo it.
    run(make_batch, write_rows(tmp_path / "one.csv", rows[:1]))
    product = Product.objects.get(sku="HQ4540")
    size = StockItem.objects.get().size
    Order.objects.all().delete()
    StockItem.objects.all().delete()
    newest = make_stock(product=product, size=size, purchase_date=date(2023, 4, 1))
    oldest = make_stock(product=product, size=size, purchase_date=date(2023, 1, 5))
    middle = make_stock(product=product, size=size, purchase_date=date(2023, 2, 1))
    too_late = make_stock(product=product, size=size, purchase_date=date(2023, 5, 1))

    result = run(make_batch, write_rows(tmp_path / "three.csv", rows))
    assert result.plan.matched_to_stock == 3 and result.plan.cost_missing == 0
    assert order(rows[0]["Order Number"]).inventory_item == oldest
    assert order(rows[1]["Order Number"]).inventory_item == middle
    assert order(rows[2]["Order Number"]).inventory_item == newest
    too_late.refresh_from_db()
    assert too_late.status == "in_stock"
    oldest.refresh_from_db()
    # Sold, then on with its completed order: a history row per step.
    assert oldest.status == "completed"
    events = StockEvent.objects.filter(stock=oldest).order_by("id")
    assert [(e.kind, e.from_status, e.to_status) for e in events] == [
        ("sold", "in_stock", "sold"),
        ("status", "sold", "shipped"),
        ("status", "shipped", "completed"),
    ]
    assert events[2].reason == f"Verkauf {rows[0]['Order Number']}: abgeschlossen"
    # Profit is filled because the cost is known (100.00 net, StockX: no output VAT).
    first = order(rows[0]["Order Number"])
    assert first.net_profit == first.net_proceeds - D("100.00")
    assert first.shelf_life_days == (date(2023, 3, 1) - date(2023, 1, 5)).days
    assert first.roi == ((first.net_proceeds - D("100.00")) / D("100.00")).quantize(D("0.0001"))


def test_sale_without_a_pair_creates_a_cost_missing_pair(make_batch, sample_report):
    run(make_batch, sample_report)
    missing = StockItem.objects.cost_missing()
    assert missing.count() == 60 and set(missing.values_list("status", flat=True)) == {"completed"}
    assert Order.objects.filter(net_profit__isnull=True).count() == 60
    o = order("70000000-60000000")
    assert StockEvent.objects.filter(stock=o.inventory_item, kind="sold").exists()
    # The owner enters the cost; profit appears.
    enter_missing_cost(
        item=o.inventory_item,
        gross=D("178.50"),  # net 150.00 at 19 % VAT
        tax_scheme="standard",
        purchase_date=date(2023, 2, 1),
    )
    o.refresh_from_db()
    assert o.net_profit == D("84.59")  # 234.59 − 150.00
    assert o.gross_profit == D("97.00")
    assert o.shelf_life_days == 28
    assert StockEvent.objects.filter(stock=o.inventory_item, kind="cost").exists()


# --- the two ways in: one process (command line) and preview then import (upload page) ---


def _orders_and_pairs() -> list[tuple]:
    return sorted(
        Order.objects.values_list(
            "external_id",
            "sold_at",
            "gross_sale",
            "platform_fee",
            "payment_fee",
            "shipping_cost",
            "net_proceeds",
            "net_profit",
            "platform_specific_data",
            "inventory_item__status",
            "inventory_item__product__sku",
            "inventory_item__size__value",
        )
    )


def test_kept_rows_and_stored_rows_write_the_same(make_batch, sample_report, tmp_path):
    """The command line commits the rows its check kept in memory; the upload page reads
    them back from the import rows after the preview. Both write the same orders and
    pairs; a matched pair of a completed order goes in_stock -> sold -> shipped ->
    completed in one statement, a history row per step."""
    rows = [r for r in rows_of(sample_report) if r["Style"] == "HQ4540" and r["Sku Size"] == "6"]
    run(make_batch, write_rows(tmp_path / "one.csv", rows[:1]))
    product = Product.objects.get(sku="HQ4540")
    size = StockItem.objects.get().size

    def fresh_start():
        Order.objects.all().delete()
        StockItem.objects.all().delete()  # their history goes with them
        return make_stock(product=product, size=size, purchase_date=date(2023, 1, 5))

    pair = fresh_start()
    run(make_batch, sample_report)
    in_one_process = _orders_and_pairs()
    history = sorted(
        StockEvent.objects.filter(stock__in=StockItem.objects.all()).values_list(
            "kind", "from_status", "to_status"
        )
    )
    steps = list(pair.events.order_by("id").values_list("from_status", "to_status"))
    assert steps == [("in_stock", "sold"), ("sold", "shipped"), ("shipped", "completed")]

    fresh_start()
    batch = make_batch(sample_report)
    imports.check_batch(batch)  # the preview; "Import" follows in another request
    assert imports.commit_batch(ImportBatch.objects.get(pk=batch.pk)) is not None
    assert _orders_and_pairs() == in_one_process
    assert (
        sorted(
            StockEvent.objects.filter(stock__in=StockItem.objects.all()).values_list(
                "kind", "from_status", "to_status"
            )
        )
        == history
    )


def test_purged_import_rows_leave_the_orders_without_a_raw_row(make_batch, sample_report):
    """Retention purges import rows with the ORM, which empties the orders' pointer (no
    database constraint keeps it)."""
    result = run(make_batch, sample_report)
    ImportRecord.objects.filter(batch=result.batch).delete()
    yeezy = order("70000000-60000000")
    assert yeezy.source_record_id is None and yeezy.raw_row() == {}


def test_the_order_page_shows_the_row_as_imported(make_batch, sample_report, viewer, client):
    result = run(make_batch, sample_report)
    yeezy = order("70000000-60000000")
    client.force_login(viewer)
    body = client.get(reverse("sales:order-detail", args=[yeezy.pk])).content.decode()
    line = yeezy.source_record.line_number
    assert f"Zeile {line} von Import #{result.batch.pk}" in body
    assert "adidas Yeezy Boost 350 V2 Onyx" in body and "Buyer Destination Country" in body
