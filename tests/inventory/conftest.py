# test_one_workflow.py drives the StockX API syncs too: their fake StockX fixtures.
from tests.stockx.conftest import stockx_connected, stockx_fake  # noqa: F401
