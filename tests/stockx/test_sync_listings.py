"""StockX listing sync: upsert on the listing id, pairs linked and moved through the stock
workflow with history, the ask price never becoming a cost, failures and the command."""

from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Size
from inventory.models import StockStatus
from pricing.models import PriceHistory
from sales.models import Listing, Order
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.stockx.client import get_client
from soleflip.stockx.models import StockXSync
from soleflip.stockx.sync_listings import read_listing, sync_listings
from soleflip.stockx.sync_orders import sync_orders
from soleflip.stockx.tasks import sync_listings_task
from tests.factories import make_product, make_stock

from .fake_stockx import make_listing, make_order

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(stockx_connected):
    return get_client()


@pytest.fixture
def product():
    return make_product(sku="DD1391-100", style_code="DD1391-100")


def us_men(value: str) -> Size:
    return Size.objects.get(kind="men", region="US", value=value)


def run(client) -> dict:
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_LISTINGS)
    return sync_listings(client=client, batch=batch)


def statuses(pair) -> list[str]:
    return list(pair.events.order_by("id").values_list("to_status", flat=True))


def test_read_listing():
    item = read_listing(make_listing(status="CANCELED", amount="99.5"))
    assert item.status == "cancelled" and item.amount == D("99.50") and not item.errors
    assert item.expires_at.isoformat() == "2026-02-02T10:00:00+00:00"
    bad = read_listing(make_listing(amount="lots", listingId=None, currencyCode="euro"))
    assert {e["column"] for e in bad.errors} == {"listingId", "amount", "currencyCode"}


def test_active_listing_lists_a_pair_then_sale_moves_it_on(stockx_connected, client, product):
    old = make_stock(product=product, size=us_men("10"), purchase_date="2025-01-01")
    newer = make_stock(product=product, size=us_men("10"), purchase_date="2025-02-01")
    uncosted = make_stock(
        product=product, size=us_men("10"), purchase_price=None, gross_purchase_price=None
    )
    data = stockx_connected.add_listing(make_listing(status="ACTIVE", amount="165"))
    counts = run(client)
    listing = Listing.objects.get(external_id=data["listingId"])
    assert listing.inventory_item_id == old.pk and listing.amount == D("165.00")
    assert listing.status == "active" and listing.raw_data == data
    old.refresh_from_db()
    newer.refresh_from_db()
    uncosted.refresh_from_db()
    assert old.status == StockStatus.LISTED and newer.status == StockStatus.IN_STOCK
    # The ask price is a selling price, never a cost.
    assert old.purchase_price == D("100.00") and uncosted.purchase_price is None
    assert counts["created"] == 1 and counts["listed"] == 1
    assert PriceHistory.objects.get(inventory_item=old).price_type == "listing"

    data["status"] = "MATCHED"
    counts = run(client)
    old.refresh_from_db()
    assert old.status == StockStatus.SOLD and counts["updated"] == 1 and counts["sold"] == 1
    assert statuses(old) == ["listed", "sold"]
    assert Listing.objects.count() == 1


@pytest.mark.parametrize("ended", ["DELETED", "CANCELED", "INACTIVE"])
def test_ended_listing_puts_the_pair_back_in_stock(stockx_connected, client, product, ended):
    pair = make_stock(product=product, size=us_men("10"))
    data = stockx_connected.add_listing(make_listing(status="ACTIVE"))
    run(client)
    data["status"] = ended
    counts = run(client)
    pair.refresh_from_db()
    assert pair.status == StockStatus.IN_STOCK and counts["back_in_stock"] == 1
    assert statuses(pair) == ["listed", "in_stock"]
    event = pair.events.order_by("id").last()
    assert data["listingId"] in event.reason


def test_rerun_is_unchanged_and_pairs_are_not_listed_twice(stockx_connected, client, product):
    first = make_stock(product=product, size=us_men("10"))
    second = make_stock(product=product, size=us_men("10"))
    stockx_connected.add_listing(make_listing(status="ACTIVE"))
    stockx_connected.add_listing(make_listing(status="ACTIVE"))
    stockx_connected.add_listing(make_listing(status="ACTIVE"))  # a third ask, no third pair
    run(client)
    counts = run(client)
    assert counts["unchanged"] == 3 and counts["created"] == 0
    linked = set(Listing.objects.values_list("inventory_item_id", flat=True))
    assert linked == {first.pk, second.pk, None}
    assert first.events.count() == second.events.count() == 1


def test_listing_of_a_pair_named_by_its_listing_id(stockx_connected, client, product):
    pair = make_stock(product=product, size=us_men("11"), external_ids={"stockx_listing_id": "L-7"})
    stockx_connected.add_listing(make_listing(listingId="L-7", status="ACTIVE"))
    run(client)
    assert Listing.objects.get(external_id="L-7").inventory_item_id == pair.pk


def test_listing_without_stock_of_ours_is_kept_unlinked(stockx_connected, client):
    stockx_connected.add_listing(make_listing(status="ACTIVE"))
    counts = run(client)
    assert counts["created"] == 1 and Listing.objects.get().inventory_item is None


def test_pages_to_the_last_page(stockx_connected, client):
    for _ in range(150):
        stockx_connected.add_listing(make_listing(status="ACTIVE"))
    counts = run(client)
    pages = stockx_connected.api_calls("GET", "/selling/listings")
    assert [r.query["pageNumber"] for r in pages] == ["1", "2"] and counts["created"] == 150


def test_bad_listing_is_rejected_with_its_field(stockx_connected, client):
    stockx_connected.add_listing(make_listing(amount=None))
    stockx_connected.add_listing(make_listing())
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_LISTINGS)
    counts = sync_listings(client=client, batch=batch)
    assert counts["rejected"] == 1 and counts["created"] == 1
    record = batch.records.get(status=ImportRecord.Status.REJECTED)
    assert record.validation_errors[0]["column"] == "amount"


def test_failure_fails_the_batch(stockx_connected, client):
    stockx_connected.add_listing(make_listing())
    stockx_connected.fail_next(400)
    counts = run(client)
    assert counts["error"] and not Listing.objects.exists()
    assert ImportBatch.objects.get().status == "failed"
    assert not StockXSync.objects.get(kind="listings").succeeded


def test_command_and_task(stockx_connected, capsys):
    stockx_connected.add_listing(make_listing())
    call_command("stockx_sync_listings")
    assert "Angebote: 1; 1 angelegt" in capsys.readouterr().out
    stockx_connected.fail_next(400)
    with pytest.raises(SystemExit) as exit_info:
        call_command("stockx_sync_listings")
    assert exit_info.value.code == 1
    assert sync_listings_task.apply().get()["unchanged"] == 1


def test_task_skips_when_not_connected(stockx_fake):
    assert sync_listings_task.apply().get() is None and not ImportBatch.objects.exists()


def test_order_synced_before_its_listing_gets_it(stockx_connected, client):
    stockx_connected.add_order(make_order(listingId="L-9"))
    sync_orders(client=client, batch=ImportBatch.objects.create(source_type="stockx_orders"))
    assert Order.objects.get().listing is None
    stockx_connected.add_listing(make_listing(listingId="L-9", status="COMPLETED"))
    run(client)
    assert Order.objects.get().listing.external_id == "L-9"


def test_task_skips_while_a_run_is_still_going(stockx_connected):
    ImportBatch.objects.create(
        source_type="stockx_listings", status="importing", started_at=timezone.now()
    )
    assert sync_listings_task.apply().get() is None
    assert not stockx_connected.requests
