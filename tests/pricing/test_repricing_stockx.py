"""Bulk repricing end to end against the local fake StockX: the batch listing endpoints,
an ask StockX refuses (keeps its old price and says why), a lost answer (StockX did or did
not take the batch), a batch that is not done in time and is asked about again later,
the stop switch of automatic repricing, and Accept on a pair's page with StockX."""

from datetime import date
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from pricing import repricing
from pricing.accept import accept
from pricing.models import PriceHistory, PriceRule
from sales.models import Listing, Marketplace
from soleflip.stockx import batches
from tests.factories import make_product, make_size, make_stock
from tests.stockx.conftest import stockx_connected, stockx_fake  # noqa: F401 (fixtures)
from tests.stockx.fake_stockx import make_listing

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast(settings, stockx_connected):  # noqa: F811
    settings.STOCKX_BATCH_POLLS = 3
    settings.STOCKX_BATCH_POLL_INTERVAL = 0.01
    settings.STOCKX_ASK_POLLS = 3
    settings.STOCKX_ASK_POLL_INTERVAL = 0.01
    return stockx_connected


def listed(fake, amount="150.00", n=1):
    """`n` listed pairs (cost 100,00 € net, no market data, no rule: recommended 120,00 €)
    with a live StockX ask each, known to the fake and to us."""
    stockx = Marketplace.objects.get(slug="stockx")
    asks = []
    for _ in range(n):
        pair = make_stock(product=make_product(), size=make_size(), status="listed")
        data = fake.add_listing(make_listing(amount=format(D(amount).normalize(), "f")))
        asks.append(
            Listing.objects.create(
                inventory_item=pair,
                marketplace=stockx,
                external_id=data["listingId"],
                status="active",
                amount=D(amount),
                currency="EUR",
            )  # fmt: skip
        )
    return asks


def run_of(asks, user=None):
    return repricing.apply_run(repricing.start_run([a.pk for a in asks], user=user))


def test_a_bulk_run_changes_every_ask_through_one_batch(fast, owner):
    asks = listed(fast, n=3)
    run = run_of(asks, owner)
    [post] = fast.api_calls("POST", "/selling/batch/update-listing")
    assert sorted(item["amount"] for item in post.json["items"]) == ["120", "120", "120"]
    assert {item["currencyCode"] for item in post.json["items"]} == {"EUR"}
    assert run.status == "done" and run.counts()["changed"] == 3 and run.done == 3
    for ask in asks:
        ask.refresh_from_db()
        assert ask.amount == D("120.00")
        assert fast.listings[ask.external_id]["amount"] == "120"
    history = PriceHistory.objects.filter(inventory_item=asks[0].inventory_item).get()
    assert (history.previous_amount, history.price_amount, history.changed_by) == (
        D("150.00"),
        D("120.00"),
        owner,
    )
    assert history.reason == "Empfehlung" and history.source == "stockx_batch"
    assert run.items.first().stockx_batch_id


def test_more_than_a_batch_goes_in_batches_of_the_limit(fast, settings):
    settings.STOCKX_BATCH_SIZE = 2
    run = run_of(listed(fast, n=5))
    assert len(fast.api_calls("POST", "/selling/batch/update-listing")) == 3
    assert run.counts()["changed"] == 5


def test_a_refused_ask_keeps_its_old_price_and_says_why(fast):
    refused, fine = listed(fast, n=2)
    fast.refuse_listing(refused.external_id, "Ask below the minimum for this product.")
    run = run_of([refused, fine])
    item = run.items.get(listing=refused)
    assert item.outcome == "refused" and item.message == "Ask below the minimum for this product."
    refused.refresh_from_db(), fine.refresh_from_db()
    assert refused.amount == D("150.00") and fine.amount == D("120.00")
    assert not PriceHistory.objects.filter(inventory_item=refused.inventory_item).exists()
    assert fast.listings[refused.external_id]["amount"] == "150"


def test_a_lost_answer_after_stockx_took_the_batch_counts_as_changed(fast, settings):
    settings.STOCKX_TIMEOUT = 0.5
    [ask] = listed(fast)
    fast.stall_next(1.5, after=True)  # StockX works the batch off, the answer comes too late
    run = run_of([ask])
    assert run.items.get().outcome == "changed"
    ask.refresh_from_db()
    assert ask.amount == D("120.00")
    assert len(fast.api_calls("POST", "/selling/batch/update-listing")) == 1  # never resent


def test_a_lost_answer_before_stockx_took_it_keeps_the_old_price(fast):
    [ask] = listed(fast)
    fast.fail_next(503)  # the POST fails before StockX acts
    run = run_of([ask])
    item = run.items.get()
    assert item.outcome == "not_changed" and "150,00 €" in item.message
    ask.refresh_from_db()
    assert ask.amount == D("150.00") and not PriceHistory.objects.exists()
    assert len(fast.api_calls("POST", "/selling/batch/update-listing")) == 1


def test_a_batch_not_done_in_time_is_asked_about_again(fast, settings):
    settings.STOCKX_BATCH_POLLS = 0  # we do not wait for it
    fast.batch_polls = 5  # StockX is slow
    [ask] = listed(fast)
    run = run_of([ask])
    item = run.items.get()
    assert item.outcome == "unknown" and item.stockx_batch_id
    ask.refresh_from_db()
    assert ask.amount == D("150.00")
    fast.finish_batches()
    assert repricing.settle_unknown(run) == 1
    item.refresh_from_db(), ask.refresh_from_db()
    assert item.outcome == "changed" and ask.amount == D("120.00")
    assert repricing.settle_unknown(run) == 0  # settled once, never twice
    assert PriceHistory.objects.count() == 1


def test_the_run_page_asks_stockx_again(fast, settings, client, staff):
    settings.STOCKX_BATCH_POLLS = 0
    fast.batch_polls = 5
    run = run_of(listed(fast))
    fast.finish_batches()
    client.force_login(staff)
    page = client.get(reverse("pricing:repricing-run", args=[run.pk])).content.decode()
    assert "Frag StockX erneut" in page
    response = client.post(reverse("pricing:repricing-run-settle", args=[run.pk]), follow=True)
    assert "StockX hat sich zu 1 Angebot gemeldet." in response.content.decode()


def test_switching_automatic_repricing_off_stops_a_running_automatic_run(
    fast, settings, monkeypatch
):
    settings.STOCKX_BATCH_SIZE = 1
    rule = PriceRule.objects.create(
        name="Auto", rule_type="cost_plus", base_markup_percent=D("30"), automatic=True,
        effective_from=date(2022, 1, 1),
    )  # fmt: skip
    run = repricing.start_run([a.pk for a in listed(fast, n=3)], rule=rule)
    sent = []
    real = batches.update_prices

    def the_owner_pulls_the_switch_after_two_batches(client, changes, **kwargs):
        sent.append(changes)
        if len(sent) == 2:
            repricing.set_auto_enabled(False)
        return real(client, changes, **kwargs)

    monkeypatch.setattr(batches, "update_prices", the_owner_pulls_the_switch_after_two_batches)
    repricing.apply_run(run)
    run.refresh_from_db()
    counts = run.counts()
    assert run.status == "stopped" and counts["changed"] == 2 and counts["not_sent"] == 1
    assert run.finished_at is not None


def test_accept_with_stockx_changes_the_live_ask(fast, owner):
    [ask] = listed(fast)
    done = accept(ask.inventory_item, user=owner)
    assert done.message == "Der StockX-Ask ist jetzt 120,00 €." and not done.warning
    ask.refresh_from_db()
    ask.inventory_item.refresh_from_db()
    assert ask.amount == D("120.00") and ask.inventory_item.asking_price == D("120.00")
    history = PriceHistory.objects.get(inventory_item=ask.inventory_item)
    assert (history.previous_amount, history.reason) == (D("150.00"), "Empfehlung")


def test_accept_when_stockx_refuses_still_sets_the_asking_price(fast, owner):
    [ask] = listed(fast)
    fast.listing_outcome = "FAILED"
    done = accept(ask.inventory_item, user=owner)
    assert done.warning and "StockX" in done.message
    ask.refresh_from_db()
    ask.inventory_item.refresh_from_db()
    assert ask.amount == D("150.00") and ask.inventory_item.asking_price == D("120.00")


def test_accept_without_stockx_sets_only_the_asking_price(owner):
    pair = make_stock(product=make_product(), size=make_size(), status="in_stock")
    done = accept(pair, user=owner)
    assert "StockX ist nicht verbunden" in done.message
    pair.refresh_from_db()
    assert pair.asking_price == D("120.00") and not Listing.objects.exists()
    entry = PriceHistory.objects.get(inventory_item=pair)
    assert (entry.price_amount, entry.previous_amount, entry.changed_by, entry.source) == (
        D("120.00"),
        None,
        owner,
        "asking_price",
    )
    assert entry.price_date == timezone.localdate()
