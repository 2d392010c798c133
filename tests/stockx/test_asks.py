"""Listing a pair on StockX from its page (against the local fake StockX): the variant is
the pair's size, the operation is polled, success lists the pair, failure leaves it in
stock; price changes and deletes work the same way; writes are never repeated blindly."""

from decimal import Decimal

import pytest
from django.urls import reverse

from catalog.models import ProductVariant
from catalog.sizes import SizeResolver, parse_size
from inventory.models import StockEvent
from pricing.models import MarketPrice, PriceHistory
from sales.models import Listing, Marketplace
from soleflip.stockx import asks
from soleflip.stockx.client import get_client
from tests.factories import make_product, make_stock

from .fake_stockx import make_listing, make_variant
from .fake_stockx import make_product as api_product

pytestmark = pytest.mark.django_db
NAME = "Nike Dunk Low Retro White Black"


@pytest.fixture
def fast_polls(settings):
    settings.STOCKX_ASK_POLLS = 5
    settings.STOCKX_ASK_POLL_INTERVAL = 0.01


@pytest.fixture
def pair(stockx_connected, fast_polls):
    """A pair in US 10 of a product StockX knows with sizes 9.5, 10 and 10.5."""
    fake = stockx_connected
    product = api_product(styleId="DD1391-100", title=NAME)
    variants = [make_variant(product, variantValue=v) for v in ("9.5", "10", "10.5")]
    fake.add_product(product, variants)
    resolver = SizeResolver()
    size_id = resolver.id_for(parse_size("10", NAME))
    ours = make_product(name=NAME, sku="DD1391-100", stockx_product_id=product["productId"])
    item = make_stock(product=ours, size_id=size_id, status="in_stock")
    item.fake, item.variant_id = fake, variants[1]["variantId"]
    return item


def test_listing_uses_the_pairs_size_and_lists_it(pair, staff):
    listing = asks.create_ask(client=get_client(), item=pair, amount=Decimal("165.00"), user=staff)
    [call] = pair.fake.api_calls("POST", "/selling/listings")
    assert call.json == {"amount": "165", "variantId": pair.variant_id, "currencyCode": "EUR"}
    assert listing.status == Listing.Status.ACTIVE and listing.amount == Decimal("165.00")
    pair.refresh_from_db()
    assert pair.status == "listed" and pair.purchase_price == Decimal("100.00")  # cost untouched
    event = StockEvent.objects.filter(stock=pair).latest("id")
    assert (event.to_status, event.user) == ("listed", staff)
    assert pair.fake.listings[listing.external_id]["status"] == "ACTIVE"


def store_variant(pair):
    ProductVariant.objects.create(
        product=pair.product, size=pair.size, stockx_variant_id=pair.variant_id
    )


def test_a_stored_variant_is_used_without_asking_stockx(pair):
    store_variant(pair)
    asks.create_ask(client=get_client(), item=pair, amount=Decimal("150"))
    assert not pair.fake.api_calls(
        "GET", f"/catalog/products/{pair.product.stockx_product_id}/variants"
    )


def test_a_pending_operation_is_polled_until_it_succeeds(pair):
    pair.fake.pending_polls = 2
    listing = asks.create_ask(client=get_client(), item=pair, amount=Decimal("170"))
    assert listing.status == Listing.Status.ACTIVE
    assert len(pair.fake.api_calls("GET", None)) >= 3  # variants + 3 polls


def test_a_failed_operation_leaves_the_pair_in_stock(pair):
    pair.fake.listing_outcome = "FAILED"
    pair.fake.failure_message = "Ask is below the minimum price"
    with pytest.raises(asks.AskError, match="Ask is below the minimum price"):
        asks.create_ask(client=get_client(), item=pair, amount=Decimal("5"))
    pair.refresh_from_db()
    assert pair.status == "in_stock" and not Listing.objects.exists()


def test_a_product_without_stockx_id_or_size_is_refused_with_a_reason(pair):
    other = make_stock(product=make_product(name="Zephyr Runner", sku="ZR-1"))
    with pytest.raises(asks.AskError, match="hat noch kein StockX-Produkt"):
        asks.create_ask(client=get_client(), item=other, amount=Decimal("100"))
    odd = make_stock(product=pair.product, size_id=SizeResolver().id_for(parse_size("13", NAME)))
    with pytest.raises(asks.AskError, match="keine Variante von DD1391-100 in Größe"):
        asks.create_ask(client=get_client(), item=odd, amount=Decimal("100"))
    assert not pair.fake.api_calls("POST", "/selling/listings")


def test_a_lost_answer_is_read_back_not_repeated(pair):
    # StockX created the ask but the answer was lost (503): we find it instead of posting again.
    created = pair.fake.add_listing(
        make_listing(status="ACTIVE", amount="180", variant={"variantId": pair.variant_id})
    )
    store_variant(pair)
    pair.fake.fail_next(503)  # the next call is the POST
    listing = asks.create_ask(client=get_client(), item=pair, amount=Decimal("180"))
    assert listing.external_id == created["listingId"]
    assert len(pair.fake.api_calls("POST", "/selling/listings")) == 1


def test_a_lost_answer_with_nothing_created_says_so(pair):
    store_variant(pair)
    pair.fake.fail_next(503)
    with pytest.raises(asks.AskError, match="nichts wurde gelistet"):
        asks.create_ask(client=get_client(), item=pair, amount=Decimal("180"))
    assert len(pair.fake.api_calls("POST", "/selling/listings")) == 1


def test_change_price_and_delete(pair, staff):
    listing = asks.create_ask(client=get_client(), item=pair, amount=Decimal("165"), user=staff)
    asks.change_price(client=get_client(), listing=listing, amount=Decimal("159.50"), user=staff)
    listing.refresh_from_db()
    assert listing.amount == Decimal("159.50")
    # Every price change in the history: who, from what, to what, why.
    history = PriceHistory.objects.filter(inventory_item=pair).order_by("pk")
    assert [(h.previous_amount, h.price_amount, h.changed_by, h.reason) for h in history] == [
        (None, Decimal("165.00"), staff, "manuell"),
        (Decimal("165.00"), Decimal("159.50"), staff, "manuell"),
    ]
    assert pair.fake.listings[listing.external_id]["amount"] == "159.5"
    asks.take_down(client=get_client(), listing=listing)
    listing.refresh_from_db()
    pair.refresh_from_db()
    assert listing.status == Listing.Status.DELETED and pair.status == "in_stock"


def test_page_lists_a_pair_with_the_market_price_prefilled(pair, staff, client):
    MarketPrice.objects.create(
        product=pair.product,
        size=pair.size,
        marketplace=Marketplace.objects.get(slug="stockx"),
        price_date="2026-11-20",
        currency="EUR",
        lowest_ask=Decimal("171.00"),
        earn_more=Decimal("175.00"),
    )
    client.force_login(staff)
    page = client.get(reverse("inventory:stock-detail", args=[pair.pk])).content.decode()
    # Prefilled with the price recommendation (no rule: the market's lowest ask).
    assert "Auf StockX listen" in page and 'value="171.00"' in page
    assert "Vorausgefüllt mit der Preisempfehlung" in page
    response = client.post(reverse("stockx-asks:create", args=[pair.pk]), {"amount": "175"})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Auf StockX für 175,00 € gelistet" in page and "Preis ändern" in page
    # The new ask's price input carries the machine value, not the German "175,00".
    assert 'name="amount" class="form-control" inputmode="decimal" value="175.00"' in page


def test_page_shows_the_refusal(pair, staff, client):
    pair.fake.listing_outcome = "FAILED"
    pair.fake.failure_message = "Variant not eligible"
    client.force_login(staff)
    response = client.post(
        reverse("stockx-asks:create", args=[pair.pk]), {"amount": "175"}, follow=True
    )
    assert "StockX hat das Paar nicht gelistet: Variant not eligible" in response.content.decode()


def test_bad_price_names_the_value(pair, staff, client):
    client.force_login(staff)
    response = client.post(
        reverse("stockx-asks:create", args=[pair.pk]), {"amount": "abc"}, follow=True
    )
    assert "Preis: „abc“ ist kein Betrag" in response.content.decode()
    assert not pair.fake.api_calls("POST", "/selling/listings")


def test_price_with_a_decimal_comma_is_listed_as_typed(pair, staff, client):
    client.force_login(staff)
    client.post(reverse("stockx-asks:create", args=[pair.pk]), {"amount": "189,95"})
    [call] = pair.fake.api_calls("POST", "/selling/listings")
    assert call.json["amount"] == "189.95"


def test_ambiguous_price_is_not_sent(pair, staff, client):
    client.force_login(staff)
    response = client.post(
        reverse("stockx-asks:create", args=[pair.pk]), {"amount": "1.234"}, follow=True
    )
    assert "Preis: „1.234“ ist mehrdeutig" in response.content.decode()
    assert not pair.fake.api_calls("POST", "/selling/listings")


def test_viewer_cannot_list(pair, viewer, client):
    client.force_login(viewer)
    assert (
        client.post(reverse("stockx-asks:create", args=[pair.pk]), {"amount": "1"}).status_code
        == 403
    )
    page = client.get(reverse("inventory:stock-detail", args=[pair.pk])).content.decode()
    assert "List on StockX" not in page
