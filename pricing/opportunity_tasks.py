"""Celery task of the opportunities: a thin entry point to pricing/opportunities.py."""

from celery import shared_task

from . import opportunities


@shared_task(name="pricing.check_offers", ignore_result=True)
def check_offers(offer_ids: list[int] | None = None) -> int:
    """Each matched feed offer in stock against StockX's market: after a feed import (its
    offers), after StockX enrichment and every hour (all)."""
    return opportunities.check_offers(offer_ids)
