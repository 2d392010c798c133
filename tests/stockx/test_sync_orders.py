"""StockX order sync: payout mapping, paging, upsert over CSV-imported orders, matching to
stock as the CSV import does, status moves, failures, command and task."""

import csv
from datetime import timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Product, Size
from inventory.models import StockEvent, StockItem, StockStatus
from sales.models import Listing, Marketplace, Order
from sales.services import import_stockx_sales
from sales.stockx_report import COLUMNS
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.stockx.client import get_client
from soleflip.stockx.models import StockXSync
from soleflip.stockx.sync_orders import read_order, sync_orders
from soleflip.stockx.tasks import sync_orders_task
from tests.factories import make_product, make_stock

from .fake_stockx import make_order

pytestmark = pytest.mark.django_db

SAMPLE = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"
PRODUCT_ID = "5e2b7c41-9a0d-4f3e-8b6a-1c7d2e9f4a58"


@pytest.fixture
def client(stockx_connected):
    return get_client()


def new_batch() -> ImportBatch:
    return ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_ORDERS)


def us_men(value: str) -> Size:
    return Size.objects.get(kind="men", region="US", value=value)


def min_fee_payout(*adjustments) -> dict:
    return {
        # 48.94 − (5.00 + 1.47 + 4.50); the original's fee doc wrote 38.03 here, a slip.
        "totalPayout": "37.97",
        "salePrice": "48.94",
        "totalAdjustments": "-10.97",
        "currencyCode": "EUR",
        "adjustments": [
            {"adjustmentType": t, "amount": a, "percentage": "0"} for t, a in adjustments
        ],
    }


# --- reading StockX JSON ----------------------------------------------------------------


def test_payout_mapping():
    order = read_order(make_order())
    assert not order.errors
    assert order.money == {
        "gross_sale": D("142.00"),
        "platform_fee": D("12.07"),
        "payment_fee": D("4.26"),
        "shipping_cost": D("4.50"),
        "net_proceeds": D("121.17"),
    }
    assert order.currency == "EUR" and order.sold_at.isoformat() == "2025-03-14T09:21:05+00:00"


@pytest.mark.parametrize(
    "adjustments",
    [
        # Only the minimum fee ...
        [("MinTransactionFee", "-5"), ("Payment Proc. (3%)", "-1.47"), ("Shipping", "-4.5")],
        # ... or the percentage fee topped up to the minimum.
        [
            ("Transaction Fee (8.5%)", "-4.16"),
            ("MinTransactionFee", "-0.84"),
            ("Payment Proc. (3%)", "-1.47"),
            ("Shipping", "-4.5"),
        ],
    ],
)
def test_payout_mapping_with_minimum_fee(adjustments):
    order = read_order(make_order(amount="48.94", payout=min_fee_payout(*adjustments)))
    money = order.money
    assert money["platform_fee"] == D("5.00") and money["payment_fee"] == D("1.47")
    assert money["shipping_cost"] == D("4.50") and money["net_proceeds"] == D("37.97")
    fees = money["platform_fee"] + money["payment_fee"] + money["shipping_cost"]
    assert money["gross_sale"] - fees == money["net_proceeds"]
    assert "payout_difference" not in order.platform_data()


def test_payout_that_does_not_add_up_is_flagged():
    payout = min_fee_payout(("MinTransactionFee", "-5"), ("Shipping", "-4.5"))
    order = read_order(make_order(payout=payout))
    # totalPayout stays the payout (it is what reaches the bank); the gap is kept.
    assert order.money["net_proceeds"] == D("37.97")
    assert order.platform_data()["payout_difference"] == "-1.47"


def test_order_without_payout_keeps_amount_only():
    order = read_order(make_order(payout=None, status="CREATED"))
    assert order.money == {"gross_sale": D("142.00")} and order.status == "pending"


def test_statuses_map_and_unknown_is_pending_with_raw_kept():
    assert read_order(make_order(status="PAYOUTCOMPLETED")).status == "completed"
    assert read_order(make_order(status="DIDNOTSHIP")).status == "cancelled"
    assert read_order(make_order(status="SHIPPED")).status == "shipped"
    odd = read_order(make_order(status="TELEPORTED"))
    assert odd.status == "pending" and odd.platform_data()["stockx_status"] == "TELEPORTED"


def test_negative_amounts_are_refused():
    assert read_order(make_order(payout=None, amount="-5")).errors[0]["column"] == "amount"
    credit = min_fee_payout(("Transaction Fee (8.5%)", "3"))
    assert "ist negativ" in read_order(make_order(payout=credit)).errors[0]["reason"]


def test_bad_values_name_field_and_value():
    order = read_order(make_order(amount="12,5x", payout=None, createdAt="yesterday"))
    assert {e["column"] for e in order.errors} == {"createdAt", "amount"}
    assert any(e["value"] == "12,5x" and e["reason"] == "ist kein Betrag" for e in order.errors)


# --- the sync against the fake ------------------------------------------------------------


def test_sync_pages_to_the_last_page(stockx_connected, client):
    for n in range(205):
        stockx_connected.add_order(make_order(orderNumber=f"10000000-{n:08d}"))
    stockx_connected.add_order(make_order(orderNumber="20000000-00000001", status="SHIPPED"))
    counts = sync_orders(client=client, batch=new_batch())
    history = stockx_connected.api_calls("GET", "/selling/orders/history")
    assert [r.query["pageNumber"] for r in history] == ["1", "2", "3"]
    assert {r.query["pageSize"] for r in history} == {"100"}
    assert counts["created"] == 206 and Order.objects.count() == 206
    assert Order.objects.get(external_id="20000000-00000001").status == "shipped"
    # One product for all of them, found again by its StockX id next time.
    assert Product.objects.filter(stockx_product_id=PRODUCT_ID).count() == 1


def test_date_range_is_passed_as_created_date_filter(stockx_connected, client):
    from datetime import date

    stockx_connected.add_order(make_order(createdAt="2025-01-05T10:00:00.000Z"))
    stockx_connected.add_order(make_order(createdAt="2025-03-05T10:00:00.000Z"))
    counts = sync_orders(
        client=client, batch=new_batch(), from_date=date(2025, 3, 1), to_date=date(2025, 3, 31)
    )
    first = stockx_connected.api_calls("GET", "/selling/orders/history")[0]
    assert first.query["fromDate"] == "2025-03-01" and first.query["toDate"] == "2025-03-31"
    assert counts["created"] == 1


def test_sync_matches_stock_and_computes_profit(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100")
    older = make_stock(product=product, size=us_men("10"), purchase_price=D("80.00"))
    newer = make_stock(product=product, size=us_men("10"), purchase_date=older.purchase_date)
    stockx_connected.add_order(make_order(orderNumber="78451236-78351290"))
    batch = new_batch()
    counts = sync_orders(client=client, batch=batch)
    order = Order.objects.get(external_id="78451236-78351290")
    assert order.inventory_item_id == older.pk  # FIFO: oldest pair first
    older.refresh_from_db()
    newer.refresh_from_db()
    assert older.status == StockStatus.COMPLETED and newer.status == StockStatus.IN_STOCK
    assert older.events.filter(to_status="sold").exists()
    assert order.net_profit is not None and order.gross_profit is not None
    assert order.platform_specific_data["product_id"] == PRODUCT_ID
    assert order.platform_specific_data["ask_id"] and order.raw_data["orderNumber"]
    product.refresh_from_db()
    assert product.stockx_product_id == PRODUCT_ID
    assert counts["matched_to_stock"] == 1 and counts["cost_missing"] == 0
    batch.refresh_from_db()
    assert batch.status == "completed" and batch.created_records == 1
    assert batch.records.get().status == ImportRecord.Status.CREATED
    assert StockXSync.objects.get(kind="orders").succeeded


def test_resync_is_idempotent(stockx_connected, client):
    stockx_connected.add_order(make_order())
    sync_orders(client=client, batch=new_batch())
    pairs = StockItem.objects.count()
    counts = sync_orders(client=client, batch=new_batch())
    assert counts["unchanged"] == 1 and counts["created"] == counts["updated"] == 0
    assert Order.objects.count() == 1 and StockItem.objects.count() == pairs


def test_unmatched_sale_gets_a_cost_missing_pair_like_the_csv(stockx_connected, client):
    stockx_connected.add_order(make_order(orderNumber="30000000-00000001"))
    counts = sync_orders(client=client, batch=new_batch())
    order = Order.objects.select_related("inventory_item").get()
    assert order.inventory_item.purchase_price is None
    assert order.inventory_item.status == StockStatus.COMPLETED  # follows its order
    assert order.net_profit is None and counts["cost_missing"] == 1


def test_order_takes_the_pair_of_its_listing(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100")
    older = make_stock(product=product, size=us_men("10"))
    listed = make_stock(product=product, size=us_men("10"), status=StockStatus.LISTED)
    Listing.objects.create(
        marketplace=Marketplace.objects.get(slug="stockx"),
        external_id="listing-1",
        status="matched",
        amount=D("142.00"),
        inventory_item=listed,
    )
    stockx_connected.add_order(make_order(listingId="listing-1"))
    sync_orders(client=client, batch=new_batch())
    order = Order.objects.get()
    assert order.inventory_item_id == listed.pk and order.listing.external_id == "listing-1"
    listed.refresh_from_db()
    older.refresh_from_db()
    assert listed.status == StockStatus.COMPLETED and older.status == StockStatus.IN_STOCK


def test_cancelled_order_puts_its_pair_back(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100")
    pair = make_stock(product=product, size=us_men("10"))
    data = stockx_connected.add_order(make_order(status="CREATED", payout=None))
    sync_orders(client=client, batch=new_batch())
    pair.refresh_from_db()
    assert pair.status == StockStatus.SOLD
    data["status"] = "CANCELED"
    sync_orders(client=client, batch=new_batch())
    pair.refresh_from_db()
    order = Order.objects.get()
    assert order.status == "cancelled" and order.inventory_item is None
    assert pair.status == StockStatus.IN_STOCK
    assert list(pair.events.order_by("id").values_list("to_status", flat=True))[-2:] == [
        "sold",
        "in_stock",
    ]


def test_cancelled_order_removes_its_stand_in_pair(stockx_connected, client):
    data = stockx_connected.add_order(make_order(status="CREATED", payout=None))
    sync_orders(client=client, batch=new_batch())
    stand_in = Order.objects.get().inventory_item
    assert stand_in.purchase_price is None and stand_in.status == StockStatus.SOLD
    data["status"] = "CANCELED"
    sync_orders(client=client, batch=new_batch())
    assert not StockItem.objects.filter(pk=stand_in.pk).exists()
    assert Order.objects.get().inventory_item is None
    assert StockEvent.objects.filter(kind="deleted", reason__contains=f"#{stand_in.pk}").exists()


def write_rows(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def test_csv_then_api_updates_without_duplicates(stockx_connected, client, tmp_path):
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))[1:3]  # one with a style code, one without
    path = write_rows(tmp_path / "report.csv", rows)
    batch = ImportBatch.from_path(path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)
    assert import_stockx_sales(batch=batch).committed
    before = {o.external_id: o for o in Order.objects.all()}
    pairs = StockItem.objects.count()
    products = Product.objects.count()
    for row in rows:
        stockx_connected.add_order(
            make_order(
                orderNumber=row["Order Number"],
                amount=row["Listing Price"],
                product={
                    "productId": f"px-{row['Order Number']}",
                    "productName": row["Item"],
                    "styleId": None if row["Style"] == "N/A" else row["Style"],
                },
                variant={"variantId": "v1", "variantName": "x", "variantValue": "8"},
                payout=None,
            )
        )
    counts = sync_orders(client=client, batch=new_batch())
    assert counts["created"] == 0 and counts["updated"] == 2
    assert Order.objects.count() == 2
    assert StockItem.objects.count() == pairs and Product.objects.count() == products
    for number, old in before.items():
        order = Order.objects.get(external_id=number)
        assert order.pk == old.pk and order.inventory_item_id == old.inventory_item_id
        # CSV-only fields and CSV money stay; platform data is merged in.
        assert order.invoice_number == old.invoice_number != ""
        assert order.buyer_destination_country == old.buyer_destination_country != ""
        assert order.net_proceeds == old.net_proceeds and order.gross_sale == old.gross_sale
        assert order.platform_specific_data["source"] == "stockx_sales_report"
        assert order.platform_specific_data["product_id"] == f"px-{number}"
        assert order.raw_data == old.raw_data and order.platform_specific_data["api_raw"]
    # The products get their StockX ids for next time.
    assert Product.objects.filter(stockx_product_id__startswith="px-").count() == 2


def test_rejected_order_is_recorded_and_others_written(stockx_connected, client):
    stockx_connected.add_order(make_order(orderNumber="40000000-00000001"))
    stockx_connected.add_order(make_order(orderNumber="40000000-00000002", createdAt="soon"))
    batch = new_batch()
    counts = sync_orders(client=client, batch=batch)
    assert counts["created"] == 1 and counts["rejected"] == 1
    batch.refresh_from_db()
    rejected = batch.records.get(status=ImportRecord.Status.REJECTED)
    assert rejected.validation_errors[0]["column"] == "createdAt"
    assert rejected.validation_errors[0]["value"] == "soon"
    assert batch.error_records == 1 and "nicht verwendbar" in batch.error_message


def test_stockx_failure_fails_the_batch_and_writes_nothing(stockx_connected, client):
    stockx_connected.add_order(make_order())
    stockx_connected.fail_next(400)
    batch = new_batch()
    counts = sync_orders(client=client, batch=batch)
    batch.refresh_from_db()
    assert batch.status == "failed" and "400" in batch.error_message and counts["error"]
    assert Order.objects.count() == 0
    sync = StockXSync.objects.get(kind="orders")
    assert not sync.succeeded and "400" in sync.error


def test_command_summary_and_exit_codes(stockx_connected, capsys):
    stockx_connected.add_order(make_order())
    call_command("stockx_sync_orders", "--from", "2025-03-01")
    out = capsys.readouterr().out
    assert "Verkäufe: 1; 1 angelegt" in out
    stockx_connected.fail_next(400)
    with pytest.raises(SystemExit) as exit_info:
        call_command("stockx_sync_orders")
    assert exit_info.value.code == 1
    assert ImportBatch.objects.filter(source_type="stockx_orders", status="failed").exists()


def test_command_without_connection_exits_1(stockx_fake, capsys):
    with pytest.raises(SystemExit) as exit_info:
        call_command("stockx_sync_orders")
    assert exit_info.value.code == 1 and "nicht eingerichtet" in capsys.readouterr().err


def test_task_skips_without_connection_and_runs_with_it(stockx_fake, caplog):
    caplog.set_level("INFO")
    assert sync_orders_task.apply().get() is None
    assert "skipped" in caplog.text and not ImportBatch.objects.exists()
    from soleflip.stockx import connection

    connection.store_credentials(
        client_id=stockx_fake.client_id,
        client_secret=stockx_fake.client_secret,
        api_key=stockx_fake.api_key,
        refresh_token=stockx_fake.refresh_token,
    )
    stockx_fake.add_order(make_order())
    assert sync_orders_task.apply().get()["created"] == 1
    assert ImportBatch.objects.get().source_type == "stockx_orders"


def test_returned_order_marks_its_pair_returned(stockx_connected, client):
    pair = make_stock(product=make_product(sku="DD1391-100"), size=us_men("10"))
    data = stockx_connected.add_order(make_order())
    sync_orders(client=client, batch=new_batch())
    data["status"] = "RETURNED"
    sync_orders(client=client, batch=new_batch())
    pair.refresh_from_db()
    assert pair.status == StockStatus.RETURNED and Order.objects.get().status == "returned"
    assert Order.objects.get().inventory_item_id == pair.pk  # the sale keeps its pair


def test_periodic_run_asks_from_a_window_before_the_last_good_run(stockx_connected):
    stockx_connected.add_order(make_order())
    sync_orders_task.apply()
    assert "fromDate" not in stockx_connected.api_calls("GET", "/selling/orders/history")[0].query
    sync_orders_task.apply()
    last = stockx_connected.api_calls("GET", "/selling/orders/history")[-1]
    assert last.query["fromDate"] == (timezone.localdate() - timedelta(days=30)).isoformat()


def test_api_then_csv_keeps_one_order_and_one_pair(stockx_connected, client, tmp_path):
    with SAMPLE.open(encoding="utf-8-sig", newline="") as handle:
        row = list(csv.DictReader(handle))[1]
    stockx_connected.add_order(
        make_order(
            orderNumber=row["Order Number"],
            product={"productId": "px-1", "productName": row["Item"], "styleId": row["Style"]},
            variant={"variantId": "v1", "variantName": "x", "variantValue": row["Sku Size"]},
        )
    )
    sync_orders(client=client, batch=new_batch())
    first = Order.objects.get()
    path = write_rows(tmp_path / "report.csv", [row])
    batch = ImportBatch.from_path(path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)
    assert import_stockx_sales(batch=batch).committed
    order = Order.objects.get()
    assert order.pk == first.pk and order.inventory_item_id == first.inventory_item_id
    assert order.invoice_number == row["Invoice Number"] and StockItem.objects.count() == 1
    assert order.platform_specific_data["product_id"] == "px-1"  # API data survives
