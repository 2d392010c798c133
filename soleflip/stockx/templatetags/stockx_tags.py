from django import template

from soleflip.stockx import asks, connection
from soleflip.stockx.enrich import REVIEW_KEY

register = template.Library()


@register.inclusion_tag("stockx/_ask_panel.html", takes_context=True)
def stockx_asks(context, item, recommendation=None):
    """The StockX panel of a pair's page: its asks and, when connected, the forms. The
    price recommendation (pricing/recommend.py), when it is for StockX, is what the forms
    offer; else the latest market data."""
    recommended = None
    market = getattr(recommendation, "marketplace", None)  # "" when the page has none
    if market is not None and market.slug == "stockx":
        recommended = recommendation.price
    return {
        "item": item,
        "asks": list(asks.live_asks(item)),
        "connected": connection.status() == connection.Status.CONNECTED,
        "recommended": recommended,
        "suggested": recommended or asks.suggested_price(item),
        "perms": context.get("perms"),
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("stockx/_catalog_panel.html", takes_context=True)
def stockx_catalog(context, product):
    """A product's StockX link, its review (a weak match waiting), and the actions."""
    return {
        "product": product,
        "review": product.enrichment_data.get(REVIEW_KEY),
        "connected": connection.status() == connection.Status.CONNECTED,
        "perms": context.get("perms"),
        "csrf_token": context.get("csrf_token"),
    }
