"""Repricing with worked examples: which live asks need a look (above the lowest ask, below
the floor, unchanged for long), the change in payout and profit, runs on a marketplace
other than StockX, runs without a StockX connection, the floor guard, automatic rules and
their switch. StockX level 1 in the seeded rules: 9 % (at least 5 €) + 3 %; a pair that
cost 100,00 € net has the floor 113,64 € there (tests/pricing/test_recommend.py)."""

from datetime import date, timedelta
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from pricing import repricing
from pricing.models import (
    AskCheck,
    MarketPrice,
    PriceHistory,
    PriceRule,
    RepricingItem,
    RepricingRun,
)
from sales.models import Listing, Marketplace
from tests.factories import make_marketplace, make_product, make_size, make_stock

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


@pytest.fixture
def stockx():
    return Marketplace.objects.get(slug="stockx")


def ask(amount, *, market=None, status="listed", price_days=1, ask_status="active"):
    """A pair (cost 100,00 € net) with a live ask of `amount` whose price was set
    `price_days` ago."""
    market = market or Marketplace.objects.get(slug="stockx")
    pair = make_stock(product=make_product(), size=make_size(), status=status)
    return Listing.objects.create(
        inventory_item=pair,
        marketplace=market,
        external_id=f"ASK-{pair.pk}",
        status=ask_status,
        amount=D(amount),
        currency="EUR",
        listed_at=timezone.now() - timedelta(days=60),
        price_set_at=timezone.now() - timedelta(days=price_days),
    )


def market(listing, *, lowest="140", bid="120", faster="139"):
    pair = listing.inventory_item
    MarketPrice.objects.create(
        product=pair.product, size=pair.size, marketplace=Marketplace.objects.get(slug="stockx"),
        price_date=TODAY, currency="EUR", lowest_ask=D(lowest), highest_bid=D(bid),
        sell_faster=D(faster),
    )  # fmt: skip


def flags(listing):
    found = repricing.candidates().filter(pk=listing.pk).first()
    if found is None:
        return None
    return {name for name in ("above_market", "below_floor", "unchanged") if getattr(found, name)}


def test_an_ask_above_the_lowest_ask_is_a_candidate():
    above = ask("150.00")
    market(above)  # lowest ask 140
    assert repricing.check_asks() == 1
    check = AskCheck.objects.get(listing=above)
    assert (check.floor, check.lowest_ask, check.recommended) == (
        D("113.64"),
        D("140.00"),
        D("139.00"),  # no rule: the market's sell-faster price
    )
    assert flags(above) == {"above_market"}


def test_an_ask_below_the_floor_is_a_candidate():
    below = ask("110.00")  # floor 113,64 €: 110 pays 110 − 9,90 − 3,30 = 96,80 € < cost
    market(below)
    repricing.check_asks()
    assert flags(below) == {"below_floor"}


def test_an_ask_unchanged_for_long_is_a_candidate(settings):
    settings.PRICING_REPRICE_UNCHANGED_DAYS = 14
    old = ask("130.00", price_days=20)
    fresh = ask("130.00", price_days=3)
    market(old), market(fresh)
    repricing.check_asks()
    assert flags(old) == {"unchanged"}
    assert flags(fresh) is None  # under the lowest ask, above the floor, priced 3 days ago


def test_an_ask_never_repriced_counts_from_its_listing_day():
    listing = ask("130.00")
    Listing.objects.filter(pk=listing.pk).update(price_set_at=None)  # listed 60 days ago
    market(listing)
    repricing.check_asks()
    assert flags(listing) == {"unchanged"}


def test_sold_pairs_and_ended_asks_are_not_candidates():
    sold = ask("150.00", status="sold")
    ended = ask("150.00", ask_status="deleted")
    market(sold), market(ended)
    assert repricing.check_asks() == 0
    assert flags(sold) is None and flags(ended) is None


def test_a_check_of_an_ask_no_longer_live_goes():
    listing = ask("150.00")
    repricing.check_asks()
    Listing.objects.filter(pk=listing.pk).update(status="deleted")
    repricing.check_asks()
    assert not AskCheck.objects.exists()


def test_the_page_row_says_what_the_change_does_to_payout_and_profit():
    listing = ask("150.00")
    market(listing)
    [row] = repricing.rows_for([listing])
    assert row.new_price == D("139.00")
    # payout 150: 150 − 13,50 − 4,50 = 132,00; at 139: 139 − 12,51 − 4,17 = 122,32
    assert row.payout_change == D("-9.68")
    assert row.profit_change == D("-9.68")  # StockX sales carry no German output VAT


def test_on_a_domestic_marketplace_the_profit_change_is_after_output_vat():
    listing = ask("150.00", market=make_marketplace(output_vat="domestic"))  # no fee rules
    market(listing)
    [row] = repricing.rows_for([listing])
    assert (row.new_price, row.payout_change) == (D("139.00"), D("-11.00"))
    # output VAT 19/119: 23,95 € at 150 and 22,19 € at 139, so the profit falls by
    # 11,00 − 1,76 = 9,24 €
    assert row.profit_change == D("-9.24")


def test_a_run_takes_only_asks_with_a_new_price_and_names_the_rule(owner):
    PriceRule.objects.create(
        name="Dunks to 135", rule_type="cost_plus", base_markup_percent=D("35"),
        effective_from=date(2022, 1, 1),
    )  # fmt: skip
    moves, stays = ask("150.00"), ask("135.00")
    run = repricing.start_run([moves.pk, stays.pk], user=owner)
    [item] = run.items.all()
    assert (item.listing, item.old_amount, item.new_amount, item.floor, item.reason) == (
        moves,
        D("150.00"),
        D("135.00"),
        D("113.64"),
        "Dunks to 135",
    )
    assert run.total == 1 and run.created_by == owner


def test_a_run_with_nothing_to_change_is_refused():
    listing = ask("120.00")  # no market, no rule: cost plus 20 % = 120,00 €
    with pytest.raises(repricing.RepricingError, match="einen neuen empfohlenen Preis"):
        repricing.start_run([listing.pk])


def test_a_run_on_another_marketplace_changes_the_ask_here_and_keeps_the_history(owner):
    local = make_marketplace(name="Flohmarkt Süd")
    listing = ask("150.00", market=local)
    run = repricing.apply_run(repricing.start_run([listing.pk], user=owner))
    listing.refresh_from_db()
    assert listing.amount == D("120.00") and run.status == "done" and run.done == 1
    item = run.items.get()
    assert item.outcome == "changed"
    assert item.message == "hier geändert; ändere das Angebot auch auf Flohmarkt Süd"
    history = PriceHistory.objects.get(inventory_item=listing.inventory_item)
    assert (history.previous_amount, history.price_amount, history.changed_by, history.reason) == (
        D("150.00"),
        D("120.00"),
        owner,
        "Empfehlung",
    )
    listing.inventory_item.refresh_from_db()
    assert listing.inventory_item.asking_price == D("120.00")
    assert listing.price_set_at.date() == timezone.now().date()


def test_without_a_stockx_connection_stockx_asks_are_not_sent():
    listing = ask("150.00")
    run = repricing.apply_run(repricing.start_run([listing.pk]))
    item = run.items.get()
    assert item.outcome == "not_sent" and "StockX ist nicht eingerichtet" in item.message
    listing.refresh_from_db()
    assert listing.amount == D("150.00") and not PriceHistory.objects.exists()


def test_a_price_below_the_floor_is_never_sent():
    listing = ask("150.00", market=make_marketplace())
    run = repricing.start_run([listing.pk])
    # no fees there: the floor is the cost, 100,00 €
    RepricingItem.objects.filter(run=run).update(new_amount=D("99.00"))
    repricing.apply_run(run)
    item = run.items.get()
    assert item.outcome == "not_sent" and item.message == "unter dem Boden: nicht gesendet"
    listing.refresh_from_db()
    assert listing.amount == D("150.00")


def test_running_a_finished_run_again_changes_nothing():
    listing = ask("150.00", market=make_marketplace())
    run = repricing.apply_run(repricing.start_run([listing.pk]))
    repricing.apply_run(run)
    assert PriceHistory.objects.count() == 1


def automatic_rule(**fields):
    return PriceRule.objects.create(
        name="Auto cost plus", rule_type="cost_plus", base_markup_percent=D("30"),
        automatic=True, auto_interval_hours=24, effective_from=date(2022, 1, 1), **fields,
    )  # fmt: skip


def test_an_automatic_rule_runs_once_per_interval():
    rule = automatic_rule()
    listing = ask("150.00")
    [run] = repricing.auto_reprice()
    assert run.rule == rule and run.items.get().new_amount == D("130.00")
    assert run.items.get().listing == listing
    rule.refresh_from_db()
    assert rule.auto_last_run_at is not None
    assert repricing.auto_reprice() == []  # within 24 hours: not again
    PriceRule.objects.filter(pk=rule.pk).update(
        auto_last_run_at=timezone.now() - timedelta(hours=25)
    )
    assert len(repricing.auto_reprice()) == 1


def test_the_switch_stops_automatic_repricing():
    automatic_rule()
    ask("150.00")
    repricing.set_auto_enabled(False)
    assert repricing.auto_reprice() == []
    repricing.set_auto_enabled(True)
    assert len(repricing.auto_reprice()) == 1


def test_an_automatic_rule_leaves_asks_another_rule_prices():
    automatic_rule(priority=100)
    first = ask("150.00")
    PriceRule.objects.create(
        name="This brand first", rule_type="cost_plus", base_markup_percent=D("25"),
        priority=10, brand=first.inventory_item.product.brand, effective_from=date(2022, 1, 1),
    )  # fmt: skip
    assert repricing.auto_reprice() == []


def test_the_page_lists_candidates_with_reason_and_recommendation(client, staff):
    listing = ask("150.00")
    market(listing)
    repricing.check_asks()
    client.force_login(staff)
    page = client.get(reverse("pricing:repricing")).content.decode()
    assert "über dem niedrigsten Ask" in page and "139,00 €" in page and "-9,68 €" in page
    assert f'name="selected" value="{listing.pk}"' in page
    filtered = client.get(reverse("pricing:repricing"), {"why": "below_floor"})
    assert f'name="selected" value="{listing.pk}"' not in filtered.content.decode()


def test_apply_starts_a_run_and_its_page_shows_each_ask(client, staff):
    listing = ask("150.00", market=make_marketplace(name="eBay Test"))
    client.force_login(staff)
    response = client.post(reverse("pricing:repricing-apply"), {"selected": [listing.pk]})
    run = RepricingItem.objects.get(listing=listing).run
    assert response.url == reverse("pricing:repricing-run", args=[run.pk])
    page = client.get(response.url).content.decode()
    assert "150,00 €" in page and "120,00 €" in page and "eBay Test" in page


def test_apply_without_a_choice_says_so(client, staff):
    client.force_login(staff)
    response = client.post(reverse("pricing:repricing-apply"), follow=True)
    assert "Wähle zuerst die Angebote" in response.content.decode()


def test_the_dashboard_counts_the_asks_to_look_at(client, staff):
    listing = ask("150.00")
    market(listing)
    repricing.check_asks()
    client.force_login(staff)
    page = client.get(reverse("dashboard")).content.decode()
    assert "1 Angebot zu prüfen" in page and reverse("pricing:repricing") in page


def test_a_run_whose_worker_is_gone_can_be_resumed(client, staff, settings):
    listing = ask("150.00", market=make_marketplace())
    run = repricing.start_run([listing.pk])
    assert not run.stalled
    RepricingRun.objects.filter(pk=run.pk).update(
        status="running", created_at=timezone.now() - timedelta(hours=1),
        started_at=timezone.now() - timedelta(hours=1),
    )  # fmt: skip
    RepricingItem.objects.filter(run=run).update(updated_at=timezone.now() - timedelta(hours=1))
    run.refresh_from_db()
    assert run.stalled
    client.force_login(staff)
    assert (
        "Fortsetzen" in client.get(reverse("pricing:repricing-run", args=[run.pk])).content.decode()
    )
    client.post(reverse("pricing:repricing-run-resume", args=[run.pk]))  # eager in tests
    run.refresh_from_db()
    listing.refresh_from_db()
    assert run.status == "done" and listing.amount == D("120.00")
