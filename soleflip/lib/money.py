"""Money formulas shared by every import and form, and the one way an amount is shown.
EUR to the cent, ROUND_HALF_UP."""

from dataclasses import dataclass
from decimal import Decimal

from .parsing import to_cents

GERMAN_VAT = Decimal("19")


@dataclass(frozen=True)
class PurchaseCost:
    net: Decimal
    vat_rate: Decimal
    vat: Decimal
    gross: Decimal


def purchase_cost(
    *, gross: Decimal, tax_scheme: str, vat_rate: Decimal = GERMAN_VAT
) -> PurchaseCost:
    """Split a gross purchase price. Standard scheme: net = gross / (1 + rate), VAT is the
    rest (19 % on 119.00 -> 100.00 + 19.00). Margin scheme §25a: no input VAT, net = gross."""
    if tax_scheme == "margin":
        return PurchaseCost(net=gross, vat_rate=Decimal("0"), vat=Decimal("0.00"), gross=gross)
    net = to_cents(gross / (1 + vat_rate / 100))
    return PurchaseCost(net=net, vat_rate=vat_rate, vat=gross - net, gross=gross)


def format_euro(value: Decimal | int | float | None) -> str:
    """An amount as every page, table and message shows it: to the cent, thousands
    grouped, the euro sign after it. Decimal("12345.6") -> "12,345.60 €"; None -> "–"."""
    if value is None:
        return "–"
    return f"{to_cents(Decimal(str(value))):,.2f} €"
