"""Celery task of the opportunities: a thin entry point to pricing/opportunities.py, and
the feed import's follow-up that rechecks the offers it wrote."""

from celery import shared_task

from . import feeds, opportunities
from .models import SourcePrice


@shared_task(name="pricing.check_offers", ignore_result=True)
def check_offers(offer_ids: list[int] | None = None, retailers: list[str] | None = None) -> int:
    """Each matched feed offer in stock against StockX's market: after a feed import (its
    retailers' offers), after StockX enrichment and every hour (all)."""
    if retailers is not None:
        offer_ids = list(
            SourcePrice.objects.filter(supplier_name__in=retailers).values_list("pk", flat=True)
        )
    return opportunities.check_offers(offer_ids)


@feeds.after_import
def check_imported_offers(*, batch, retailers: list[str]) -> None:
    """A committed feed import: its retailers' offers are checked again (in a worker)."""
    check_offers.delay(retailers=retailers)
