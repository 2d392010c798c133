"""The check before a purchase ("Should I buy?"): a product and size at a price, against
the market, our stock, how fast such pairs sold, and the Owner's thresholds. Worked
examples live in tests/pricing/test_buy_check.py.

Per marketplace the payout and profit come from pricing.buying (the one buy-side
formula): StockX sold now at the highest bid, and every active marketplace at the list
price (StockX's sell-faster price, else its lowest ask), as the pair page's "Where to sell"
quotes them, for comparison. The best StockX line decides (the market data is StockX's):

- buy            its profit ≥ the minimum profit and its ROI ≥ the minimum ROI (and the
                 median days to sell within the maximum, when one is set)
- slow           profit and ROI suffice, but such pairs take longer than the maximum days
- too_expensive  they do not: with the highest price at which they would
- no_market      no StockX data for the size: nothing to judge by
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from types import SimpleNamespace

from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode

from catalog.models import Product, Size
from inventory.models import StockItem
from inventory.purchases import find_product
from sales.models import Order, OrderStatus
from sales.where_to_sell import Quoter
from soleflip.core.models import SystemConfig
from soleflip.lib.money import GERMAN_VAT

from .buying import Outcome, Purchase, highest_price, meets, outcome, purchase
from .models import SourcePrice
from .opportunities import list_price, median_days
from .recommend import Market, market_data
from .stale import expected_days

# The Owner's thresholds, kept in core.system_config.
MIN_PROFIT, MIN_ROI, MAX_DAYS = (
    "pricing.buy_min_profit",
    "pricing.buy_min_roi",
    "pricing.buy_max_days",
)


def find(code: str) -> tuple[Product | None, Size | None]:
    """A product (and size, for a barcode) by style code or EAN, as "Add purchase" finds
    it, else by the EAN of a matched retailer offer."""
    product, size = find_product(code)
    if product is None and code.strip().isdigit():
        offer = (
            SourcePrice.objects.filter(ean=code.strip(), product__isnull=False)
            .select_related("product", "size")
            .first()
        )
        if offer:
            product, size = offer.product, offer.size
    return product, size


@dataclass(frozen=True)
class Thresholds:
    min_profit: Decimal  # €
    min_roi: Decimal  # a fraction: 0.10 is 10 %
    max_days: int | None  # median days to sell; None: no limit


DEFAULTS = Thresholds(Decimal("10.00"), Decimal("0.10"), None)


def thresholds() -> Thresholds:
    """The Owner's thresholds, else DEFAULTS."""
    values = dict(
        SystemConfig.objects.filter(key__in=(MIN_PROFIT, MIN_ROI, MAX_DAYS)).values_list(
            "key", "value"
        )
    )
    days = values.get(MAX_DAYS)
    return Thresholds(
        Decimal(values.get(MIN_PROFIT, DEFAULTS.min_profit)),
        Decimal(values.get(MIN_ROI, DEFAULTS.min_roi)),
        int(days) if days else None,
    )


def set_thresholds(new: Thresholds) -> None:
    SystemConfig.objects.set_value(MIN_PROFIT, str(new.min_profit), "Should I buy?: min. profit €")
    SystemConfig.objects.set_value(MIN_ROI, str(new.min_roi), "Should I buy?: min. ROI (fraction)")
    SystemConfig.objects.set_value(
        MAX_DAYS, "" if new.max_days is None else str(new.max_days), "Should I buy?: max. days"
    )


@dataclass(frozen=True)
class Line:
    outcome: Outcome
    sold_now: bool  # at the highest bid (else listed at the list price)


@dataclass
class BuyCheck:
    product: Product
    size: Size
    pair: Purchase
    thresholds: Thresholds
    market: Market | None
    market_age: int | None
    stale: bool
    lines: list[Line]  # best profit first
    held: int  # unsold pairs of the product
    held_size: int  # … in this size
    sold: int  # our sales of the product (not cancelled or returned)
    days: float | None  # median days to sell of such pairs
    days_from: str | None  # product, brand, category, all
    verdict: str = "no_market"
    max_price: Decimal | None = None  # the highest price per pair that meets the thresholds

    @property
    def best(self) -> Line | None:
        """The best StockX line, which the verdict rests on: the market data is StockX's,
        and other marketplaces are only quoted at its price for comparison."""
        return next((x for x in self.lines if x.outcome.marketplace.slug == "stockx"), None)

    @property
    def purchase_url(self) -> str:
        """ "Add purchase" prefilled with the product, size and price per pair (its share of
        the delivery included)."""
        query = {
            "code": self.product.sku,
            "size": self.size.pk,
            "price": format(self.pair.gross, "f"),
        }
        return f"{reverse('purchases:add')}?{urlencode(query)}"


def check_purchase(
    *,
    product: Product,
    size: Size,
    price: Decimal,
    delivery: Decimal | None = None,
    pairs: int = 1,
    tax_scheme: str = "standard",
    vat_rate: Decimal = GERMAN_VAT,
    today: date | None = None,
) -> BuyCheck:
    """The answer for one pair of `product` in `size` at `price` (gross per pair; the
    order's `delivery` shared by its `pairs`)."""
    today = today or timezone.localdate()
    pair = purchase(
        price=price, delivery=delivery, pairs=pairs, tax_scheme=tax_scheme, vat_rate=vat_rate
    )
    market = market_data([SimpleNamespace(product_id=product.pk)]).get((product.pk, size.pk))
    quoter = Quoter()
    lines = _lines(quoter, pair, market, today) if market else []
    stock = StockItem.objects.filter(product=product).unsold()
    days, days_from = median_days(product, expected_days())
    found = BuyCheck(
        product=product,
        size=size,
        pair=pair,
        thresholds=thresholds(),
        market=market,
        market_age=market.age(today) if market else None,
        stale=market.stale(today) if market else False,
        lines=lines,
        held=stock.aggregate(n=Sum("quantity"))["n"] or 0,
        held_size=stock.filter(size=size).aggregate(n=Sum("quantity"))["n"] or 0,
        sold=Order.objects.filter(inventory_item__product=product)
        .exclude(status__in=(OrderStatus.CANCELLED, OrderStatus.RETURNED))
        .count(),
        days=days,
        days_from=days_from,
    )
    _judge(quoter, found, today)
    return found


def _lines(quoter: Quoter, pair: Purchase, market: Market, today: date) -> list[Line]:
    lines = []
    listed_at = list_price(market)
    for schedule in quoter.schedules:
        if schedule.marketplace.slug == "stockx" and market.highest_bid is not None:
            now = outcome(pair, schedule=schedule, sale_price=market.highest_bid, on=today)
            lines.append(Line(now, sold_now=True))
        if listed_at is not None:
            listed = outcome(pair, schedule=schedule, sale_price=listed_at, on=today)
            lines.append(Line(listed, sold_now=False))
    return sorted(lines, key=lambda line: line.outcome.net_profit, reverse=True)


def _judge(quoter: Quoter, found: BuyCheck, today: date) -> None:
    best, limits = found.best, found.thresholds
    if best is None:
        found.verdict = "no_market"
        return
    sale = next(s for s in quoter.schedules if s.marketplace.pk == best.outcome.marketplace.pk)

    def good(pair: Purchase) -> bool:
        result = outcome(pair, schedule=sale, sale_price=best.outcome.sale_price, on=today)
        return meets(result, min_profit=limits.min_profit, min_roi=limits.min_roi)

    found.max_price = highest_price(found.pair, good, most=best.outcome.sale_price)
    if not meets(best.outcome, min_profit=limits.min_profit, min_roi=limits.min_roi):
        found.verdict = "too_expensive"
    elif limits.max_days is not None and found.days is not None and found.days > limits.max_days:
        found.verdict = "slow"
    else:
        found.verdict = "buy"
