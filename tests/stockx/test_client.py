"""The StockX client against the local fake: tokens, retries, limits, paging, errors."""

import time

import pytest
from django.db import connection as db

from soleflip.core.models import SystemConfig
from soleflip.stockx import connection
from soleflip.stockx.client import (
    StockXAuthError,
    StockXBudgetExceeded,
    StockXError,
    StockXNotConnected,
    StockXNotFound,
    StockXRateLimited,
    get_client,
)
from soleflip.stockx.models import StockXState

from .fake_stockx import make_listing, make_order, make_product, make_variant

pytestmark = pytest.mark.django_db

HISTORY = "/selling/orders/history"


def state() -> StockXState:
    return connection.get_state()


def add_orders(fake, n: int) -> list[dict]:
    return [
        fake.add_order(
            make_order(
                orderNumber=f"{i:08d}-00000001", createdAt=f"2025-03-{1 + i % 28:02d}T10:00:00.000Z"
            )
        )
        for i in range(n)
    ]


def test_one_token_refresh_for_many_calls_and_clients(stockx_connected):
    fake = stockx_connected
    add_orders(fake, 1)
    for _ in range(3):
        get_client().get(HISTORY)
    assert fake.refresh_count == 1
    calls = fake.api_calls("GET", HISTORY)
    assert len(calls) == 3
    assert {c.headers["authorization"] for c in calls} == {
        f"Bearer {next(iter(fake.access_tokens))}"
    }
    assert {c.headers["x-api-key"] for c in calls} == {fake.api_key}
    # The refresh sent the audience and the stored refresh token.
    refresh = [f for f in fake.token_requests if f["grant_type"] == "refresh_token"]
    assert refresh[0]["audience"] == "gateway.stockx.com"
    assert refresh[0]["refresh_token"] == fake.refresh_token


def test_token_stored_encrypted_with_expiry(stockx_connected):
    get_client().get(HISTORY)
    with db.cursor() as cursor:
        cursor.execute('SELECT access_token FROM "integration"."stockx_state"')
        raw = cursor.fetchone()[0]
    token = next(iter(stockx_connected.access_tokens))
    assert token not in raw
    assert state().access_token == token
    assert 43100 < (state().token_expires_at - state().token_refreshed_at).total_seconds() <= 43200


def test_token_expiring_within_a_minute_is_refreshed(stockx_connected):
    fake = stockx_connected
    fake.expires_in = 61  # valid for one more second only
    client = get_client()
    client.get(HISTORY)
    time.sleep(1.1)
    client.get(HISTORY)
    assert fake.refresh_count == 2


def test_concurrent_refreshes_share_one_token(stockx_connected):
    """Threads (own DB connections) needing a token at once: one refresh, same token."""
    from concurrent.futures import ThreadPoolExecutor

    from soleflip.stockx.client import refresh_access_token

    credentials = connection.load_credentials()
    with ThreadPoolExecutor(6) as pool:
        tokens = list(pool.map(lambda _: refresh_access_token(credentials), range(6)))
    assert len(set(tokens)) == 1
    assert stockx_connected.refresh_count == 1


def test_rotated_refresh_token_is_kept(stockx_connected):
    fake = stockx_connected
    fake.rotate_refresh_tokens = True
    get_client().get(HISTORY)
    new = SystemConfig.objects.get_value("stockx_refresh_token")
    assert new != fake.refresh_token and new in fake.refresh_tokens
    assert state().access_token  # still cached after storing the new refresh token
    fake.revoke_tokens()
    get_client().get(HISTORY)  # the refresh uses the rotated token
    assert fake.refresh_count == 2


def test_401_refreshes_once_and_repeats(stockx_connected):
    fake = stockx_connected
    client = get_client()
    client.get(HISTORY)
    fake.revoke_tokens()  # StockX rejects the cached token before its expiry
    assert client.get(HISTORY)["orders"] == []
    assert fake.refresh_count == 2
    assert [c.headers["authorization"] for c in fake.api_calls()][1] != fake.api_calls()[2].headers[
        "authorization"
    ]
    assert not state().needs_reauth


def test_second_401_is_an_auth_error(stockx_connected):
    fake = stockx_connected
    client = get_client()
    client.get(HISTORY)
    # Every token, old and new, is refused from now on.
    fake.access_tokens = _Refusing()
    with pytest.raises(StockXAuthError):
        client.get(HISTORY)
    assert len(fake.api_calls()) == 3  # first call, the rejected call, one repeat
    assert fake.refresh_count == 2
    assert state().needs_reauth


class _Refusing(set):
    def __contains__(self, item):
        return False


def test_failed_refresh_needs_reauth_and_stops_syncing(stockx_connected):
    fake = stockx_connected
    fake.revoke_refresh_tokens()
    with pytest.raises(StockXAuthError) as excinfo:
        get_client().get(HISTORY)
    assert excinfo.value.status == 403
    assert "invalid_grant" in str(excinfo.value)
    assert fake.api_calls() == []
    assert state().needs_reauth
    assert "invalid_grant" in state().last_error
    assert connection.status() == connection.Status.NEEDS_REAUTH
    with pytest.raises(StockXNotConnected, match="neu autorisiert"):
        get_client()


def test_not_connected_without_credentials(stockx_fake):
    with pytest.raises(
        StockXNotConnected, match="fehlt: Client-ID, Client-Secret, API-Key, Refresh-Token"
    ):
        get_client()
    connection.store_credentials(client_id="x", client_secret="y", api_key="z")
    with pytest.raises(StockXNotConnected, match=r"fehlt: Refresh-Token\)"):
        get_client()


@pytest.mark.parametrize("retry_after", [None, "1"])
def test_429_backs_off_then_succeeds(stockx_connected, retry_after):
    fake = stockx_connected
    fake.fail_next(429, count=2, retry_after=retry_after)
    assert get_client().get(HISTORY)["count"] == 0
    calls = fake.api_calls()
    assert len(calls) == 3
    gaps = [b.at - a.at for a, b in zip(calls, calls[1:], strict=False)]
    if retry_after:
        assert min(gaps) >= 1.0  # Retry-After honoured
    else:
        # base 0.01 s doubling: 0.01, 0.02 (+ up to 10 % jitter)
        assert gaps[1] >= 0.02 and gaps[1] < 1.0


def test_429_gives_up_after_capped_attempts(stockx_connected):
    fake = stockx_connected
    fake.fail_next(429, count=10)
    with pytest.raises(StockXRateLimited):
        get_client().get(HISTORY)
    assert len(fake.api_calls()) == 5
    assert "429" in state().last_error


def test_retry_after_beyond_the_wait_cap_is_not_slept(stockx_connected, settings):
    fake = stockx_connected
    settings.STOCKX_MAX_RETRY_WAIT = 2.0
    fake.fail_next(429, retry_after="30")
    started = time.monotonic()
    with pytest.raises(StockXRateLimited):
        get_client().get(HISTORY)
    assert time.monotonic() - started < 2.0
    assert len(fake.api_calls()) == 1


@pytest.mark.parametrize("status", [500, 502, 503, 504])
def test_5xx_retried_on_get(stockx_connected, status):
    fake = stockx_connected
    fake.fail_next(status, count=2)
    assert get_client().get(HISTORY)["orders"] == []
    assert len(fake.api_calls()) == 3


def test_timeout_retried_on_get(stockx_connected, settings):
    fake = stockx_connected
    settings.STOCKX_TIMEOUT = 0.3
    fake.stall_next(1.0)
    assert get_client().get(HISTORY)["orders"] == []
    assert len(fake.api_calls()) == 2


def test_post_not_retried(stockx_connected):
    fake = stockx_connected
    fake.fail_next(503)
    with pytest.raises(StockXError) as excinfo:
        get_client().post("/selling/listings", json={"amount": "150", "variantId": "v1"})
    assert excinfo.value.status == 503
    assert len(fake.api_calls("POST")) == 1
    assert fake.listings == {}


def test_write_timeout_not_retried(stockx_connected, settings):
    fake = stockx_connected
    settings.STOCKX_TIMEOUT = 0.3
    listing = fake.add_listing(make_listing())
    fake.stall_next(1.0)
    with pytest.raises(StockXError, match="keine Antwort innerhalb von 0,3 s"):
        get_client().patch(f"/selling/listings/{listing['listingId']}", json={"amount": "150"})
    assert len(fake.api_calls("PATCH")) == 1


def test_post_429_not_retried(stockx_connected):
    fake = stockx_connected
    fake.fail_next(429)
    with pytest.raises(StockXRateLimited):
        get_client().delete("/selling/listings/abc")
    assert len(fake.api_calls()) == 1


@pytest.mark.parametrize("status", [400, 403, 404])
def test_client_errors_not_retried(stockx_connected, status):
    fake = stockx_connected
    client = get_client()
    if status == 400:
        call = lambda: client.get(HISTORY, {"fromDate": "14.03.2025"})  # noqa: E731
    elif status == 403:
        client._credentials = connection.Credentials(
            client_id=fake.client_id,
            client_secret=fake.client_secret,
            api_key="wrong",
            refresh_token=fake.refresh_token,
        )
        call = lambda: client.get(HISTORY)  # noqa: E731
    else:
        call = lambda: client.get("/selling/orders/00000000-00000000")  # noqa: E731
    with pytest.raises(StockXError) as excinfo:
        call()
    assert excinfo.value.status == status
    assert isinstance(excinfo.value, StockXNotFound) == (status == 404)
    assert len(fake.api_calls()) == 1


def test_error_message_from_json_or_text(stockx_connected):
    with pytest.raises(StockXNotFound) as excinfo:
        get_client().get("/selling/orders/1-2")
    assert excinfo.value.message == "Order not found"
    with pytest.raises(StockXError) as excinfo:
        get_client().get("/catalog/search", {"query": ""})
    assert str(excinfo.value) == "StockX 400: query must be 1-100 characters"


def test_error_message_from_plain_text_body(stockx_connected):
    stockx_connected.fail_next(502, count=5, body="<html>Bad gateway</html>")
    with pytest.raises(StockXError) as excinfo:
        get_client().get(HISTORY)
    assert str(excinfo.value) == "StockX 502: <html>Bad gateway</html>"
    assert "GET /selling/orders/history -> 502: <html>Bad gateway</html>" in state().last_error


def test_retry_after_as_http_date(stockx_connected):
    import email.utils

    fake = stockx_connected
    # An HTTP date has whole seconds: +3 s is at least 2 s away, whatever the rounding.
    fake.fail_next(429, retry_after=email.utils.formatdate(time.time() + 3, usegmt=True))
    get_client().get(HISTORY)
    first, second = fake.api_calls()
    assert second.at - first.at >= 1.0


def test_pages_until_last_page(stockx_connected):
    fake = stockx_connected
    orders = add_orders(fake, 250)
    got = list(get_client().pages(HISTORY, {"fromDate": "2025-03-01"}, "orders"))
    assert sorted(o["orderNumber"] for o in got) == sorted(o["orderNumber"] for o in orders)
    calls = fake.api_calls()
    assert [c.query["pageNumber"] for c in calls] == ["1", "2", "3"]
    assert {c.query["pageSize"] for c in calls} == {"100"}
    assert {c.query["fromDate"] for c in calls} == {"2025-03-01"}


def test_pages_stop_on_empty_page(stockx_connected, monkeypatch):
    fake = stockx_connected
    add_orders(fake, 100)
    # StockX claims more pages, but page 2 is empty: stop there instead of looping.
    real_page = fake._page

    def lying_page(items, query, key, **kwargs):
        return {**real_page(items, query, key, **kwargs), "hasNextPage": True}

    monkeypatch.setattr(fake, "_page", lying_page)
    got = list(get_client().pages(HISTORY, None, "orders"))
    assert len(got) == 100
    assert [c.query["pageNumber"] for c in fake.api_calls()] == ["1", "2"]


def test_daily_budget(stockx_connected, settings):
    fake = stockx_connected
    settings.STOCKX_DAILY_REQUEST_BUDGET = 3
    client = get_client()
    for _ in range(3):
        client.get(HISTORY)
    with pytest.raises(StockXBudgetExceeded, match="Tagesbudget von 3 Anfragen"):
        client.get(HISTORY)
    assert len(fake.api_calls()) == 3
    assert state().requests_on(connection.utc_today()) == 3
    assert "budget" in state().last_error


def test_budget_counts_retries_and_resets_next_utc_day(stockx_connected):
    fake = stockx_connected
    fake.fail_next(503)
    get_client().get(HISTORY)
    assert state().requests_on(connection.utc_today()) == 2
    with connection.state_cursor() as cursor:
        cursor.execute('UPDATE "integration"."stockx_state" SET budget_day = budget_day - 1')
    get_client().get(HISTORY)
    assert state().requests_on(connection.utc_today()) == 1


def test_state_survives_callers_rollback(stockx_connected):
    from django.db import transaction

    with pytest.raises(RuntimeError), transaction.atomic():
        get_client().get(HISTORY)
        raise RuntimeError("sync failed")
    assert state().requests_on(connection.utc_today()) == 1
    assert state().access_token


def test_listing_operation_flow(stockx_connected):
    fake = stockx_connected
    fake.pending_polls = 1
    product = fake.add_product(make_product())
    variant = make_variant(product, variantValue="10")
    fake.add_product(product, [variant])
    client = get_client()
    op = client.post(
        "/selling/listings",
        json={"amount": "165", "variantId": variant["variantId"], "currencyCode": "EUR"},
    )
    assert op["operationStatus"] == "PENDING" and op["operationType"] == "CREATE"
    path = f"/selling/listings/{op['listingId']}/operations/{op['operationId']}"
    assert client.get(path)["operationStatus"] == "PENDING"
    assert client.get(path)["operationStatus"] == "SUCCEEDED"
    listing = client.get(f"/selling/listings/{op['listingId']}")
    assert (listing["status"], listing["amount"], listing["currencyCode"]) == (
        "ACTIVE",
        "165",
        "EUR",
    )
    assert listing["product"]["styleId"] == "DD1391-100"
    assert listing["lastOperation"]["operationStatus"] == "SUCCEEDED"


def test_secrets_never_in_errors_or_repr(stockx_connected, caplog):
    fake = stockx_connected
    caplog.set_level("DEBUG")
    client = get_client()
    client.get(HISTORY)
    fake.revoke_refresh_tokens()
    fake.access_tokens = _Refusing()
    with pytest.raises(StockXAuthError) as excinfo:
        client.get(HISTORY)
    secrets = [fake.client_secret, fake.api_key, fake.refresh_token, fake.client_id]
    shown = " ".join(
        [
            str(excinfo.value),
            repr(client),
            repr(client._credentials),
            caplog.text,
            state().last_error,
        ]
    )
    shown += " ".join(SystemConfig.objects.values_list("description", flat=True))
    for secret in secrets:
        assert secret not in shown
    assert "fake-access-" not in shown


# --- the limiter across processes ---------------------------------------------------------

WORKER = """
import os, sys, time
os.environ["DJANGO_SETTINGS_MODULE"] = "soleflip.settings_test"
import django
django.setup()
from django.conf import settings
settings.DATABASES["default"]["NAME"] = os.environ["STOCKX_TEST_DB"]
from soleflip.stockx.client import get_client
name, count, start_at = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
client = get_client()
time.sleep(max(0.0, start_at - time.time()))
for i in range(count):
    client.get("/selling/orders/history", {"worker": name, "i": i})
"""


@pytest.mark.slow
@pytest.mark.django_db(transaction=True, available_apps=["soleflip.stockx"])
def test_one_request_per_second_across_two_worker_processes(stockx_fake, settings):
    """Two separate processes share the database limiter: together they never start two
    requests less than STOCKX_MIN_INTERVAL (1 s) apart, and only one refreshes the token."""
    import os
    import subprocess
    import sys

    fake = stockx_fake
    settings.STOCKX_MIN_INTERVAL = 1.0
    # The workers read the credentials from their own connections: commit them, undo at the end.
    connection.store_credentials(
        client_id=fake.client_id,
        client_secret=fake.client_secret,
        api_key=fake.api_key,
        refresh_token=fake.refresh_token,
    )
    env = {
        **os.environ,
        "STOCKX_TEST_DB": db.settings_dict["NAME"],
        "STOCKX_API_BASE_URL": fake.api_url,
        "STOCKX_AUTH_BASE_URL": fake.auth_url,
        "STOCKX_MIN_INTERVAL": "1.0",
    }
    start_at = str(time.time() + 4)
    try:
        workers = [
            subprocess.Popen([sys.executable, "-c", WORKER, name, "3", start_at], env=env)
            for name in ("a", "b")
        ]
        assert [w.wait(timeout=60) for w in workers] == [0, 0]
    finally:
        SystemConfig.objects.filter(key__in=connection.CREDENTIAL_KEYS.values()).delete()
    calls = sorted(fake.api_calls(), key=lambda c: c.at)
    assert len(calls) == 6
    assert {c.query["worker"] for c in calls} == {"a", "b"}
    # Both processes were sending during the same seconds (their requests interleave).
    order = [c.query["worker"] for c in calls]
    assert order != sorted(order)
    gaps = [b.at - a.at for a, b in zip(calls, calls[1:], strict=False)]
    assert min(gaps) >= 1.0, gaps
    assert fake.refresh_count == 1
    assert connection.get_state().requests_on(connection.utc_today()) == 6
