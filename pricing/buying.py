"""What a pair bought now would earn when sold: the one buy-side formula. The opportunities
(pricing/opportunities.py) and the check before a purchase (pricing/buy_check.py) both
work it out here; worked examples live in tests/pricing/test_opportunities.py.

It is the sell-side profit (sales/profit.py) for a pair not bought yet:

gross per pair = buy price (as the shop sells it) + delivery per order ÷ pairs in the order
cost           = lib.money.purchase_cost of that gross, as "Add purchase" records it:
                 19 % VAT reclaimable → net = gross ÷ 1.19; margin scheme (§ 25a, a
                 private seller) → no input VAT, the gross
cost basis     = sales.profit.cost_basis (net, or gross under the margin scheme): the
                 "total cost" of the pair
payout         = the marketplace's fee engine (sales/fees.py) at the sale price
net profit     = sales.profit.compute_profit: payout − output VAT − cost basis
ROI            = net profit ÷ cost basis   (what the money spent earns)
margin         = net profit ÷ sale price   (what share of the sale price is profit)

Both are named as such and never mixed up: the old system showed profit ÷ buy price, a
markup, as a "margin", and left the fees out.

Example: 119,00 € with 19 % VAT + 4,00 € delivery, one pair → gross 123,00 €, cost basis
103,36 €; StockX level 1 at the highest bid of 160,00 €: fees 14,40 € + 4,80 € → payout
140,80 €, profit 37,44 €, ROI 36,2 %, margin 23,4 %.
"""

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from sales.fees import FeeSchedule, Quote
from sales.models import Marketplace
from sales.profit import compute_profit, cost_basis, treatment_for
from soleflip.lib.money import GERMAN_VAT, PurchaseCost, purchase_cost
from soleflip.lib.parsing import to_cents

CENT = Decimal("0.01")
RATIO = Decimal("0.0001")  # ROI and margin as fractions, four places (15,83 %)


@dataclass(frozen=True)
class Purchase:
    """A pair we might buy, and what it would cost us."""

    price: Decimal  # gross per pair, as the shop sells it
    delivery: Decimal  # delivery per pair (the order's delivery ÷ its pairs)
    tax_scheme: str  # "standard" (input VAT reclaimed) or "margin" (§ 25a)
    vat_rate: Decimal

    @property
    def gross(self) -> Decimal:
        """What we pay per pair, delivery included."""
        return self.price + self.delivery

    @property
    def cost(self) -> PurchaseCost:
        return purchase_cost(gross=self.gross, tax_scheme=self.tax_scheme, vat_rate=self.vat_rate)

    @property
    def cost_basis(self) -> Decimal:
        cost = self.cost
        return cost_basis(tax_scheme=self.tax_scheme, net_price=cost.net, gross_price=cost.gross)


def purchase(
    *,
    price: Decimal,
    delivery: Decimal | None = None,
    pairs: int = 1,
    tax_scheme: str = "standard",
    vat_rate: Decimal = GERMAN_VAT,
) -> Purchase:
    """A pair at `price` (gross) from an order with `delivery` for `pairs` pairs."""
    per_pair = to_cents(Decimal(delivery or 0) / max(1, pairs))
    rate = Decimal(0) if tax_scheme == "margin" else Decimal(vat_rate)
    return Purchase(to_cents(Decimal(price)), per_pair, tax_scheme, rate)


@dataclass(frozen=True)
class Outcome:
    """Selling the pair on one marketplace at one price."""

    marketplace: Marketplace
    sale_price: Decimal
    quote: Quote
    cost_basis: Decimal
    output_vat: Decimal
    net_profit: Decimal
    roi: Decimal | None  # net profit ÷ cost basis
    margin: Decimal | None  # net profit ÷ sale price

    @property
    def payout(self) -> Decimal:
        return self.quote.payout


def outcome(pair: Purchase, *, schedule: FeeSchedule, sale_price: Decimal, on: date) -> Outcome:
    """The payout and profit of selling `pair` at `sale_price` on the schedule's
    marketplace on `on`."""
    quote = schedule.quote(sale_price, on)
    basis = pair.cost_basis
    profit = compute_profit(
        gross_sale=quote.price,
        net_proceeds=quote.payout,
        cost=basis,
        treatment=treatment_for(schedule.marketplace.output_vat, pair.tax_scheme),
        sold_on=None,
        purchased_on=None,
    )
    margin = (
        (profit.net_profit / quote.price).quantize(RATIO, ROUND_HALF_UP)
        if quote.price > 0
        else None
    )
    return Outcome(
        marketplace=schedule.marketplace,
        sale_price=quote.price,
        quote=quote,
        cost_basis=basis,
        output_vat=profit.output_vat,
        net_profit=profit.net_profit,
        roi=profit.roi,
        margin=margin,
    )


def meets(result: Outcome, *, min_profit: Decimal, min_roi: Decimal) -> bool:
    """At least `min_profit` € and at least `min_roi` (a fraction) ROI."""
    return result.net_profit >= min_profit and (result.roi or Decimal(0)) >= min_roi


def highest_price(
    pair: Purchase, reaches: Callable[[Purchase], bool], *, most: Decimal
) -> Decimal | None:
    """The highest buy price (gross per pair, to the cent, at most `most`) at which
    `reaches(the pair at that price)` still holds; None when not even 0,00 € does. Profit
    and ROI fall as the price rises, so a binary search over cents."""

    def at(price: Decimal) -> Purchase:
        return Purchase(price, pair.delivery, pair.tax_scheme, pair.vat_rate)

    low, high = Decimal("0.00"), to_cents(most)
    if not reaches(at(low)):
        return None
    if reaches(at(high)):
        return high
    while high - low > CENT:  # reaches(low) holds, reaches(high) does not
        middle = to_cents((low + high) / 2)
        if reaches(at(middle)):
            low = middle
        else:
            high = middle
    return low
