"""Fixtures for everything that talks to StockX: a local fake server (fake_stockx.py) and
stored credentials for it. The shared state row (token, limiter, budget) is written through
its own committed connection, so it is reset before and after each test."""

import pytest

from soleflip.stockx import batches, connection

from .fake_stockx import FakeStockX


def reset_stockx_state() -> None:
    """The shared state row and the batch item counts (soleflip/stockx/batches.py), both
    written through the state connection, so committed whatever the test's transaction."""
    with connection.state_cursor() as cursor:
        cursor.execute('DELETE FROM "integration"."stockx_state"')
        cursor.execute('DELETE FROM "core"."system_config" WHERE key = %s', [batches.THROTTLE_KEY])


@pytest.fixture
def stockx_fake(db, settings):
    fake = FakeStockX().start()
    settings.STOCKX_API_BASE_URL = fake.api_url
    settings.STOCKX_AUTH_BASE_URL = fake.auth_url
    settings.STOCKX_MIN_INTERVAL = 0.01
    settings.STOCKX_RETRY_BASE_DELAY = 0.01
    settings.STOCKX_MAX_RETRY_WAIT = 5.0
    settings.STOCKX_TIMEOUT = 5.0
    reset_stockx_state()
    yield fake
    fake.stop()
    reset_stockx_state()


@pytest.fixture
def stockx_connected(stockx_fake):
    connection.store_credentials(
        client_id=stockx_fake.client_id,
        client_secret=stockx_fake.client_secret,
        api_key=stockx_fake.api_key,
        refresh_token=stockx_fake.refresh_token,
    )
    return stockx_fake
