"""Price recommendations with worked examples: the floor (fees, output VAT, § 25a, margin),
each strategy, rule priority, brand multiplier, age step, price points, and the floor
holding against all of them. StockX level 1 in the seeded rules: 9 % (at least 5 €) + 3 %.
"""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.core.management import call_command
from django.utils import timezone

from catalog.models import Brand
from pricing.models import BrandMultiplier, MarketPrice, PriceRule
from pricing.recommend import Recommender, market_data, recommend_all, round_to_point
from sales.models import Marketplace
from sales.profit import output_vat
from tests.factories import make_product, make_size, make_stock

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def pair():
    product = make_product(
        name="Air Jordan 1 Retro High OG", brand=Brand.objects.get(name="Jordan")
    )
    return make_stock(
        product=product, size=make_size(), status="listed", purchase_date=TODAY - timedelta(days=10)
    )


def market(pair, *, ask="140", bid="120", faster="139", days_old=3):
    MarketPrice.objects.create(
        product=pair.product, size=pair.size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=TODAY - timedelta(days=days_old), currency="EUR", lowest_ask=D(ask) if ask else None,
        highest_bid=D(bid) if bid else None, sell_faster=D(faster) if faster else None,
    )  # fmt: skip


def rule(**fields):
    fields.setdefault("name", "Test")
    fields.setdefault("rule_type", "market")
    fields.setdefault("effective_from", date(2022, 1, 1))
    return PriceRule.objects.create(**fields)


def recommend(pair):
    (rec,) = recommend_all([pair], TODAY)
    return rec


def test_the_floor_covers_cost_and_fees(pair):
    rec = recommend(pair)  # cost 100.00 net, no rule, no market data: cost plus 20 %
    assert rec.floor == D("113.64")  # 113.64 - 10.23 - 3.41 = 100.00; 113.63 pays 99.99
    assert rec.steps[0] == "Boden 113,64 € = Kosten 100,00 € + Gebühren 13,64 € + Marge 0,00 €"
    assert rec.price == D("120.00") and "Kosten plus 20 % → 120,00 €" in rec.explanation


def test_the_minimum_margin_raises_the_floor(pair):
    rule(rule_type="cost_plus", minimum_margin_percent=D("10"), base_markup_percent=D("5"))
    rec = recommend(pair)
    assert rec.floor == D("125.00")  # payout 110.00 = cost + 10 %
    assert (
        rec.price == D("125.00") and "unter dem Boden → 125,00 €" in rec.explanation
    )  # 105 < floor


def test_without_a_rule_the_market_sell_faster_price(pair):
    market(pair)
    rec = recommend(pair)
    assert rec.price == D("139.00")
    assert "Markt Sell-Faster 139,00 € (3 Tage alt)" in rec.explanation


def test_stale_market_data_is_said(pair):
    market(pair, days_old=12)
    assert "(veraltet)" in recommend(pair).explanation


def test_a_position_between_bid_and_ask(pair):
    market(pair)
    rule(market_position=D("60"))
    assert recommend(pair).price == D("132.00")  # 120 + 60 % of 20


def test_undercutting_bounded_by_the_maximum_discount(pair):
    market(pair)
    rule(rule_type="competitive", undercut_percent=D("2"), maximum_discount_percent=D("1"))
    assert recommend(pair).price == D("138.60")  # 2 % would be 137.20; at most 1 % off 140
    PriceRule.objects.all().delete()
    rule(rule_type="competitive", undercut_amount=D("1.50"))
    assert recommend(pair).price == D("138.50")


def test_the_lowest_priority_number_wins_and_rules_match_brand_and_category(pair):
    market(pair)
    rule(name="All", market_position=D("0"), priority=200)
    rule(name="Jordan", market_position=D("50"), priority=100, brand=pair.product.brand)
    rule(
        name="Other brand",
        market_position=D("100"),
        priority=10,
        brand=Brand.objects.get(name="ASICS"),
    )
    rec = recommend(pair)
    assert rec.rule.name == "Jordan" and rec.price == D("130.00")
    assert "Regel „Jordan“" in rec.explanation


def test_the_brand_multiplier(pair):
    market(pair)
    rule(market_position=D("60"))
    BrandMultiplier.objects.create(
        brand=pair.product.brand, multiplier_value=D("1.05"), effective_from=date(2022, 1, 1)
    )
    rec = recommend(pair)
    assert rec.price == D("138.60") and "Marke Jordan × 1,05 → 138,60 €" in rec.explanation


def test_old_pairs_move_toward_the_bid(pair):
    market(pair)
    rule(market_position=D("100"), age_days=60, aged_market_position=D("25"))
    assert recommend(pair).price == D("140.00")  # 10 days in stock
    pair.purchase_date = TODAY - timedelta(days=75)
    pair.save()
    rec = recommend(pair)
    assert rec.price == D("125.00") and "75 Tage im Bestand (ab 60)" in rec.explanation


@pytest.mark.parametrize(
    "price, rounding, nearest, up",
    [
        ("132.00", "ends_9", "129.00", "139.00"),
        ("134.10", "ends_9", "139.00", "139.00"),
        ("132.00", "ends_5", "130.00", "135.00"),
        ("132.40", "whole", "132.00", "133.00"),
        ("132.40", "none", "132.40", "132.40"),
    ],
)
def test_price_points(price, rounding, nearest, up):
    assert round_to_point(D(price), rounding) == D(nearest)
    assert round_to_point(D(price), rounding, up=True) == D(up)


def test_rounding_never_goes_below_the_floor(pair):
    market(pair, ask="118", bid="100")
    rule(market_position=D("0"), rounding="ends_9")
    rec = recommend(pair)
    assert rec.floor == D("113.64") and rec.price == D("119.00")  # bid 100 → floor → next 9
    assert rec.market_below_floor is False


def test_a_market_below_the_floor_is_said(pair):
    market(pair, ask="110", bid="95", faster="108")
    rec = recommend(pair)
    assert rec.price == D("113.64") and rec.market_below_floor
    assert "Markt liegt unter dem Boden (niedrigster Ask 110,00 €)" in rec.explanation


def test_the_margin_scheme_floor_on_ebay():
    """Bought privately for 100 € (§ 25a, no input VAT), priced for eBay (11 % + 0.35 €,
    margin marketplace): VAT is 19/119 of the margin, so the floor solves
    p - (0.11 p + 0.35) - (p - 100) x 19/119 >= 100."""
    pair = make_stock(tax_scheme="margin", purchase_price=D("100"), gross_purchase_price=D("100"),
                      vat_amount=D("0"), vat_rate=D("0"), status="in_stock")  # fmt: skip
    rule(
        rule_type="cost_plus",
        base_markup_percent=D("0"),
        marketplace=Marketplace.objects.get(slug="ebay"),
    )
    rec = recommend(pair)
    recommender = Recommender(TODAY)
    assert rec.marketplace.slug == "ebay" and rec.floor == D("115.54")
    assert rec.price == D("115.54")  # cost plus 0 % is below the floor
    ebay = recommender.schedule(rec.marketplace)

    def net(p):  # the VAT to the cent, as stored: 19/119 of the margin
        return (
            ebay.quote(p, TODAY).payout
            - output_vat(treatment="margin", gross_sale=p, cost=D(100))
            - 100
        )

    assert net(rec.floor) >= 0 > net(rec.floor - D("0.01"))
    assert "USt." in rec.steps[0]


def test_a_pair_without_cost_still_gets_the_market_price(pair):
    pair.purchase_price = pair.gross_purchase_price = None
    pair.save()
    market(pair)
    rec = recommend(pair)
    assert rec.floor is None and rec.price == D("139.00")
    assert "Einkaufskosten fehlen" in rec.explanation


def test_market_data_falls_back_to_any_size(pair):
    other = make_stock(product=pair.product, size=make_size(), status="listed")
    market(pair)
    found = market_data([other])
    assert (other.product_id, None) in found


def test_market_data_is_the_stockx_rows_of_current(pair):
    """market_data reads the product's newest day (over every marketplace) as current()."""
    goat = Marketplace.objects.get(slug="goat")
    other_size = make_stock(product=pair.product, size=make_size(), status="listed")
    no_longer = make_stock(product=make_product(), status="listed")
    market(pair, ask="150", days_old=9)  # an older day: not current
    market(pair, ask="140", days_old=2)
    market(other_size, ask="120", bid=None, faster=None, days_old=2)
    market(no_longer, ask="90", days_old=5)
    MarketPrice.objects.create(  # GOAT's day is newer: the product has no current StockX row
        product=no_longer.product, size=no_longer.size, marketplace=goat, currency="EUR",
        price_date=TODAY - timedelta(days=1), lowest_ask=D("95"),
    )  # fmt: skip
    found = market_data([pair, other_size, no_longer])
    current = MarketPrice.objects.current().filter(marketplace__slug="stockx")
    assert {key: m.lowest_ask for key, m in found.items() if key[1] is not None} == {
        (row.product_id, row.size_id): row.lowest_ask for row in current
    }
    assert found[(pair.product_id, pair.size_id)].price_date == TODAY - timedelta(days=2)
    assert found[(pair.product_id, None)].lowest_ask == D("120")  # the lowest of its sizes
    assert (no_longer.product_id, None) not in found


def test_the_command_lists_every_unsold_pair(pair, capsys):
    market(pair)
    make_stock(status="sold")
    call_command("recommend_prices")
    out = capsys.readouterr().out
    assert (
        "139,00 €" in out and "Sell-Faster" in out and out.count("\n") == 2
    )  # the pair and the summary
    call_command("recommend_prices", "--csv")
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].lstrip("\ufeff").startswith("Paar;") and ";139,00;" in lines[1]


def test_the_pair_page_shows_the_recommendation_and_prefills_the_stockx_ask(client, staff, pair):
    from django.urls import reverse

    market(pair)
    client.force_login(staff)
    page = client.get(reverse("inventory:stock-detail", args=[pair.pk])).content.decode()
    assert "Preisempfehlung" in page and "139,00 €" in page
    assert "<li>Boden 113,64 € = Kosten 100,00 €" in page
    sold = make_stock(status="sold")
    assert (
        "Preisempfehlung"
        not in client.get(reverse("inventory:stock-detail", args=[sold.pk])).content.decode()
    )


def test_a_market_rule_without_market_data_prices_at_cost_plus_not_at_the_floor(pair):
    rule(name="Undercut", rule_type="competitive", undercut_amount=D("1"))
    rec = recommend(pair)  # no market row: nothing to undercut
    assert rec.price == D("120.00") and rec.floor == D("113.64")
    assert "keine Marktdaten für diese Größe: Kosten plus 20 % → 120,00 €" in rec.explanation


def test_the_inventory_list_loads_its_recommendations_after_the_rows(client, owner, pair):
    from django.urls import reverse

    from tests.factories import make_stock

    sold = make_stock(status="sold")
    client.force_login(owner)
    page = client.get(reverse("inventory:stock-list"), {"status": ""}).content.decode()
    assert f'<span id="rec-{pair.pk}"></span>' in page  # the cell waits for its price
    assert f'id="rec-{sold.pk}"' not in page  # a sold pair has no recommendation
    assert f"/inventory/recommendations/?ids={pair.pk}" in page and 'hx-trigger="load"' in page
    answer = client.get(reverse("inventory:recommendations"), {"ids": f"{pair.pk},{sold.pk},x"})
    html = answer.content.decode()
    assert f'<span id="rec-{pair.pk}" hx-swap-oob="true" title="Boden 113,64 €' in html
    assert ">120,00 €</span>" in html and f"rec-{sold.pk}" not in html
