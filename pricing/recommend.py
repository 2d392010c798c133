"""What to ask for a pair, and why: a recommended price that never goes below the pair's
floor, with one short line per step.

Floor: the lowest price whose payout on the marketplace, after its fees (sales/fees.py)
and after output VAT (or the § 25a margin tax, sales/profit.py), covers the pair's cost
basis plus the minimum margin of the rule that applies.

Then, in this order:
1. the strategy of the first rule that covers the pair (lowest priority number; brand,
   category and marketplace empty = any): cost plus a markup; a position between the
   highest bid (0 %) and the lowest ask (100 %); or undercutting the lowest ask by an
   amount or a percentage, at most by the rule's maximum discount. Without a rule: the
   market's sell-faster price, else its lowest ask, else cost plus DEFAULT_MARKUP;
2. the rule's age step: from `age_days` in stock, no higher than `aged_market_position`
   between bid and ask (toward the bid);
3. the brand's multiplier;
4. the rule's price point (whole euros, ending in 9, ending in 5), the nearest one;
5. the floor: a price below it becomes the floor (at the next price point above it), and
   a market below the floor is said.

Market data is the newest day's StockX data of the product in the pair's size (else of
any size); older than PRICING_MARKET_STALE_DAYS it is marked stale.
"""

from dataclasses import dataclass, field
from datetime import date
from decimal import ROUND_CEILING, ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Q
from django.utils.translation import gettext as _

from inventory.models import StockItem
from sales.fees import FeeSchedule, lowest_price
from sales.models import Marketplace
from sales.profit import cost_basis, output_vat, pair_profit, treatment_for
from soleflip.lib.formats import format_euro, format_number
from soleflip.lib.parsing import to_cents

from .models import BrandMultiplier, MarketPrice, PriceRule

DEFAULT_MARKUP = Decimal("20")
EURO = format_euro


@dataclass(frozen=True)
class Market:
    price_date: date
    lowest_ask: Decimal | None
    highest_bid: Decimal | None
    sell_faster: Decimal | None
    earn_more: Decimal | None
    last_sale: Decimal | None

    def age(self, today: date) -> int:
        return (today - self.price_date).days

    def stale(self, today: date) -> bool:
        return self.age(today) > settings.PRICING_MARKET_STALE_DAYS


@dataclass
class Recommendation:
    pair: StockItem
    marketplace: Marketplace
    price: Decimal | None
    floor: Decimal | None
    rule: PriceRule | None
    market: Market | None
    steps: list[str] = field(default_factory=list)
    market_below_floor: bool = False

    @property
    def explanation(self) -> str:
        return " · ".join(self.steps)


def market_data(pairs: list[StockItem]) -> dict[tuple[int, int | None], Market]:
    """The newest day's market rows of the pairs' products, by (product, size) and
    (product, None) for the lowest over its sizes.

    The rows of MarketPrice.objects.current() (each product's newest price day, over every
    marketplace) on StockX, written from the products: one probe of
    market_price_product_day for each product's newest day and one for its rows, where
    current()'s filter looks the newest day up again for each of a year of rows."""
    rows = MarketPrice.objects.raw(
        """
        SELECT mp.* FROM unnest(%s::bigint[]) AS p(id)
        CROSS JOIN LATERAL (
          SELECT price_date FROM pricing.market_prices m
          WHERE m.product_id = p.id ORDER BY price_date DESC LIMIT 1
        ) newest
        JOIN pricing.market_prices mp
          ON mp.product_id = p.id AND mp.price_date = newest.price_date
        JOIN platform.marketplace place ON place.id = mp.platform_id
        WHERE place.slug = 'stockx'
        ORDER BY mp.id""",
        [sorted({p.product_id for p in pairs})],
    )
    found: dict[tuple[int, int | None], Market] = {}
    for row in rows:
        market = Market(
            row.price_date,
            row.lowest_ask,
            row.highest_bid,
            row.sell_faster,
            row.earn_more,
            row.last_sale,
        )
        found[(row.product_id, row.size_id)] = market
        best = found.get((row.product_id, None))
        if row.lowest_ask is not None and (best is None or (best.lowest_ask or 0) > row.lowest_ask):
            found[(row.product_id, None)] = market
    return found


def round_to_point(price: Decimal, rounding: str, *, up: bool = False) -> Decimal:
    """The nearest price point (or the next one up): whole euros, ending in 9, in 5."""
    if rounding == PriceRule.Rounding.WHOLE:
        step, offset = Decimal(1), Decimal(0)
    elif rounding == PriceRule.Rounding.ENDS_9:
        step, offset = Decimal(10), Decimal(9)
    elif rounding == PriceRule.Rounding.ENDS_5:
        step, offset = Decimal(5), Decimal(0)
    else:
        return to_cents(price)
    how = ROUND_CEILING if up else ROUND_HALF_UP
    return (((price - offset) / step).quantize(Decimal(1), rounding=how) * step + offset).quantize(
        Decimal("0.01")
    )


class Recommender:
    """Rules, brand multipliers and fee schedules read once; recommends any number of
    pairs without further queries but the market data of their products."""

    def __init__(self, today: date, marketplace: Marketplace | None = None):
        self.today = today
        effective = Q(effective_from__lte=today) & (
            Q(effective_until__isnull=True) | Q(effective_until__gte=today)
        )
        self.rules = list(
            PriceRule.objects.filter(effective, active=True)
            .select_related("marketplace")
            .order_by("priority", "pk")
        )
        self.multipliers = {
            m.brand_id: m
            for m in BrandMultiplier.objects.filter(effective, active=True).order_by(
                "effective_from"
            )
        }
        self.default_market = marketplace or Marketplace.objects.get(slug="stockx")
        self._schedules: dict[int, FeeSchedule] = {}

    def schedule(self, market: Marketplace) -> FeeSchedule:
        if market.pk not in self._schedules:
            self._schedules[market.pk] = FeeSchedule.of(market)
        return self._schedules[market.pk]

    def rule_for(self, pair: StockItem, marketplace: Marketplace | None = None):
        """The first rule that covers the pair (on `marketplace`, when given: rules for
        another marketplace do not count)."""
        product = pair.product
        for rule in self.rules:
            if rule.brand_id not in (None, product.brand_id):
                continue
            if rule.category_id not in (None, product.category_id):
                continue
            if marketplace and rule.marketplace_id not in (None, marketplace.pk):
                continue
            return rule  # its marketplace, when it names one, is where the pair is priced
        return None

    def profit(self, pair: StockItem, market: Marketplace, price: Decimal) -> Decimal | None:
        """The pair's net profit if it sold at `price` on `market` today (None: no cost)."""
        quote = self.schedule(market).quote(price, self.today)
        found = pair_profit(
            pair=pair,
            treatment=market.output_vat,
            gross_sale=quote.price,
            net_proceeds=quote.payout,
            sold_on=self.today,
        )
        return found.net_profit if found else None

    def floor(self, pair: StockItem, market: Marketplace, margin_percent: Decimal):
        """(floor, cost, fees, VAT, margin) at the floor, or None without a cost."""
        cost = cost_basis(
            tax_scheme=pair.tax_scheme,
            net_price=pair.purchase_price,
            gross_price=pair.gross_purchase_price,
        )
        if cost is None:
            return None
        schedule = self.schedule(market)
        treatment = treatment_for(market.output_vat, pair.tax_scheme)
        margin = to_cents(cost * margin_percent / 100)

        def earns(price: Decimal) -> bool:
            payout = schedule.quote(price, self.today).payout
            vat = output_vat(treatment=treatment, gross_sale=price, cost=cost)
            return payout - vat - cost >= margin

        price = lowest_price(earns, start=cost)
        quote = schedule.quote(price, self.today)
        vat = output_vat(treatment=treatment, gross_sale=price, cost=cost)
        return price, cost, quote.total_fees, vat, margin

    def recommend(
        self, pair: StockItem, markets: dict, marketplace: Marketplace | None = None
    ) -> Recommendation:
        """The pair's price on `marketplace` (an ask's), else on its rule's marketplace,
        else on the default one."""
        rule = self.rule_for(pair, marketplace)
        market_place = (
            marketplace or (rule.marketplace if rule and rule.marketplace_id else None)
        ) or self.default_market
        market = markets.get((pair.product_id, pair.size_id)) or markets.get(
            (pair.product_id, None)
        )
        rec = Recommendation(pair, market_place, None, None, rule, market)
        margin_percent = (rule.minimum_margin_percent if rule else None) or Decimal("0")
        floor = self.floor(pair, market_place, margin_percent)
        if floor is None:
            rec.steps.append(_("no floor: the purchase cost is missing"))
        else:
            rec.floor, cost, fees, vat, margin = floor
            parts = {"floor": EURO(rec.floor), "cost": EURO(cost), "fees": EURO(fees)}
            if vat:
                text = _(
                    "floor %(floor)s = cost %(cost)s + fees %(fees)s + VAT %(vat)s + margin %(margin)s"
                )
                parts |= {"vat": EURO(vat), "margin": EURO(rec.floor - cost - fees - vat)}
            else:
                text = _("floor %(floor)s = cost %(cost)s + fees %(fees)s + margin %(margin)s")
                parts["margin"] = EURO(rec.floor - cost - fees)
            rec.steps.append(text % parts)
        price = self._strategy(rec, rule, market, floor)
        if price is None:
            return rec
        price = self._age_step(rec, rule, market, price)
        multiplier = self.multipliers.get(pair.product.brand_id)
        if multiplier is not None:
            price = to_cents(price * multiplier.multiplier_value)
            rec.steps.append(
                _("brand %(brand)s × %(factor)s → %(price)s")
                % {
                    "brand": multiplier.brand,
                    "factor": format_number(multiplier.multiplier_value.normalize()),
                    "price": EURO(price),
                }
            )
        rounding = rule.rounding if rule else PriceRule.Rounding.NONE
        if rounding != PriceRule.Rounding.NONE:
            price = round_to_point(price, rounding)
            rec.steps.append(_("rounded → %(price)s") % {"price": EURO(price)})
        if rec.floor is not None and price < rec.floor:
            price = round_to_point(rec.floor, rounding, up=True)
            rec.steps.append(_("below the floor → %(price)s") % {"price": EURO(price)})
        if rec.floor is not None and market and market.lowest_ask is not None:
            rec.market_below_floor = market.lowest_ask < rec.floor
            if rec.market_below_floor:
                rec.steps.append(
                    _("the market is below the floor (lowest ask %(ask)s)")
                    % {"ask": EURO(market.lowest_ask)}
                )
        rec.price = price
        return rec

    def _market_words(self, market: Market) -> str:
        age = market.age(self.today)
        words = _("%(days)s days old") % {"days": age}
        return words + (" " + _("(stale)") if market.stale(self.today) else "")

    def _strategy(self, rec, rule, market, floor) -> Decimal | None:
        ask = market.lowest_ask if market else None
        bid = market.highest_bid if market else None
        cost = floor[1] if floor else None
        kind = rule.rule_type if rule else None
        if kind == PriceRule.RuleType.COST_PLUS or ask is None:
            # Without a lowest ask a market rule has nothing to go by: cost plus, not the
            # floor (which would sell the pair off for want of data).
            if cost is None:
                rec.steps.append(_("no price: neither a cost nor market data"))
                return None
            markup = DEFAULT_MARKUP
            if rule and rule.base_markup_percent is not None:
                markup = rule.base_markup_percent
            price = to_cents(cost * (1 + markup / 100))
            words = {"markup": format_number(markup.normalize()), "price": EURO(price)}
            if kind in (None, PriceRule.RuleType.COST_PLUS):
                text = _("%(rule)scost plus %(markup)s %% → %(price)s")
                words["rule"] = _rule_words(rule)
            else:
                text = _("no market data for this size: cost plus %(markup)s %% → %(price)s")
            rec.steps.append(text % words)
            return price
        old = self._market_words(market)
        if kind == PriceRule.RuleType.MARKET and bid is not None:
            position = rule.market_position if rule.market_position is not None else Decimal("100")
            price = to_cents(bid + (ask - bid) * position / 100)
            rec.steps.append(
                _(
                    "%(rule)s%(position)s %% between bid %(bid)s and ask %(ask)s (%(old)s) → %(price)s"
                )
                % {
                    "rule": _rule_words(rule),
                    "position": format_number(position.normalize()),
                    "bid": EURO(bid),
                    "ask": EURO(ask),
                    "old": old,
                    "price": EURO(price),
                }  # fmt: skip
            )
            return price
        if kind == PriceRule.RuleType.COMPETITIVE:
            if rule.undercut_amount:
                price, how = ask - rule.undercut_amount, EURO(rule.undercut_amount)
            else:
                percent = rule.undercut_percent or Decimal("0")
                price, how = (
                    to_cents(ask * (1 - percent / 100)),
                    f"{format_number(percent.normalize())} %",
                )
            if rule.maximum_discount_percent is not None:
                bound = to_cents(ask * (1 - rule.maximum_discount_percent / 100))
                price = max(price, bound)
            rec.steps.append(
                _("%(rule)sundercut the lowest ask %(ask)s (%(old)s) by %(how)s → %(price)s")
                % {
                    "rule": _rule_words(rule),
                    "ask": EURO(ask),
                    "old": old,
                    "how": how,
                    "price": EURO(price),
                }
            )
            return price
        if market.sell_faster is not None:
            rec.steps.append(
                _("market sell-faster %(price)s (%(old)s)")
                % {"price": EURO(market.sell_faster), "old": old}
            )
            return market.sell_faster
        rec.steps.append(
            _("market lowest ask %(price)s (%(old)s)") % {"price": EURO(ask), "old": old}
        )
        return ask

    def _age_step(self, rec, rule, market, price: Decimal) -> Decimal:
        if not (rule and rule.age_days is not None and rule.aged_market_position is not None):
            return price
        days = rec.pair.days_in_stock
        if days is None or days < rule.age_days or not market:
            return price
        if market.highest_bid is None or market.lowest_ask is None:
            return price
        bid, ask = market.highest_bid, market.lowest_ask
        aged = to_cents(bid + (ask - bid) * rule.aged_market_position / 100)
        if aged < price:
            rec.steps.append(
                _("%(days)s days in stock (from %(limit)s): toward the bid → %(price)s")
                % {"days": days, "limit": rule.age_days, "price": EURO(aged)}
            )
            return aged
        return price


def _rule_words(rule: PriceRule | None) -> str:
    return _("rule “%(name)s”: ") % {"name": rule.name} if rule else ""


def recommend_all(pairs: list[StockItem], today: date) -> list[Recommendation]:
    recommender = Recommender(today)
    markets = market_data(pairs)
    return [recommender.recommend(pair, markets) for pair in pairs]
