"""The money of a pair's sale, line by line, for the pair's page: sale price, each fee,
the fees in total, payout, output VAT, cost basis, net profit and ROI. Every amount gets
its own line (none is folded into a summary figure), and an amount that is not known says
so: "–" for a fee the marketplace did not report, "unknown" for what needs the pair's cost.

Page code: it reads the order (sales.Order, passed in) through its own fields and
properties and computes only what the order does not hold, the deductions between sale
price and payout that are none of the stored fees."""

from dataclasses import dataclass
from decimal import Decimal

from django.utils.translation import gettext as _

from soleflip.lib.formats import NONE, format_euro, format_number, format_percent

MINUS = "\u2212"  # a real minus sign before a deduction: "− 18,00 €"


@dataclass(frozen=True)
class Line:
    label: str
    text: str  # the amount as shown, in the active language's format
    hint: str = ""  # a note under the label (e.g. how the output VAT is figured)
    total: bool = False  # a result line, shown in bold
    missing: bool = False  # text says the amount is not known (it wraps, unlike amounts)


def _deduction(amount: Decimal | None, missing: str = NONE) -> str:
    return missing if amount is None else f"{MINUS} {format_euro(amount)}"


def other_deductions(order) -> Decimal | None:
    """What the marketplace kept beyond the stored fees (sale price − fees − payout);
    None when it cannot be told (sale price or payout unknown) or is nothing."""
    if order.gross_sale is None or order.net_proceeds is None:
        return None
    rest = order.gross_sale - (order.fees_total or 0) - order.net_proceeds
    return rest or None


def sale_lines(order) -> list[Line]:
    """The lines of one sale, top to bottom, as the pair's page shows them."""
    unknown = _("unknown")
    other = other_deductions(order)
    fees = order.fees_total
    if other is not None:
        fees = (fees or 0) + other
    lines = [
        Line(_("Sale price"), format_euro(order.gross_sale)),
        Line(_("Transaction fee (platform)"), _deduction(order.platform_fee)),
        Line(_("Payment processing"), _deduction(order.payment_fee)),
        Line(_("Shipping"), _deduction(order.shipping_cost)),
    ]
    if other is not None:
        lines.append(
            Line(
                _("Other deductions"),
                _deduction(other),
                hint=_("Sale price minus fees minus payout"),
            )
        )
    lines += [
        Line(_("Fees in total"), _deduction(fees)),
        Line(_("Payout"), format_euro(order.net_proceeds), total=True),
    ]
    cost = order.cost_basis
    known = order.net_profit is not None
    lines += [
        Line(
            _("Output VAT"),
            _deduction(order.output_vat, NONE if known else unknown),
            missing=not known,
            hint=order.marketplace.get_output_vat_display(),
        ),
        Line(
            _("Cost basis"),
            _deduction(cost, unknown),
            missing=cost is None,
            hint=order.inventory_item.get_tax_scheme_display() if order.inventory_item else "",
        ),
        Line(
            _("Net profit"),
            format_euro(order.net_profit) if known else _("unknown until the cost is entered"),
            total=True,
            missing=not known,
        ),
        Line(_("ROI"), format_percent(order.roi) if known else unknown, missing=not known),
        Line(
            _("Days to sell"),
            NONE if order.shelf_life_days is None else format_number(order.shelf_life_days),
        ),
    ]
    return lines
