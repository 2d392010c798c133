"""Batch price updates against the local fake StockX: chunks of at most 100, polling until
the batch is done, per-item refusals, lost answers judged by reading the listings back,
StockX's item throttle kept in the database, and never a write sent twice."""

import threading
import time
from decimal import Decimal

import pytest
from django.db import transaction

from soleflip.stockx import batches, connection
from soleflip.stockx.batches import CHANGED, NOT_CHANGED, NOT_SENT, REFUSED, UNKNOWN
from soleflip.stockx.client import StockXError, get_client

from .fake_stockx import make_listing, make_variant
from .fake_stockx import make_product as api_product

pytestmark = pytest.mark.django_db
PATH = "/selling/batch/update-listing"


def forget_item_counts() -> None:
    with connection.state_cursor() as cursor:
        cursor.execute('DELETE FROM "core"."system_config" WHERE key = %s', [batches.THROTTLE_KEY])


@pytest.fixture(autouse=True)
def item_counts():
    """The item counts are committed on the client's own connection: reset around tests."""
    forget_item_counts()
    yield
    forget_item_counts()


@pytest.fixture
def fake(stockx_connected, settings):
    settings.STOCKX_BATCH_POLLS = 5
    settings.STOCKX_BATCH_POLL_INTERVAL = 0.0
    settings.STOCKX_BATCH_MAX_WAIT = 5.0
    return stockx_connected


def add_listings(fake, count: int, **overrides) -> list[str]:
    return [
        fake.add_listing(make_listing(amount="165", **overrides))["listingId"] for _ in range(count)
    ]


def posts(fake):
    return fake.api_calls("POST", PATH)


def assert_no_write_repeated(fake) -> None:
    """Every listing went out in one batch item at most, and nothing else was written."""
    sent = [item["listingId"] for call in posts(fake) for item in call.json["items"]]
    assert len(sent) == len(set(sent))
    assert not [r for r in fake.requests if r.method in ("PATCH", "PUT", "DELETE")]
    assert all(r.path == PATH for r in fake.requests if r.method == "POST")


def test_all_prices_change_in_one_batch(fake):
    ids = add_listings(fake, 3)
    results = batches.update_prices(get_client(), [(i, Decimal("149.50")) for i in ids])
    assert list(results) == ids
    assert {r.outcome for r in results.values()} == {CHANGED}
    [call] = posts(fake)
    assert call.json == {
        "items": [{"listingId": i, "amount": "149.5", "currencyCode": "EUR"} for i in ids]
    }
    batch_id = results[ids[0]].batch_id
    assert batch_id in fake.batches
    assert results[ids[0]] == batches.ItemResult(ids[0], CHANGED, Decimal("149.50"), "", batch_id)
    for listing_id in ids:
        listing = fake.listings[listing_id]
        assert listing["amount"] == "149.5"
        assert listing["lastOperation"]["operationType"] == "UPDATE"
        assert listing["lastOperation"]["operationStatus"] == "SUCCEEDED"
    assert_no_write_repeated(fake)


def test_refused_items_keep_stockx_reason_while_the_rest_change(fake):
    ids = add_listings(fake, 3)
    [inactive] = add_listings(fake, 1, status="INACTIVE")
    fake.refuse_listing(ids[1], "Amount is below the minimum ask of 25 EUR.")
    changes = [(i, Decimal("140")) for i in [*ids, inactive, "no-such-listing"]]
    results = batches.update_prices(get_client(), changes)
    assert results[ids[1]].outcome == REFUSED
    assert results[ids[1]].message == "Amount is below the minimum ask of 25 EUR."
    assert (results[inactive].outcome, results[inactive].message) == (
        REFUSED,
        "Listing is not active",
    )
    assert results["no-such-listing"].outcome == REFUSED
    assert results["no-such-listing"].message == "Listing not found"
    assert results[ids[0]].outcome == results[ids[2]].outcome == CHANGED
    assert fake.listings[ids[1]]["amount"] == "165"  # the old price stands
    assert fake.listings[ids[0]]["amount"] == "140"
    assert len(posts(fake)) == 1


def test_more_than_100_changes_go_out_in_several_batches_with_progress(fake):
    ids = add_listings(fake, 250)
    progress = []
    results = batches.update_prices(
        get_client(),
        [(i, Decimal("150")) for i in ids],
        on_progress=lambda done, total: progress.append((done, total)),
    )
    assert [len(call.json["items"]) for call in posts(fake)] == [100, 100, 50]
    assert progress == [(100, 250), (200, 250), (250, 250)]
    assert {r.outcome for r in results.values()} == {CHANGED}
    assert len({r.batch_id for r in results.values()}) == 3
    assert batches.items_today() == 250
    assert_no_write_repeated(fake)


def test_batch_status_is_polled_until_completed(fake):
    fake.batch_polls = 3
    ids = add_listings(fake, 4)
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert {r.outcome for r in results.values()} == {CHANGED}
    batch_id = results[ids[0]].batch_id
    status_reads = fake.api_calls("GET", f"{PATH}/{batch_id}")
    assert len(status_reads) == 4  # IN_PROGRESS three times, then COMPLETED
    assert fake.batches[batch_id].data["status"] == "COMPLETED"


def test_a_batch_unfinished_after_the_polls_is_unknown_until_settled(fake, settings):
    settings.STOCKX_BATCH_POLLS = 1
    fake.batch_polls = 3  # one poll works off a quarter of the items
    ids = add_listings(fake, 4)
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    outcomes = [results[i].outcome for i in ids]
    assert outcomes == [CHANGED, UNKNOWN, UNKNOWN, UNKNOWN]
    batch_id = results[ids[1]].batch_id
    assert batch_id and batch_id in results[ids[1]].message

    fake.finish_batches()
    settled = batches.settle(get_client(), batch_id, ids)
    assert {r.outcome for r in settled.values()} == {CHANGED}
    assert settled[ids[3]] == batches.ItemResult(ids[3], CHANGED, Decimal("150"), "", batch_id)
    assert batches.settle(get_client(), batch_id, ids) == settled  # only reads
    assert len(posts(fake)) == 1


def test_paged_batch_items_are_all_read(fake):
    fake.batch_items_page_size = 2
    ids = add_listings(fake, 5)
    fake.refuse_listing(ids[4], "Listing is locked.")
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert [results[i].outcome for i in ids] == [CHANGED] * 4 + [REFUSED]
    batch_id = results[ids[0]].batch_id
    assert len(fake.api_calls("GET", f"{PATH}/{batch_id}/items")) == 3


def test_lost_answer_after_stockx_took_the_batch_reads_the_new_prices(fake, settings):
    settings.STOCKX_TIMEOUT = 0.3
    ids = add_listings(fake, 3)
    fake.stall_next(1.5, after=True)  # StockX works the batch off, its answer never comes
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert {r.outcome for r in results.values()} == {CHANGED}
    assert all(fake.api_calls("GET", f"/selling/listings/{i}") for i in ids)
    assert len(posts(fake)) == 1
    assert_no_write_repeated(fake)


def test_lost_answer_before_stockx_took_the_batch_leaves_prices_not_changed(fake):
    ids = add_listings(fake, 2)
    fake.fail_next(503)
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    for listing_id in ids:
        result = results[listing_id]
        assert (result.outcome, result.batch_id) == (NOT_CHANGED, "")
        assert "165,00 €" in result.message
        assert fake.listings[listing_id]["amount"] == "165"
    assert len(posts(fake)) == 1
    assert fake.batches == {}


def test_lost_answer_and_unreadable_listing_is_unknown(fake):
    ids = add_listings(fake, 1)
    fake.fail_next(503, count=1 + 5)  # the POST, then every attempt of the read-back
    results = batches.update_prices(get_client(), [(ids[0], Decimal("150"))])
    assert results[ids[0]].outcome == UNKNOWN
    assert len(posts(fake)) == 1


def test_a_4xx_refuses_the_whole_batch_and_the_next_batch_still_goes(fake, settings):
    settings.STOCKX_BATCH_SIZE = 2
    ids = add_listings(fake, 3)
    fake.fail_next(400, body='{"statusCode": 400, "message": "items[1].amount is invalid"}')
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert [results[i].outcome for i in ids] == [REFUSED, REFUSED, CHANGED]
    assert "items[1].amount is invalid" in results[ids[0]].message
    assert fake.listings[ids[0]]["amount"] == "165"
    assert len(posts(fake)) == 2
    assert_no_write_repeated(fake)


def test_a_full_item_window_is_waited_out(fake, settings):
    settings.STOCKX_BATCH_ITEMS_PER_WINDOW = 2
    settings.STOCKX_BATCH_WINDOW_SECONDS = 0.4
    ids = add_listings(fake, 5)
    started = time.monotonic()
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert time.monotonic() - started >= 0.8  # two full windows waited out
    assert [len(call.json["items"]) for call in posts(fake)] == [2, 2, 1]
    assert {r.outcome for r in results.values()} == {CHANGED}


def test_a_window_full_for_longer_than_the_wait_leaves_the_rest_not_sent(fake, settings):
    settings.STOCKX_BATCH_ITEMS_PER_WINDOW = 2
    settings.STOCKX_BATCH_MAX_WAIT = 0.0
    ids = add_listings(fake, 5)
    progress = []
    results = batches.update_prices(
        get_client(), [(i, Decimal("150")) for i in ids], on_progress=lambda *a: progress.append(a)
    )
    assert [results[i].outcome for i in ids] == [CHANGED, CHANGED] + [NOT_SENT] * 3
    assert "2 Batch-Positionen pro 5 Minuten" in results[ids[2]].message
    assert fake.listings[ids[2]]["amount"] == "165"
    assert len(posts(fake)) == 1
    assert progress == [(2, 5), (5, 5)]


def test_the_daily_item_limit_stops_sending(fake, settings):
    settings.STOCKX_BATCH_SIZE = 2
    settings.STOCKX_BATCH_ITEMS_PER_DAY = 3
    ids = add_listings(fake, 5)
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert [results[i].outcome for i in ids] == [CHANGED] * 3 + [NOT_SENT] * 2
    assert "Tageslimit von StockX (3 Batch-Positionen)" in results[ids[3]].message
    assert [len(call.json["items"]) for call in posts(fake)] == [2, 1]
    assert batches.items_today() == 3

    again = batches.update_prices(get_client(), [(ids[4], Decimal("150"))])
    assert again[ids[4]].outcome == NOT_SENT
    assert len(posts(fake)) == 2


def test_item_counts_are_shared_and_survive_a_rollback(fake, settings):
    settings.STOCKX_BATCH_ITEMS_PER_DAY = 3
    with pytest.raises(RuntimeError), transaction.atomic():
        assert batches.reserve_items(2) == 2
        raise RuntimeError("the caller's transaction fails")
    assert batches.items_today() == 2
    assert batches.reserve_items(5) == 1  # what the day has left
    with pytest.raises(batches.BatchLimitReached) as caught:
        batches.reserve_items(1)
    assert caught.value.daily
    assert caught.value.free_at.hour == 0


def test_request_budget_used_up_mid_run(fake, settings):
    settings.STOCKX_BATCH_SIZE = 2
    settings.STOCKX_DAILY_REQUEST_BUDGET = 1  # the first POST takes the only request
    ids = add_listings(fake, 3)
    results = batches.update_prices(get_client(), [(i, Decimal("150")) for i in ids])
    assert [results[i].outcome for i in ids] == [UNKNOWN, UNKNOWN, NOT_SENT]
    batch_id = results[ids[0]].batch_id
    assert batch_id in fake.batches
    assert len(posts(fake)) == 1

    settings.STOCKX_DAILY_REQUEST_BUDGET = 100
    settled = batches.settle(get_client(), batch_id, ids[:2])
    assert {r.outcome for r in settled.values()} == {CHANGED}


def test_changes_are_checked_before_anything_is_sent(fake):
    [listing_id] = add_listings(fake, 1)
    with pytest.raises(ValueError):
        batches.update_prices(
            get_client(), [(listing_id, Decimal("1")), (listing_id, Decimal("2"))]
        )
    with pytest.raises(ValueError):
        batches.update_prices(get_client(), [(listing_id, Decimal("0"))])
    assert fake.requests == []


def test_the_fake_checks_batches_and_filters_items(fake):
    client = get_client()
    for body in ({"items": []}, {"items": [{"listingId": "x"}] * 101}, {"items": [{"amount": 1}]}):
        with pytest.raises(StockXError) as caught:
            client.post(PATH, json=body)
        assert caught.value.status == 400
    ids = add_listings(fake, 2)
    fake.refuse_listing(ids[0], "No.")
    status = client.post(PATH, json={"items": [{"listingId": i, "amount": "150"} for i in ids]})
    assert status["status"] == "QUEUED"
    done = client.get(f"{PATH}/{status['batchId']}")
    assert (done["status"], done["itemStatuses"]) == ("COMPLETED", {"FAILED": 1, "COMPLETED": 1})
    failed = client.get(f"{PATH}/{status['batchId']}/items", {"status": "FAILED"})["items"]
    assert [(item["listingInput"]["listingId"], item["error"]) for item in failed] == [
        (ids[0], "No.")
    ]


def test_concurrent_reservations_never_exceed_the_day(fake, settings):
    """Each reservation runs on its own connection, as in separate worker processes."""
    settings.STOCKX_BATCH_ITEMS_PER_DAY = 5
    outcomes = []

    def reserve():
        try:
            outcomes.append(batches.reserve_items(1))
        except batches.BatchLimitReached:
            outcomes.append(0)

    threads = [threading.Thread(target=reserve) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == [0] * 5 + [1] * 5
    assert batches.items_today() == 5


def test_the_fake_creates_and_deletes_in_batches(fake):
    client = get_client()
    product = api_product()
    variant = make_variant(product, variantValue="10")
    fake.add_product(product, [variant])
    [old] = add_listings(fake, 1)
    created = client.post(
        "/selling/batch/create-listing",
        json={"items": [{"variantId": variant["variantId"], "amount": "180", "quantity": 2}]},
    )
    [item] = client.get(f"/selling/batch/create-listing/{created['batchId']}/items")["items"]
    assert item["status"] == "COMPLETED"
    new = [row for row in fake.listings.values() if row["listingId"] != old]
    assert [(row["amount"], row["status"]) for row in new] == [("180", "ACTIVE")] * 2
    deleted = client.post("/selling/batch/delete-listing", json={"items": [{"listingId": old}]})
    assert (
        client.get(f"/selling/batch/delete-listing/{deleted['batchId']}")["status"] == "COMPLETED"
    )
    assert fake.listings[old]["status"] == "DELETED"
    with pytest.raises(StockXError) as caught:  # a batch id belongs to its kind
        client.get(f"/selling/batch/update-listing/{deleted['batchId']}")
    assert caught.value.status == 404
