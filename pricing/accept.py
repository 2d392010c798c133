"""Accepting a pair's price recommendation on its page.

The recommended price becomes the pair's asking price (a row of pricing.price_history:
who, old and new price, the rule). When the recommendation is for StockX and StockX is
connected, the pair's StockX ask is changed to it, or, for a pair in stock without an
ask, one is created (soleflip/stockx/asks.py). Without a connection only the asking
price is set, and the message says the pair is not on StockX at that price.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from inventory.models import StockItem, StockStatus
from soleflip.lib.formats import format_euro
from soleflip.stockx import asks
from soleflip.stockx.client import StockXError, StockXNotConnected, get_client

from .models import PriceHistory
from .recommend import Recommender, market_data
from .repricing import reason_for


class AcceptError(Exception):
    """Why the recommendation could not be taken, in words for the page."""


@dataclass
class Accepted:
    message: str
    warning: bool = False


def accept(pair: StockItem, *, user=None, client_factory=get_client) -> Accepted:
    rec = Recommender(timezone.localdate()).recommend(pair, market_data([pair]))
    if rec.price is None:
        raise AcceptError(_("There is no recommendation for this pair: %(why)s") % {
            "why": rec.explanation
        })  # fmt: skip
    price, reason = rec.price, reason_for(rec)
    words = {"price": format_euro(price), "marketplace": rec.marketplace}
    if rec.marketplace.slug == "stockx":
        try:
            client = client_factory()
        except StockXNotConnected:
            set_asking_price(pair, price, user=user, reason=reason)
            return Accepted(
                _(
                    "The asking price is now %(price)s. StockX is not connected, so nothing "
                    "was listed there."
                )
                % words
            )
        try:
            return Accepted(_on_stockx(client, pair, price, user=user, reason=reason) % words)
        except (asks.AskError, StockXError) as exc:
            set_asking_price(pair, price, user=user, reason=reason)
            return Accepted(
                _("The asking price is now %(price)s, but StockX: %(error)s")
                % {**words, "error": exc},
                warning=True,
            )
    set_asking_price(pair, price, user=user, reason=reason)
    return Accepted(
        _("The asking price is now %(price)s: list the pair on %(marketplace)s at it.") % words
    )


def _on_stockx(client, pair: StockItem, price, *, user, reason) -> str:
    live = asks.live_asks(pair).first()
    if live is not None:
        asks.change_price(client=client, listing=live, amount=price, user=user, reason=reason)
        return _("The StockX ask is now %(price)s.")
    if pair.status != StockStatus.IN_STOCK:
        set_asking_price(pair, price, user=user, reason=reason)
        return _("The asking price is now %(price)s (the pair is not in stock, so not listed).")
    listing = asks.create_ask(client=client, item=pair, amount=price, user=user, reason=reason)
    if listing.status == listing.Status.ACTIVE:
        return _("Listed on StockX at %(price)s.")
    return _("Asked StockX to list the pair at %(price)s; the next listing sync shows it.")


def set_asking_price(pair: StockItem, price, *, user=None, reason: str = "") -> None:
    """The pair's asking price, kept in its price history."""
    if pair.asking_price == price:
        return
    with transaction.atomic():
        PriceHistory.objects.create(
            product_id=pair.product_id,
            inventory_item=pair,
            price_date=timezone.localdate(),
            price_type=PriceHistory.PriceType.LISTING,
            price_amount=price,
            previous_amount=pair.asking_price,
            currency="EUR",
            source="asking_price",
            changed_by=user,
            reason=reason[:255],
        )
        pair.asking_price = price
        StockItem.objects.filter(pk=pair.pk).update(asking_price=price)
