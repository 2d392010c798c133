"""What a genuine StockX export does that the sample does not: columns rounded on their
own, empty Seller Fees, addresses over several lines, a BOM, US buyers, N/A tracking
numbers; and values no real export holds (dates of 9999, amounts beyond the column)."""

import csv
from decimal import Decimal as D
from pathlib import Path

import pytest

from sales.models import Order
from sales.services import import_stockx_sales
from sales.stockx_report import COLUMNS
from soleflip.core.models import ImportBatch

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"
PAYOUT = "Total Gross Amount (Total Payout)"


def sample_rows(n: int) -> list[dict]:
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))[:n]


def report(tmp_path: Path, rows: list[dict], name="report.csv") -> ImportBatch:
    path = tmp_path / name
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return ImportBatch.from_path(path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)


def money(row: dict, *, listing, processing, shipping, payout, seller_fee=""):
    row.update(
        {
            "Listing Price": listing,
            "Payment Processing": processing,
            "Shipping Fee": shipping,
            PAYOUT: payout,
            "Seller Fee": seller_fee,
        }
    )
    return row


def test_a_cent_of_rounding_imports_with_the_exports_payout_and_a_warning(tmp_path):
    rows = sample_rows(3)
    # The genuine export's row: 112 − 3.36 − 0.84 − 107.81 = −0.01.
    money(rows[0], listing="112", processing="3.36", shipping="0.84", payout="107.81")
    # Two cents the other way round, without a processing fee: taken off the shipping fee.
    money(rows[1], listing="50", processing="", shipping="4.00", payout="46.02")
    money(rows[2], listing="200", processing="6", shipping="0", payout="180", seller_fee="14")
    result = import_stockx_sales(batch=report(tmp_path, rows))
    assert result.ok and result.committed
    first = Order.objects.get(external_id=rows[0]["Order Number"])
    assert (first.gross_sale, first.net_proceeds) == (D("112.00"), D("107.81"))
    assert (first.platform_fee, first.payment_fee, first.shipping_cost) == (
        D("0.00"),
        D("3.35"),
        D("0.84"),
    )
    assert first.platform_specific_data["rounding"] == "0.01"
    second = Order.objects.get(external_id=rows[1]["Order Number"])
    assert (second.platform_fee, second.shipping_cost, second.net_proceeds) == (
        D("0.00"),
        D("3.98"),
        D("46.02"),
    )
    for order in Order.objects.all():  # listing = fees + payout, to the cent, on every row
        fees = order.platform_fee + (order.payment_fee or 0) + (order.shipping_cost or 0)
        assert order.gross_sale == fees + order.net_proceeds
    batch = result.batch
    assert batch.summary["rounding"] == 2 and batch.summary["rounding_lines"] == [2, 4]


def test_rounding_is_listed_in_the_preview(tmp_path, owner, client):
    from django.urls import reverse

    from soleflip.core import imports

    rows = sample_rows(2)
    money(rows[1], listing="112", processing="3.36", shipping="0.84", payout="107.81")
    batch = report(tmp_path, rows)
    imports.check_batch(batch)
    client.force_login(owner)
    page = client.get(reverse("imports:batch-detail", args=[batch.pk])).content.decode()
    assert "Rundung: 1 Zeile, deren StockX-Spalten" in page and "(Zeile 4)" in page


def test_more_than_a_few_cents_off_is_still_an_error(tmp_path):
    rows = sample_rows(2)
    money(rows[0], listing="112", processing="3.36", shipping="0.84", payout="107.90")
    result = import_stockx_sales(batch=report(tmp_path, rows))
    assert not result.committed and Order.objects.count() == 0
    [error] = result.batch.row_errors()
    assert (error.line, error.column, error.value) == (2, PAYOUT, "107.90")
    assert error.reason == "ist höher als der Listing Price abzüglich der Gebühren"


def test_empty_seller_fee_is_a_zero_fee_promotion_not_a_mismatch(tmp_path):
    rows = sample_rows(2)
    money(rows[0], listing="100", processing="3", shipping="0", payout="97", seller_fee="")
    result = import_stockx_sales(batch=report(tmp_path, rows))
    assert result.ok and result.plan.fee_mismatches == 0
    order = Order.objects.get(external_id=rows[0]["Order Number"])
    assert order.platform_fee == D("0.00") and order.net_proceeds == D("97.00")


def test_multiline_addresses_us_buyers_and_na_tracking(tmp_path):
    rows = sample_rows(2)
    rows[0]["Ship From Address"] = 'Example GmbH\nMusterstraße 1\n30000 "Musterstadt"'
    rows[0]["Buyer Destination Country"] = "United States"
    rows[0]["Buyer Destination City"] = "Portland"
    rows[0]["Seller Tracking Number"] = "N/A"
    rows[0]["Buyer Tracking Number"] = "N/A"
    rows[0]["Sale Date"] = "2023-03-05 23:59:59 +00:00"
    batch = report(tmp_path, rows)
    result = import_stockx_sales(batch=batch)
    assert result.ok, [str(e) for e in result.batch.row_errors()]
    assert Order.objects.count() == 2
    order = Order.objects.get(external_id=rows[0]["Order Number"])
    assert (order.buyer_destination_country, order.buyer_destination_city) == (
        "United States",
        "Portland",
    )
    # The next row's line number counts the address's extra lines.
    assert sorted(batch.records.values_list("line_number", flat=True)) == [2, 5]


@pytest.mark.parametrize(
    "column,value,reason",
    [
        ("Sale Date", "9999-12-31 00:00:00 +00", "so spät kann „sale date“ nicht sein"),
        ("Sale Date", "1970-01-01 00:00:00 +00", "so alt kann „sale date“ nicht sein"),
        ("Payout date", "9999-12-31 00:00:00 +00", "so spät kann „payout date“ nicht sein"),
        ("Listing Price", "99999999999", "ist zu groß für einen Betrag"),
        (PAYOUT, "1e12", "ist kein Betrag"),
    ],
)
def test_values_no_real_export_holds_are_rejected_with_line_and_column(
    tmp_path, column, value, reason
):
    rows = sample_rows(3)
    rows[1][column] = value
    result = import_stockx_sales(batch=report(tmp_path, rows))
    assert not result.committed and Order.objects.count() == 0
    [error] = result.batch.row_errors()
    assert (error.line, error.column, error.value) == (4, column, value)  # rows span 2 lines
    assert reason in error.reason
