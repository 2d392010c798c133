"""Stale stock: the unsold pairs that tie up capital for longer than such pairs take to
sell, worst first. Worked examples live in tests/pricing/test_stale.py.

Per unsold pair, for all of them in one set-based query (`StaleStock`):

age            = today − purchase date (else delivery date, else the day it was
                 recorded), whole days
cost basis     = net purchase price; gross under the margin scheme (§ 25a UStG), the
                 rule of sales.profit.cost_basis (`COST_BASIS`); NULL while unknown
capital        = cost basis × quantity
market price   = current lowest ask of the product in the pair's size, else of any size
                 (as sales.where_to_sell.market_price_of; the rows of MarketPrice.objects.
                 current(), the product's newest price day, from the analytics view
                 current_market, so as of its last refresh like the expected days: over
                 every unsold pair on a year of daily market prices that is one join
                 instead of two index probes per product; tests compare the two)
expected days  = median days to sell (Order.shelf_life_days) of our own sales of the
                 product; with fewer than MIN_SALES of them the brand's median, then the
                 category's, then that of all our sales. Worked out in the analytics
                 view sell_medians from analytics.order_facts (cancelled and returned
                 sales left out, days known where the cost is), so as fresh as the
                 dashboard's figures (refreshed every 10 minutes and after each import).
                 No sales at all: unknown, so is the risk.

Market price and expected days of each unsold pair are kept in the analytics view
stale_inputs; the page joins its live pairs (filtered; their age and cost) to it by pair.
A pair bought since the last refresh has no risk until the next one.
underwater     = (cost basis − market price) ÷ cost basis when the market price is below
                 the cost basis, else 0
risk           = age ÷ max(1, expected days) × (1 + underwater)

A risk of 1 means the pair is as old as a pair of its kind typically is when it sells;
from AT_RISK on it counts as "at risk" (the dashboard's count and capital).
Example: 90 days old, the product sells in a median 30 days, cost 100,00 €, lowest ask
80,00 € → 90 ÷ 30 × (1 + 0,2) = 3,6.

The suggested action (`suggest`) is worked out for the rows of one page only.
"""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal

from django.core.cache import cache
from django.db import connection
from django.db.models import Min, QuerySet
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_tables2.data import TableData

from inventory.choices import UNSOLD_STATUSES
from inventory.models import COST_BASIS, StockItem
from sales.where_to_sell import Option, Quoter, options_for
from soleflip.analytics.models import RefreshInfo

from .models import MarketPrice

MIN_SALES = 3  # sales of a product (brand, category) before its median counts (the view's 3)
AT_RISK = Decimal(1)  # risk from which a pair counts as at risk
MONTHLY_MARKDOWN = Decimal("0.05")  # fall of the market price per month without history
TREND_DAYS = 30  # the observed trend compares the newest ask with one at least this old
TREND_WINDOW = 90  # … within this many days
MAX_TREND = Decimal("0.5")  # an observed monthly change counts up to ±50 %
MIN_WAIT_DAYS = 30  # the shortest further wait the "loss later" assumes

# The day the pair's age counts from.
SINCE = Coalesce("purchase_date", "delivery_date", TruncDate("created_at"))


def unsold_pairs() -> QuerySet:
    """Every unsold pair with the day its age counts from (`since`) and its cost basis
    (`cost`)."""
    return StockItem.objects.filter(status__in=UNSOLD_STATUSES).annotate(
        since=SINCE, cost=COST_BASIS
    )


# The medians of our sales per product, brand and category (MIN_SALES or more each) and
# of all sales, from the analytics view sell_medians (worked out there, from
# analytics.order_facts, with every refresh).
MEDIANS = "SELECT level, key, days FROM analytics.sell_medians"

LEVELS = ("product", "brand", "category")


# Risk in float8 (fast over every pair), rounded for the rows shown. Each pair's market
# price and expected days come from analytics.stale_inputs (as of the last refresh); its
# age and cost are live. A pair bought since the last refresh has neither yet: no risk.
SCORED = """
WITH pairs AS MATERIALIZED ({pairs}),
ranked AS (
  SELECT pairs.id, pairs.quantity, pairs.cost, %s::date - pairs.since AS age,
         si.market_price, si.expected_days, si.expected_from
  FROM pairs LEFT JOIN analytics.stale_inputs si ON si.stock_id = pairs.id
),
scored AS MATERIALIZED (
  SELECT ranked.*, cost * quantity AS capital,
         -- GREATEST skips a NULL: without expected days there is no risk, not age ÷ 1
         CASE WHEN expected_days IS NOT NULL THEN
           age / GREATEST(expected_days, 1)
           * (1 + CASE WHEN cost > 0 AND market_price < cost
                       THEN ((cost - market_price) / cost)::float8 ELSE 0 END)
         END AS risk
  FROM ranked
)"""

PAGE = """,
totals AS (
  SELECT count(*) AS rows, sum(quantity) AS pairs, sum(capital) AS value,
         sum(quantity) FILTER (WHERE risk >= %s) AS at_risk,
         sum(capital) FILTER (WHERE risk >= %s) AS at_risk_value
  FROM scored
),
page AS (SELECT * FROM scored ORDER BY risk DESC NULLS LAST, id LIMIT %s OFFSET %s)
SELECT id, age, cost, capital, market_price, round(expected_days::numeric, 1),
       expected_from, round(risk::numeric, 2), COALESCE(risk >= %s, false), totals.*
FROM page CROSS JOIN totals ORDER BY risk DESC NULLS LAST, id"""

SUMMARY = """
SELECT count(*), COALESCE(sum(quantity), 0), COALESCE(sum(capital), 0),
       COALESCE(sum(quantity) FILTER (WHERE risk >= %s), 0),
       COALESCE(sum(capital) FILTER (WHERE risk >= %s), 0)
FROM scored"""


def _as_of_refresh(name: str) -> str:
    """A cache key that changes whenever the analytics views are refreshed."""
    info = RefreshInfo.objects.first()
    return f"stale-stock:{name}:{info.refreshed_at.isoformat() if info else '-'}"


def expected_days() -> dict:
    """{"product": {id: days}, "brand": {…}, "category": {…}, "all": days or None}: the
    median days to sell of our sales (analytics.sell_medians), which change only when the
    analytics views are refreshed, so they are kept (in the cache) per refresh."""
    key = _as_of_refresh("medians")
    found = cache.get(key)
    if found is None:
        found = {level: {} for level in LEVELS} | {"all": None}
        with connection.cursor() as cursor:
            cursor.execute(MEDIANS)
            for level, ident, days in cursor.fetchall():
                if level == "all":
                    found["all"] = days
                else:
                    found[level][ident] = days
        cache.set(key, found, timeout=24 * 3600)
    return found


@dataclass
class StaleRow:
    """One ranked pair (`pair` with product, size and brand loaded)."""

    pair: StockItem
    age: int
    cost: Decimal | None
    capital: Decimal | None
    market_price: Decimal | None
    expected_days: Decimal | None
    expected_from: str | None  # product, brand, category, all
    risk: Decimal | None  # rounded to 0,01 for display
    at_risk: bool = False  # risk ≥ AT_RISK (unrounded, as the totals count it)
    market_id: int | None = None  # the marketplace of the market price
    action: "Action | None" = None


class StaleStock(TableData):
    """The ranking of `pairs` (from `unsold_pairs()`, filtered), worst first, as table
    data: a page's slice runs one query (its rows plus the totals of all rows) and loads
    only that page's pairs; `suggest_all` runs for those rows only. Sorting by column does
    not apply: always worst first."""

    def __init__(self, pairs: QuerySet, today: date | None = None):
        super().__init__(pairs)
        self.pairs = pairs
        self.today = today or timezone.localdate()
        self._pages: dict[tuple[int, int], list[StaleRow]] = {}
        self._totals: dict | None = None

    def _sql(self, tail: str, params: list) -> tuple[str, list]:
        pairs_sql, pairs_params = (
            self.pairs.order_by().values("id", "quantity", "since", "cost").query.sql_with_params()
        )
        sql = SCORED.format(pairs=pairs_sql) + tail
        return sql, [*pairs_params, self.today, *params]

    def _fetch(self, offset: int, limit: int) -> list[StaleRow]:
        for (start, size), rows in self._pages.items():  # within a page already read
            if start <= offset and offset + limit <= start + size:
                return rows[offset - start : offset - start + limit]
        key = (offset, limit)
        at_risk = float(AT_RISK)
        sql, params = self._sql(PAGE, [at_risk, at_risk, limit, offset, at_risk])
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            found = cursor.fetchall()
        if found:
            first = found[0]
            self._totals = {
                "rows": first[9],
                "pairs": first[10] or 0,
                "value": first[11] or Decimal("0.00"),
                "at_risk": first[12] or 0,
                "at_risk_value": first[13] or Decimal("0.00"),
            }
        pairs = StockItem.objects.select_related("product__brand", "size").in_bulk(
            [r[0] for r in found]
        )
        rows = [StaleRow(pairs[r[0]], *r[1:9]) for r in found]
        suggest_all(rows, self.today)
        self._pages[key] = rows
        return rows

    def totals(self) -> dict:
        """{"rows", "pairs", "value", "at_risk", "at_risk_value"} of all the ranked pairs."""
        if self._totals is None:
            self._totals = summary(self.pairs, self.today)
        return self._totals

    def __len__(self) -> int:
        return self.totals()["rows"]

    def __getitem__(self, key):
        if isinstance(key, slice):
            start = key.start or 0
            stop = key.stop if key.stop is not None else len(self)
            return self._fetch(start, max(0, stop - start))
        return self._fetch(key, 1)[0]

    def __iter__(self):
        return iter(self[:])

    def order_by(self, aliases) -> None:
        """Always worst first: the table's sorting does not apply."""

    def load_page(self, number: int, per_page: int) -> list[StaleRow]:
        """Page `number` (from 1); afterwards `totals()` needs no query of its own."""
        return self._fetch((max(1, number) - 1) * per_page, per_page)


def dashboard_summary() -> dict:
    """`summary()` of every unsold pair as of the last refresh of the analytics views, like
    the dashboard's other figures (kept in the cache until the next refresh)."""
    key = _as_of_refresh("summary")
    found = cache.get(key)
    if found is None:
        found = summary()
        cache.set(key, found, timeout=24 * 3600)
    return found


def summary(pairs: QuerySet | None = None, today: date | None = None) -> dict:
    """Count and capital of the pairs (default: every unsold pair), and of those at risk."""
    stock = StaleStock(unsold_pairs() if pairs is None else pairs, today)
    sql, params = stock._sql(SUMMARY, [float(AT_RISK), float(AT_RISK)])
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows, pairs_n, value, at_risk, at_risk_value = cursor.fetchone()
    return {
        "rows": rows,
        "pairs": pairs_n,
        "value": value,
        "at_risk": at_risk,
        "at_risk_value": at_risk_value,
    }


# -- the suggested action ----------------------------------------------------------------


@dataclass(frozen=True)
class Action:
    """What to do with a stale pair. kind: reprice (to `price` where the market price is
    quoted, it still covers the cost), marketplace (sell on `option`'s marketplace, whose
    payout still covers the cost), sell_now (no marketplace covers the cost: the loss now
    against the expected loss later), hold (as sell_now, but the market is rising so much
    that the loss later is expected to be smaller), no_price (no market price), no_cost
    (cost unknown)."""

    kind: str
    url: str
    price: Decimal | None = None
    option: Option | None = None
    loss_now: Decimal | None = None
    loss_later: Decimal | None = None
    later_price: Decimal | None = None
    wait_days: int | None = None
    markdown: Decimal | None = None  # the market price's assumed fall per 30 days

    @property
    def result_now(self) -> Decimal | None:
        return None if self.loss_now is None else -self.loss_now

    @property
    def result_later(self) -> Decimal | None:
        return None if self.loss_later is None else -self.loss_later


def _sell_url(pair: StockItem, option: Option) -> str:
    query = urlencode({"pair": pair.pk, "marketplace": option.marketplace.pk})
    return f"{reverse('sales:sell')}?{query}"


# The rows of MarketPrice.objects.current() with an ask for the products given, from the
# products: one probe of market_price_product_day for each product's newest day and one
# for its rows (current()'s filter looks the newest day up again for each row of history).
CURRENT_ASKS = """
SELECT mp.product_id, mp.size_id, mp.lowest_ask, mp.platform_id
FROM unnest(%s::bigint[]) AS p(id)
CROSS JOIN LATERAL (
  SELECT max(m.price_date) AS day FROM pricing.market_prices m WHERE m.product_id = p.id
) newest
JOIN pricing.market_prices mp ON mp.product_id = p.id AND mp.price_date = newest.day
WHERE mp.lowest_ask IS NOT NULL
ORDER BY mp.id"""


def suggest_all(rows: list[StaleRow], today: date) -> None:
    """Set each row's `market_id` (the marketplace of its lowest ask) and `action`: a few
    queries for the whole page."""
    priced = [r for r in rows if r.market_price is not None]
    with connection.cursor() as cursor:
        cursor.execute(CURRENT_ASKS, [sorted({r.pair.product_id for r in priced})])
        asks = cursor.fetchall()
    for row in priced:
        own = [a for a in asks if a[0] == row.pair.product_id]
        sized = [a for a in own if a[1] == row.pair.size_id] or own
        row.market_id = min(sized, key=lambda a: a[2])[3] if sized else None
    quoter = Quoter() if any(r.cost is not None for r in priced) else None
    markdowns = monthly_markdowns({r.pair.product_id for r in priced}, today)
    for row in rows:
        markdown = markdowns.get(row.pair.product_id, MONTHLY_MARKDOWN)
        row.action = suggest(row, today, quoter or options_for, markdown=markdown)


def monthly_markdowns(product_ids: set[int], today: date) -> dict[int, Decimal]:
    """Per product, how much its market price fell per 30 days, as observed: the lowest
    ask (any size) of its newest price day against that of the newest day at least
    TREND_DAYS before it (within TREND_WINDOW days of today), compounded to 30 days and
    bounded by ±MAX_TREND. Negative: the price rose. Products without such history are
    left out (the caller assumes MONTHLY_MARKDOWN). Example: 100,00 € on 1 March,
    90,00 € on 31 March → (90 ÷ 100)^(30 ÷ 30) − 1 = −10 % → markdown 0,10."""
    days = (
        MarketPrice.objects.filter(
            product_id__in=product_ids,
            lowest_ask__gt=0,
            price_date__gte=today - timedelta(days=TREND_WINDOW),
        )
        .values("product_id", "price_date")
        .annotate(ask=Min("lowest_ask"))
        .order_by("product_id", "-price_date")
    )
    history: dict[int, list[tuple[date, Decimal]]] = {}
    for day in days:
        history.setdefault(day["product_id"], []).append((day["price_date"], day["ask"]))
    found = {}
    for product, asks in history.items():
        (newest, now), *older = asks
        then = next(((d, a) for d, a in older if (newest - d).days >= TREND_DAYS), None)
        if then is None:
            continue
        change = (now / then[1]) ** (Decimal(30) / (newest - then[0]).days) - 1
        found[product] = min(MAX_TREND, max(-MAX_TREND, -change)).quantize(Decimal("0.0001"))
    return found


def suggest(
    row: StaleRow,
    today: date,
    quote_options=options_for,
    *,
    markdown: Decimal = MONTHLY_MARKDOWN,
) -> Action:
    """The action for one pair, in this order:

    1. reprice: the current lowest ask, quoted on the marketplace the ask comes from
       (else the best), still leaves a net profit ≥ 0 → set the ask to it (pair's page).
    2. marketplace: another active marketplace's quote at that price (options_for, best
       first) leaves a net profit ≥ 0 → sell there, with its payout (Sell page).
    3. sell_now: none does. Loss now = −(best net profit) = cost basis − best payout
       (+ output VAT where the marketplace charges it). Loss later: the pair is assumed to
       sell after a further max(MIN_WAIT_DAYS, expected days) at the market price lowered
       by `markdown` per 30 days (compounded; the product's observed trend from
       `monthly_markdowns`, else MONTHLY_MARKDOWN), quoted by the same marketplace.
       Selling now is suggested unless the loss later is smaller (a rising market): hold.
       The page shows both losses.
    """
    pair, ask = row.pair, row.market_price
    detail = reverse("inventory:stock-detail", args=[pair.pk])
    if row.cost is None:
        return Action("no_cost", detail)
    if ask is None:
        return Action("no_price", detail)
    options = quote_options(pair, ask, today)
    if not options:
        return Action("no_price", detail)
    quoted = next((o for o in options if o.marketplace.pk == row.market_id), options[0])
    if quoted.net_profit >= 0:
        return Action("reprice", detail, price=ask, option=quoted)
    best = options[0]
    if best.net_profit >= 0:
        return Action("marketplace", _sell_url(pair, best), price=ask, option=best)
    wait = max(MIN_WAIT_DAYS, int(row.expected_days or 0))
    later_price = (ask * (1 - markdown) ** (Decimal(wait) / 30)).quantize(
        Decimal("0.01"), ROUND_HALF_UP
    )
    later = quote_options(pair, later_price, today + timedelta(days=wait))
    later_best = next(o for o in later if o.marketplace.pk == best.marketplace.pk)
    hold = later_best.net_profit > best.net_profit
    return Action(
        "hold" if hold else "sell_now",
        detail if hold else _sell_url(pair, best),
        price=ask,
        option=best,
        loss_now=-best.net_profit,
        loss_later=-later_best.net_profit,
        later_price=later_price,
        wait_days=wait,
        markdown=markdown,
    )


__all__ = ["AT_RISK", "COST_BASIS", "MIN_SALES", "Quoter", "StaleStock", "suggest", "summary"]
