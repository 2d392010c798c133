"""Celery tasks for the StockX syncs: thin wrappers that make a batch and call the service.
Each one skips cleanly (logged, no batch) while StockX is not connected."""

import logging
from datetime import date

from celery import shared_task
from django.conf import settings
from django.utils import translation

from pricing.opportunities import check_offers
from pricing.repricing import check_asks
from soleflip.core.models import ImportBatch

from .client import StockXNotConnected, get_client
from .enrich import enrich
from .sync_listings import sync_listings
from .sync_orders import default_from_date, sync_orders

log = logging.getLogger(__name__)
# A run still marked importing after this long has died; a new one may start.


def _client(kind: str):
    try:
        return get_client()
    except StockXNotConnected as exc:
        log.info("StockX %s sync skipped: %s", kind, exc.message)
        return None


def new_batch(source: str) -> ImportBatch:
    return ImportBatch.objects.create(source_type=source, source_file="StockX API")


def _busy(source: str) -> bool:
    """Another run of this sync is still going (beat fires again before a long run ends)."""
    ImportBatch.objects.filter(source_type=source).expire_stale()
    running = ImportBatch.objects.filter(source_type=source).running().exists()
    if running:
        log.info("StockX %s sync skipped: the previous run is still going", source)
    return running


@shared_task(name="stockx.sync_orders")
def sync_orders_task(from_date: str | None = None, to_date: str | None = None) -> dict | None:
    """Orders created since `from_date` (default: a window before the last good run) plus
    every active order."""
    client = _client("orders")
    if client is None or _busy(ImportBatch.Source.STOCKX_ORDERS):
        return None
    start = date.fromisoformat(from_date) if from_date else default_from_date()
    end = date.fromisoformat(to_date) if to_date else None
    batch = new_batch(ImportBatch.Source.STOCKX_ORDERS)
    return sync_orders(client=client, batch=batch, from_date=start, to_date=end)


@shared_task(name="stockx.sync_listings")
def sync_listings_task() -> dict | None:
    client = _client("listings")
    if client is None or _busy(ImportBatch.Source.STOCKX_LISTINGS):
        return None
    return sync_listings(client=client, batch=new_batch(ImportBatch.Source.STOCKX_LISTINGS))


@shared_task(name="stockx.enrich_missing")
def enrich_missing_task() -> dict | None:
    """Nightly: every product in stock that has no StockX product id yet."""
    client = _client("catalog")
    if client is None or _busy(ImportBatch.Source.STOCKX_CATALOG):
        return None
    batch = new_batch(ImportBatch.Source.STOCKX_CATALOG)
    result = enrich(client=client, batch=batch, missing=True)
    check_asks()  # new market data: the repricing page's checks follow
    check_offers()  # … and the opportunities
    return result


@shared_task(name="stockx.enrich_product")
def enrich_product_task(
    product_id: int, accept: bool = False, language: str | None = None
) -> dict | None:
    """One product from its page: looked up by its style code, or (`accept`) given the
    StockX product its review proposed. The batch's notes are written in the language of
    the user who asked (`language`), else the default."""
    from catalog.models import Product

    client = _client("catalog")
    if client is None:
        return None
    product = Product.objects.get(pk=product_id)
    batch = new_batch(ImportBatch.Source.STOCKX_CATALOG)
    with translation.override(language or settings.LANGUAGE_CODE):
        if accept:
            result = enrich(client=client, batch=batch, accept=product)
        else:
            result = enrich(client=client, batch=batch, sku=product.sku)
    check_offers(product.source_prices.all())  # its new market data for the opportunities
    return result


@shared_task(name="stockx.enrich_code")
def enrich_code_task(code: str, language: str | None = None) -> dict | None:
    """A barcode or style code our catalog does not know (from "Should I buy?"): the
    product from StockX with its sizes and market data."""
    client = _client("catalog")
    if client is None:
        return None
    batch = new_batch(ImportBatch.Source.STOCKX_CATALOG)
    code = code.strip()
    with translation.override(language or settings.LANGUAGE_CODE):
        if code.isdigit():
            return enrich(client=client, batch=batch, ean=code)
        return enrich(client=client, batch=batch, sku=code)
