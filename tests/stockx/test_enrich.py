"""Catalog enrichment from StockX: by style code and by barcode, variants with sizes and
GTINs, dated market prices, weak matches queued for review (never written), --missing,
the command's exit codes and the nightly task."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from catalog.models import Product, ProductVariant, Size
from inventory.models import StockStatus
from pricing.models import MarketPrice
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.stockx.client import get_client
from soleflip.stockx.enrich import best_result, enrich, same_style
from soleflip.stockx.models import StockXSync
from soleflip.stockx.tasks import enrich_missing_task
from tests.factories import make_product, make_stock

from .fake_stockx import make_product as stockx_product
from .fake_stockx import make_variant

pytestmark = pytest.mark.django_db


@pytest.fixture
def client(stockx_connected):
    return get_client()


def add_dunk(fake, **overrides) -> tuple[dict, list[dict]]:
    """The reference Dunk with sizes 10 and 10.5, market data for both."""
    data = stockx_product(**overrides)
    variants = [
        make_variant(
            data, variantValue="10", gtins=[{"identifier": "195866000010", "type": "UPC"}]
        ),
        make_variant(
            data, variantValue="10.5", gtins=[{"identifier": "195866000105", "type": "UPC"}]
        ),
    ]
    fake.add_product(data, variants)
    fake.set_market_data(
        data["productId"],
        variants[0]["variantId"],
        "EUR",
        lowestAskAmount="158",
        highestBidAmount="131",
        sellFasterAmount="155",
        earnMoreAmount="162",
    )
    fake.set_market_data(
        data["productId"], variants[1]["variantId"], "EUR", lowestAskAmount="149.5"
    )
    return data, variants


def run(client, **which) -> tuple[dict, ImportBatch]:
    batch = ImportBatch.objects.create(source_type=ImportBatch.Source.STOCKX_CATALOG)
    return enrich(client=client, batch=batch, **which), batch


def test_style_matching():
    assert same_style("dd1391-100", "DD1391-100") and same_style("A1/B2", "B2")
    assert not same_style("DD1391-101", "DD1391-100") and not same_style("", "X")
    weak = [{"styleId": "X-1"}, {"styleId": "X-2"}]
    assert best_result(weak, "X-2") == (weak[1], True)
    assert best_result(weak, "Y") == (weak[0], False) and best_result([], "Y") == (None, False)


def test_enrich_by_style_code(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100", name="Dunk Low (CSV)")
    data, variants = add_dunk(stockx_connected)
    counts, batch = run(client, sku="dd1391-100")
    product.refresh_from_db()
    assert product.stockx_product_id == data["productId"]
    assert product.name == "Nike Dunk Low Retro White Black" and product.brand.slug == "nike"
    assert product.category.slug == "sneakers" and product.retail_price == D("110.00")
    assert product.release_date == date(2021, 3, 10) and product.last_enriched_at
    assert product.enrichment_data["stockx"]["urlKey"] == data["urlKey"]
    ten = ProductVariant.objects.get(stockx_variant_id=variants[0]["variantId"])
    assert ten.product == product and ten.size == Size.objects.get(
        kind="men", region="US", value="10"
    )
    assert ten.gtins == [{"identifier": "195866000010", "type": "UPC"}]
    assert ten.size_chart["availableConversions"][0]["type"] == "us m"
    price = MarketPrice.objects.get(product=product, size=ten.size)
    assert (price.lowest_ask, price.highest_bid, price.sell_faster, price.earn_more) == (
        D("158.00"),
        D("131.00"),
        D("155.00"),
        D("162.00"),
    )
    assert price.price_date == timezone.localdate() and price.currency == "EUR"
    assert product.lowest_ask == D("149.50") and product.highest_bid == D("131.00")
    market_calls = [r for r in stockx_connected.requests if r.path.endswith("/market-data")]
    assert market_calls and all(r.query["currencyCode"] == "EUR" for r in market_calls)
    assert counts["updated"] == 1 and counts["variants"] == 2 and counts["market_prices"] == 2
    assert batch.records.get().status == ImportRecord.Status.UPDATED
    assert StockXSync.objects.get(kind="catalog").succeeded
    # A second run the same day updates today's rows instead of adding new ones.
    run(client, sku="DD1391-100")
    assert MarketPrice.objects.filter(product=product).count() == 2
    assert ProductVariant.objects.filter(product=product).count() == 2


def test_market_prices_are_dated_history(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100")
    add_dunk(stockx_connected)
    run(client, sku="DD1391-100")
    MarketPrice.objects.filter(product=product).update(price_date=date(2025, 1, 1))
    run(client, sku="DD1391-100")
    days = set(MarketPrice.objects.filter(product=product).values_list("price_date", flat=True))
    assert days == {date(2025, 1, 1), timezone.localdate()}


def test_enrich_by_gtin(stockx_connected, client):
    product = make_product(sku="MY-OWN-SKU", style_code="DD1391-100", ean="195866000105")
    data, variants = add_dunk(stockx_connected)
    counts, _ = run(client, ean="195866000105")
    product.refresh_from_db()
    assert counts["updated"] == 1 and product.stockx_product_id == data["productId"]
    assert product.sku == "MY-OWN-SKU"  # our key stays
    gtin_calls = stockx_connected.api_calls("GET", "/catalog/products/variants/gtins/195866000105")
    assert len(gtin_calls) == 1
    assert ProductVariant.objects.filter(product=product).count() == 2


def test_gtin_of_an_unknown_product_creates_it(stockx_connected, client):
    data, _ = add_dunk(stockx_connected)
    counts, _ = run(client, ean="195866000010")
    product = Product.objects.get(stockx_product_id=data["productId"])
    assert counts["created"] == 1 and product.sku == "DD1391-100"
    assert product.brand.name == "Nike"


def test_weak_match_is_queued_not_written(stockx_connected, client):
    product = make_product(sku="DD1391-101", style_code="DD1391-101", name="Our Dunk")
    brand = product.brand
    # StockX's search is fuzzy: the only hit has another style code.
    add_dunk(stockx_connected, title="Nike Dunk Low DD1391-101 Lookalike", styleId="DD1391-100")
    counts, batch = run(client, sku="DD1391-101")
    product.refresh_from_db()
    assert product.stockx_product_id is None and product.name == "Our Dunk"
    assert product.brand == brand and product.retail_price is None
    assert not ProductVariant.objects.exists() and not MarketPrice.objects.exists()
    flag = product.enrichment_data["stockx_review"]
    assert flag["candidate"]["styleId"] == "DD1391-100" and flag["batch"] == batch.pk
    record = batch.records.get()
    assert record.status == ImportRecord.Status.REVIEW
    assert "unsicherer Treffer" in record.validation_errors[0]["reason"]
    assert "DD1391-100" in record.validation_errors[0]["reason"]
    assert counts["review"] == 1 and counts["updated"] == 0
    # Only the search was asked; nothing of the candidate was fetched.
    assert not stockx_connected.api_calls(
        path=f"/catalog/products/{flag['candidate']['productId']}"
    )


def test_gtin_leading_to_another_style_is_queued(stockx_connected, client):
    product = make_product(sku="ZZ0000-001", style_code="ZZ0000-001", ean="195866000010")
    add_dunk(stockx_connected)
    counts, _ = run(client, ean="195866000010")
    product.refresh_from_db()
    assert counts["review"] == 1 and product.stockx_product_id is None
    assert "stockx_review" in product.enrichment_data


def test_missing_enriches_products_in_stock_without_a_stockx_id(stockx_connected, client):
    in_stock = make_product(sku="DD1391-100", style_code="DD1391-100")
    make_stock(product=in_stock)
    sold_only = make_product(sku="SOLD-1", style_code="SOLD-1")
    make_stock(product=sold_only, status=StockStatus.SOLD)
    unknown = make_product(sku="NOPE-1", style_code="NOPE-1")
    make_stock(product=unknown)
    add_dunk(stockx_connected)
    waiting = make_product(sku="WAIT-1", enrichment_data={"stockx_review": {"query": "WAIT-1"}})
    make_stock(product=waiting)
    counts, batch = run(client, missing=True)
    assert counts["total"] == 2 and counts["updated"] == 1 and counts["not_found"] == 1
    queries = {r.query["query"] for r in stockx_connected.api_calls("GET", "/catalog/search")}
    assert queries == {"DD1391-100", "NOPE-1"}
    assert batch.records.get(processed_data__order_number="NOPE-1").validation_errors


def test_failure_stops_the_run(stockx_connected, client):
    make_product(sku="DD1391-100", style_code="DD1391-100")
    add_dunk(stockx_connected)
    stockx_connected.fail_next(400)
    counts, batch = run(client, sku="DD1391-100")
    batch.refresh_from_db()
    assert counts["error"] and batch.status == "failed"
    assert not StockXSync.objects.get(kind="catalog").succeeded


def test_command_exit_codes(stockx_connected, capsys):
    make_product(sku="DD1391-100", style_code="DD1391-100")
    add_dunk(stockx_connected)
    call_command("stockx_enrich", "--sku", "DD1391-100")
    assert "Produkte: 1; 0 angelegt, 1 ergänzt" in capsys.readouterr().out
    with pytest.raises(SystemExit) as exit_info:
        call_command("stockx_enrich", "--sku", "UNKNOWN-1")
    assert exit_info.value.code == 1
    with pytest.raises(SystemExit) as exit_info:
        call_command("stockx_enrich", "--ean", "12")
    assert exit_info.value.code == 1


def test_bad_barcodes_are_rejected_not_a_failed_sync(stockx_connected, client):
    counts, batch = run(client, ean="12")
    assert counts["rejected"] == 1 and "8 bis 14 Ziffern" in str(
        batch.records.get().validation_errors
    )
    assert not stockx_connected.requests  # never sent
    stockx_connected.fail_next(400)  # StockX refuses a well-formed barcode
    counts, batch = run(client, ean="12345678")
    assert counts["rejected"] == 1 and "von StockX abgelehnt" in str(
        batch.records.get().validation_errors
    )
    assert batch.status == "completed" and StockXSync.objects.get(kind="catalog").succeeded


def test_nightly_task(stockx_fake):
    assert enrich_missing_task.apply().get() is None  # not connected: skipped
    from soleflip.stockx import connection

    connection.store_credentials(
        client_id=stockx_fake.client_id,
        client_secret=stockx_fake.client_secret,
        api_key=stockx_fake.api_key,
        refresh_token=stockx_fake.refresh_token,
    )
    make_stock(product=make_product(sku="DD1391-100", style_code="DD1391-100"))
    add_dunk(stockx_fake)
    assert enrich_missing_task.apply().get()["updated"] == 1


def test_retail_price_entered_here_is_kept(stockx_connected, client):
    product = make_product(sku="DD1391-100", style_code="DD1391-100", retail_price=D("119.99"))
    add_dunk(stockx_connected)
    run(client, sku="DD1391-100")
    product.refresh_from_db()
    assert product.retail_price == D("119.99") and product.stockx_product_id


def test_review_row_shows_on_the_imports_page(stockx_connected, client, owner):
    make_product(sku="DD1391-101", style_code="DD1391-101")
    add_dunk(stockx_connected, title="Nike Dunk Low DD1391-101 Lookalike", styleId="DD1391-100")
    _, batch = run(client, sku="DD1391-101")
    browser = Client()
    browser.force_login(owner)
    page = browser.get(reverse("imports:batch-detail", args=[batch.pk]), {"status": "review"})
    assert page.status_code == 200
    assert "Zu prüfen".encode() in page.content and b"unsicherer Treffer" in page.content
