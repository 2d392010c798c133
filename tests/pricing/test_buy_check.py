""" "Should I buy?" (pricing.buy_check): a known product, an unknown EAN (the StockX look-up
offered), a price that is too high (said so, with the highest price that would do), the
margin scheme, slow sellers, the Owner's thresholds; and "Add purchase" prefilled."""

from datetime import timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from pricing.buy_check import Thresholds, check_purchase, set_thresholds, thresholds
from pricing.models import MarketPrice, SourcePrice
from sales.models import Marketplace, OrderStatus
from soleflip.analytics.refresh import refresh_analytics
from soleflip.stockx import connection
from tests.factories import make_order, make_product, make_size, make_stock

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
EAN = "0195244000000"


@pytest.fixture
def product():
    return make_product(name="Nike Dunk Low Panda", sku="DD1391-100", ean=EAN)


@pytest.fixture
def size():
    return make_size(display="US 10")


@pytest.fixture
def market(product, size):
    return MarketPrice.objects.create(
        product=product, size=size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=TODAY - timedelta(days=1), currency="EUR", highest_bid=D("160"),
        sell_faster=D("175"), lowest_ask=D("180"),
    )  # fmt: skip


def by_line(answer):
    return {(line.outcome.marketplace.slug, line.sold_now): line.outcome for line in answer.lines}


def test_a_known_product_at_a_good_price(product, size, market):
    make_stock(product=product, size=size, status="in_stock")
    make_stock(product=product, status="listed")
    answer = check_purchase(product=product, size=size, price=D("119.00"), delivery=D("4.00"))
    lines = by_line(answer)
    now, listed = lines[("stockx", True)], lines[("stockx", False)]
    assert (now.payout, now.net_profit, now.roi, now.margin) == (
        D("140.80"),
        D("37.44"),
        D("0.3622"),
        D("0.2340"),
    )
    assert (listed.payout, listed.net_profit) == (D("154.00"), D("50.64"))
    # Every active marketplace at the list price: local sales bear 19 % VAT.
    local = lines[("local", False)]
    assert local.output_vat == D("27.94") and local.net_profit == D("43.70")  # 175 − 27.94 − 103.36
    assert answer.best.outcome == listed  # the verdict rests on StockX's market
    profits = [line.outcome.net_profit for line in answer.lines]
    assert profits == sorted(profits, reverse=True)  # best first
    assert answer.verdict == "buy"
    # Listed on StockX: payout 154.00 covers a cost of 140.00 at 10 % ROI (profit 14.00 ≥
    # 10.00): 140.00 net = 166.60 gross, less 4.00 delivery.
    assert answer.max_price == D("162.60")
    assert (answer.held, answer.held_size, answer.market_age, answer.stale) == (2, 1, 1, False)


def test_a_price_too_high_says_so_with_the_highest_price_that_would_do(product, size, market):
    answer = check_purchase(product=product, size=size, price=D("175.00"), delivery=D("4.00"))
    assert answer.verdict == "too_expensive"
    assert answer.best.outcome.net_profit == D("3.58")  # 154.00 − 150.42
    assert answer.max_price == D("162.60")
    # 162.61 + 4.00 = 166.61 gross → 140.01 net: ROI 13.99 ÷ 140.01 = 9.99 %, too little.
    at_max = check_purchase(product=product, size=size, price=D("162.60"), delivery=D("4.00"))
    assert at_max.verdict == "buy"
    above = check_purchase(product=product, size=size, price=D("162.61"), delivery=D("4.00"))
    assert above.verdict == "too_expensive" and above.best.outcome.roi == D("0.0999")


def test_the_margin_scheme_from_a_private_seller(product, size, market):
    answer = check_purchase(product=product, size=size, price=D("100.00"), tax_scheme="margin")
    assert answer.pair.cost_basis == D("100.00")
    lines = by_line(answer)
    assert lines[("stockx", True)].net_profit == D("40.80")
    ebay = lines[("ebay", False)]  # § 25a: VAT on the margin of 75.00 only
    assert ebay.output_vat == D("11.97")


def test_no_market_data_for_the_size(product, size):
    answer = check_purchase(product=product, size=size, price=D("119.00"))
    assert answer.verdict == "no_market" and answer.lines == [] and answer.max_price is None


def test_slow_sellers_against_the_owners_maximum_days(product, size, market):
    for days in (80, 90, 100):
        make_order(
            inventory_item=make_stock(product=product, status="sold"), shelf_life_days=days,
            status=OrderStatus.COMPLETED, marketplace=Marketplace.objects.get(slug="stockx"),
        )  # fmt: skip
    refresh_analytics()
    set_thresholds(Thresholds(D("10.00"), D("0.10"), 60))
    answer = check_purchase(product=product, size=size, price=D("119.00"))
    assert (answer.sold, answer.days, answer.days_from) == (3, 90, "product")
    assert answer.verdict == "slow"


def test_stale_market_data_is_said(product, size, market):
    MarketPrice.objects.filter(pk=market.pk).update(price_date=TODAY - timedelta(days=12))
    answer = check_purchase(product=product, size=size, price=D("119.00"))
    assert answer.stale and answer.market_age == 12


def test_thresholds_default_and_saved():
    assert thresholds() == Thresholds(D("10.00"), D("0.10"), None)
    set_thresholds(Thresholds(D("25.50"), D("0.2"), 30))
    assert thresholds() == Thresholds(D("25.50"), D("0.2"), 30)


# --- the page ------------------------------------------------------------------------------


def test_the_page_answers_for_a_scanned_ean(client, staff, product, size, market):
    client.force_login(staff)
    url = reverse("pricing:buy-check")
    page = client.get(url, {"code": EAN, "size": size.pk, "price": "119,00", "delivery": "4"})
    text = page.content.decode()
    assert page.status_code == 200
    assert 'data-verdict="buy"' in text and "Kaufen." in text
    assert "140,80 €" in text and "+37,44 €" in text and "36,2 %" in text  # sold now
    assert "154,00 €" in text and "+50,64 €" in text and "49,0 %" in text  # listed
    assert "103,36 €" in text  # the cost basis
    assert f"/purchases/add/?code=DD1391-100&amp;size={size.pk}&amp;price=123.00" in text


def test_the_page_says_a_price_is_too_high(client, staff, product, size, market):
    client.force_login(staff)
    page = client.get(
        reverse("pricing:buy-check"),
        {"code": "dd1391-100", "size": size.pk, "price": "175,00", "delivery": "4,00"},
    )
    text = page.content.decode()
    assert 'data-verdict="too_expensive"' in text and "Zu teuer." in text
    assert "Höchstens 162,60 € pro Paar kaufen." in text


def test_a_style_code_needs_the_size(client, staff, product, size, market):
    client.force_login(staff)
    page = client.get(reverse("pricing:buy-check"), {"code": "DD1391-100", "price": "119"})
    assert page.status_code == 422
    assert "Größe wählen." in page.content.decode()


def test_an_unknown_ean_offers_the_stockx_look_up(client, staff):
    client.force_login(staff)
    url = reverse("pricing:buy-check")
    text = client.get(url, {"code": "4006381333931", "price": "100"}).content.decode()
    assert "nicht in unserem Katalog" in text
    assert "StockX ist nicht verbunden" in text and "Auf StockX suchen" not in text
    connection.store_credentials(
        client_id="id", client_secret="secret", api_key="key", refresh_token="token"
    )
    text = client.get(url, {"code": "4006381333931"}).content.decode()
    assert "Auf StockX suchen" in text


def test_an_ean_known_from_a_feed_offer(client, staff, product, size, market):
    SourcePrice.objects.create(
        product=product, size=size, source="awin", supplier_name="Snipes", ean="4006381333931",
        buy_price=D("119.00"), match="ean",
    )  # fmt: skip
    client.force_login(staff)
    page = client.get(reverse("pricing:buy-check"), {"code": "4006381333931", "price": "119"})
    assert 'data-verdict="buy"' in page.content.decode()


def test_the_look_up_without_a_connection_says_so(client, staff):
    client.force_login(staff)
    page = client.post(reverse("pricing:buy-check-stockx"), {"code": "4006381333931"}, follow=True)
    assert "StockX ist nicht verbunden" in page.content.decode()


def test_the_owner_sets_the_thresholds(client, owner):
    client.force_login(owner)
    page = client.get(reverse("pricing:buy-check"))
    assert "Schwellen (Owner)" in page.content.decode()
    assert 'name="min_profit" value="10,00"' in page.content.decode()
    client.post(
        reverse("pricing:buy-thresholds"), {"min_profit": "20,00", "min_roi": "15", "max_days": ""}
    )
    assert thresholds() == Thresholds(D("20.00"), D("0.15"), None)
    page = client.post(
        reverse("pricing:buy-thresholds"), {"min_profit": "abc", "min_roi": "15"}, follow=True
    )
    assert "nicht gespeichert" in page.content.decode()
    assert thresholds().min_profit == D("20.00")


def test_the_page_in_english(client, staff, product, size, market):
    staff.language = "en"
    staff.save()
    client.force_login(staff)
    text = client.get(
        reverse("pricing:buy-check"), {"code": EAN, "size": size.pk, "price": "119.00"}
    ).content.decode()
    assert "Should I buy?" in text and "Buy." in text and "€140.80" in text


def test_htmx_answers_the_fragment(client, staff, product, size, market):
    client.force_login(staff)
    page = client.get(
        reverse("pricing:buy-check"),
        {"code": EAN, "size": size.pk, "price": "119"},
        HTTP_HX_REQUEST="true",
    )
    text = page.content.decode()
    assert text.lstrip().startswith('<div id="answer">') and "<html" not in text


def test_add_purchase_takes_the_prefill(client, staff, product, size):
    client.force_login(staff)
    page = client.get(
        reverse("purchases:add"),
        {"code": "DD1391-100", "size": size.pk, "price": "123.00", "supplier": "Snipes"},
    )
    text = page.content.decode()
    assert 'value="123,00"' in text and 'value="Snipes"' in text
    assert f'name="qty_{size.pk}"' in text and 'value="1"' in text  # one pair of that size
    assert reverse("pricing:buy-check") + "?code=DD1391-100" in text
