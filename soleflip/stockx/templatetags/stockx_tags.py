from django import template

from soleflip.stockx import asks, connection
from soleflip.stockx.enrich import REVIEW_KEY

register = template.Library()


@register.inclusion_tag("stockx/_ask_panel.html", takes_context=True)
def stockx_asks(context, item):
    """The StockX panel of a pair's page: its asks and, when connected, the forms."""
    return {
        "item": item,
        "asks": list(asks.live_asks(item)),
        "connected": connection.status() == connection.Status.CONNECTED,
        "suggested": asks.suggested_price(item),
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
