"""Celery tasks of the retailer feeds: thin entry points. The nightly download of the feed
URL (beat, soleflip/celery.py; it runs only when the Owner switched it on), and looking an
unmatched offer up on StockX from the feed page."""

import logging

from celery import shared_task
from django.conf import settings
from django.utils import translation

from soleflip.core.models import ImportBatch, User
from soleflip.lib.rows import ImportFileError

from . import feeds
from .feed_models import SourcePrice

log = logging.getLogger(__name__)


@shared_task(name="pricing.import_feed_url")
def import_feed_url_task(force: bool = False, user_id: int | None = None) -> str:
    """Download and import the stored feed URL: nightly when switched on, or at once
    (`force`, "Download and import" on the settings page)."""
    config = feeds.url_settings()
    if not config.url or not (force or config.scheduled):
        return "skipped: no URL or switched off"
    batches = ImportBatch.objects.filter(source_type=feeds.SOURCE)
    batches.expire_stale()
    if batches.running().exists():
        log.info("Retailer feed import skipped: another feed import is running")
        return "skipped: another feed import is running"
    user = User.objects.filter(pk=user_id).first() if user_id else None
    with translation.override(user.language if user else settings.LANGUAGE_CODE):
        try:
            batch = feeds.import_feed_from_url(user=user)
        except ImportFileError as exc:
            return f"skipped: {exc}"
    return f"batch {batch.pk}: {batch.status}"


@shared_task(name="pricing.look_up_offer")
def look_up_offer_task(offer_id: int, language: str | None = None) -> dict | None:
    """Look an offer's EAN (else its style code) up on StockX with the catalog
    enrichment; then match the unmatched offers with that EAN or style code again."""
    from soleflip.stockx.client import StockXNotConnected, get_client
    from soleflip.stockx.enrich import enrich

    offer = SourcePrice.objects.filter(pk=offer_id).first()
    if offer is None:
        return None
    try:
        client = get_client()
    except StockXNotConnected as exc:
        log.info("StockX look-up of an offer skipped: %s", exc.message)
        return None
    batch = ImportBatch.objects.create(
        source_type=ImportBatch.Source.STOCKX_CATALOG, source_file="StockX API"
    )
    with translation.override(language or settings.LANGUAGE_CODE):
        if offer.ean:
            counts = enrich(client=client, batch=batch, ean=offer.ean)
        else:
            counts = enrich(client=client, batch=batch, sku=offer.style_code)
        counts["rematched"] = feeds.rematch_around(offer)
    return counts
