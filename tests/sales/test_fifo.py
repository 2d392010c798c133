"""Which pair a StockX sale takes: a pair on hand (in stock, listed, reserved) before one
still incoming (a presale), the oldest purchase first within each, never one bought after
the sale."""

import csv
from datetime import date, datetime
from pathlib import Path

import pytest
from django.utils import timezone

from catalog.models import Size
from inventory.models import StockEvent
from sales.models import Order
from sales.pair_linking import fifo
from sales.services import import_stockx_sales
from sales.stockx_report import COLUMNS
from soleflip.core.models import ImportBatch
from tests.factories import make_product, make_stock

P, S = 1, 2  # product and size ids


def sale(key: str, day: date) -> tuple:
    return (key, P, S, timezone.make_aware(datetime(day.year, day.month, day.day, 12)))


def pair(stock_id: int, bought: date | None, status: str) -> tuple:
    return (stock_id, P, S, bought, status)


def test_on_hand_before_incoming_and_oldest_first_within_each():
    candidates = [
        pair(1, date(2023, 1, 1), "incoming"),
        pair(2, date(2023, 2, 1), "listed"),
        pair(3, date(2023, 1, 20), "in_stock"),
        pair(4, date(2022, 12, 1), "incoming"),
        pair(5, date(2023, 2, 10), "reserved"),
    ]
    sales = [sale(f"s{n}", date(2023, 3, n)) for n in range(1, 6)]
    assert fifo(sales, candidates) == {"s1": 3, "s2": 2, "s3": 5, "s4": 4, "s5": 1}


def test_a_presale_when_no_pair_on_hand_was_bought_by_the_sale_date():
    candidates = [pair(1, date(2023, 4, 1), "in_stock"), pair(2, date(2023, 2, 1), "incoming")]
    assert fifo([sale("early", date(2023, 3, 1))], candidates) == {"early": 2}
    # Nothing bought by then at all: no match (the sale gets a pair with the cost missing).
    assert fifo([sale("earlier", date(2023, 1, 1))], candidates) == {}


def test_a_pair_without_purchase_date_comes_last_within_its_group():
    candidates = [pair(1, None, "in_stock"), pair(2, date(2023, 2, 1), "in_stock")]
    sales = [sale("a", date(2023, 3, 1)), sale("b", date(2023, 3, 2))]
    assert fifo(sales, candidates) == {"a": 2, "b": 1}


@pytest.mark.django_db
def test_import_sells_the_pair_on_hand_first_then_the_incoming_one(tmp_path):
    # The sample's three HQ4540 US 6 sales: 2023-03-01, 2023-03-13, 2023-04-22.
    sample = Path(__file__).resolve().parents[1] / "data" / "stockx_sales_report.csv"
    with sample.open(encoding="utf-8-sig", newline="") as handle:
        rows = [r for r in csv.DictReader(handle) if (r["Style"], r["Sku Size"]) == ("HQ4540", "6")]
    product = make_product(sku="HQ4540", style_code="HQ4540")
    size = Size.objects.get(kind="men", region="US", value="6")
    incoming = make_stock(
        product=product, size=size, status="incoming", purchase_date=date(2023, 1, 1)
    )
    on_hand = make_stock(
        product=product, size=size, status="in_stock", purchase_date=date(2023, 2, 1)
    )
    path = tmp_path / "sales.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    batch = ImportBatch.from_path(path, source_type=ImportBatch.Source.STOCKX_SALES_REPORT)
    result = import_stockx_sales(batch=batch)
    assert result.plan.matched_to_stock == 2 and result.plan.cost_missing == 1
    taken = [Order.objects.get(external_id=r["Order Number"]).inventory_item_id for r in rows]
    assert taken[:2] == [on_hand.pk, incoming.pk] and taken[2] not in (on_hand.pk, incoming.pk)
    event = StockEvent.objects.filter(stock=incoming).order_by("id").first()  # the sale
    assert (event.kind, event.from_status, event.to_status) == ("sold", "incoming", "sold")
