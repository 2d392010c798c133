"""Money formulas shared by every import and form. EUR to the cent, ROUND_HALF_UP.
How an amount is shown: soleflip.lib.formats.format_euro."""

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
