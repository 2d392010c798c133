"""Where to sell a pair: the same price quoted on every active marketplace, side by side,
with payout, output VAT and profit (the one profit formula), best first."""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.db.models import Min

from inventory.models import StockItem
from pricing.models import MarketPrice

from .fees import FeeSchedule, Quote
from .models import FeeRule, Marketplace, SellerLevel
from .profit import pair_profit


@dataclass(frozen=True)
class Option:
    marketplace: Marketplace
    quote: Quote
    output_vat: Decimal | None
    net_profit: Decimal | None  # None while the pair's cost is unknown
    roi: Decimal | None

    @property
    def sort_key(self) -> Decimal:
        return self.net_profit if self.net_profit is not None else self.quote.payout


def market_price_of(pair: StockItem) -> Decimal | None:
    """The current lowest ask of the pair's product in its size, else of any size."""
    current = MarketPrice.objects.current().filter(product_id=pair.product_id)
    sized = current.filter(size_id=pair.size_id).aggregate(ask=Min("lowest_ask"))["ask"]
    return sized if sized is not None else current.aggregate(ask=Min("lowest_ask"))["ask"]


class Quoter:
    """Quotes on every active marketplace, with the marketplaces and their fee rules read
    once: a page quoting many pairs makes one of these."""

    def __init__(self) -> None:
        markets = list(Marketplace.objects.filter(active=True))
        rules, levels = {}, {}
        for rule in FeeRule.objects.filter(marketplace__in=markets):
            rules.setdefault(rule.marketplace_id, []).append(rule)
        for level in SellerLevel.objects.filter(marketplace__in=markets):
            levels.setdefault(level.marketplace_id, []).append(level)
        self.schedules = [
            FeeSchedule(m, rules.get(m.pk, []), levels.get(m.pk, [])) for m in markets
        ]

    def __call__(self, pair: StockItem, price: Decimal, on: date) -> list[Option]:
        """Every active marketplace's quote for `price` on `on`, best profit (else
        payout) first."""
        options = []
        for schedule in self.schedules:
            market, quote = schedule.marketplace, schedule.quote(price, on)
            profit = pair_profit(
                pair=pair,
                treatment=market.output_vat,
                gross_sale=quote.price,
                net_proceeds=quote.payout,
                sold_on=on,
            )
            if profit is None:
                options.append(Option(market, quote, None, None, None))
            else:
                options.append(
                    Option(market, quote, profit.output_vat, profit.net_profit, profit.roi)
                )
        return sorted(options, key=lambda o: o.sort_key, reverse=True)


def options_for(pair: StockItem, price: Decimal, on: date) -> list[Option]:
    """One pair's quotes on every active marketplace, best first (see Quoter)."""
    return Quoter()(pair, price, on)
