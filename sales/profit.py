"""Profit of a sold pair, written once. Worked examples live in tests/sales/test_profit.py.

cost basis     = net purchase price (standard scheme: input VAT is reclaimed)
                 or gross purchase price (margin scheme §25a: no input VAT)
output VAT     = 0                                   marketplace treatment "none"
                 gross_sale × 19/119                 "domestic" (VAT included in price)
                 max(0, gross_sale − cost) × 19/119  "margin" (§25a, on the margin)
gross_profit   = gross_sale − cost basis
net_profit     = net_proceeds − output VAT − cost basis
roi            = net_profit / cost basis            (a fraction; None when cost is 0)
shelf_life     = sale date − purchase date, whole days
profit per day = net_profit / max(1, shelf_life)
"""

from dataclasses import dataclass
from datetime import date
from decimal import ROUND_HALF_UP, Decimal

from soleflip.lib.money import GERMAN_VAT
from soleflip.lib.parsing import to_cents

_VAT_SHARE = GERMAN_VAT / (100 + GERMAN_VAT)  # 19/119 of a VAT-inclusive amount


@dataclass(frozen=True)
class Profit:
    cost_basis: Decimal
    output_vat: Decimal
    gross_profit: Decimal
    net_profit: Decimal
    roi: Decimal | None
    shelf_life_days: int | None
    profit_per_day: Decimal


def cost_basis(*, tax_scheme: str, net_price: Decimal | None, gross_price: Decimal | None):
    """The pair's cost for profit: None while the purchase cost is unknown."""
    if tax_scheme == "margin":
        return gross_price if gross_price is not None else net_price
    return net_price


def output_vat(*, treatment: str, gross_sale: Decimal, cost: Decimal) -> Decimal:
    if treatment == "domestic":
        return to_cents(gross_sale * _VAT_SHARE)
    if treatment == "margin":
        return to_cents(max(Decimal(0), gross_sale - cost) * _VAT_SHARE)
    return Decimal("0.00")


def profit_per_day(net_profit: Decimal, shelf_life_days: int | None) -> Decimal:
    return to_cents(net_profit / max(1, shelf_life_days or 0))


def compute_profit(
    *,
    gross_sale: Decimal,
    net_proceeds: Decimal,
    cost: Decimal,
    treatment: str,
    sold_on: date | None,
    purchased_on: date | None,
) -> Profit:
    vat = output_vat(treatment=treatment, gross_sale=gross_sale, cost=cost)
    net = to_cents(net_proceeds - vat - cost)
    days = (sold_on - purchased_on).days if sold_on and purchased_on else None
    roi = (net / cost).quantize(Decimal("0.0001"), ROUND_HALF_UP) if cost > 0 else None
    return Profit(
        cost_basis=cost,
        output_vat=vat,
        gross_profit=to_cents(gross_sale - cost),
        net_profit=net,
        roi=roi,
        shelf_life_days=days,
        profit_per_day=profit_per_day(net, days),
    )


def treatment_for(treatment: str, tax_scheme: str) -> str:
    """The output-VAT treatment of one sale. The margin scheme (§ 25a UStG) covers only a
    pair bought without input VAT (tax scheme "margin"); a pair whose input VAT was
    reclaimed bears 19 % on its full price where the marketplace's sales are margin sales
    (eBay, Kleinanzeigen to private buyers)."""
    if treatment == "margin" and tax_scheme != "margin":
        return "domestic"
    return treatment


def pair_profit(*, pair, treatment: str, gross_sale: Decimal, net_proceeds: Decimal, sold_on):
    """The profit of selling `pair` (a StockItem) at `gross_sale` for `net_proceeds` on a
    marketplace with output-VAT `treatment`; None while the pair's cost is unknown."""
    cost = cost_basis(
        tax_scheme=pair.tax_scheme,
        net_price=pair.purchase_price,
        gross_price=pair.gross_purchase_price,
    )
    if cost is None:
        return None
    return compute_profit(
        gross_sale=gross_sale,
        net_proceeds=net_proceeds,
        cost=cost,
        treatment=treatment_for(treatment, pair.tax_scheme),
        sold_on=sold_on,
        purchased_on=pair.purchase_date,
    )
