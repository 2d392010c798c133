"""The fee rules checked against what a marketplace really paid out: for each sale, the
quote for its price, date and seller level against the reported payout, and an
explanation for every difference. Used by `manage.py quote_check` (a StockX sales report)
and the fee check page (the imported orders).

Explanations, first that fits:
- match: the quote gives the payout to the cent;
- rounding: off by at most 0.05 € (StockX rounds each column on its own);
- unreported: the report's seller fee is blank, yet the payout is short of the listing
  price minus the other fees (the fee StockX kept is named beside the rules' fee);
- no_minimum: StockX charged the percentage without the rule's minimum fee;
- level: the fee is what another seller level's rule gives (a level change?);
- lower / higher: StockX kept less (a promotion?) or more (a fee change?) than the rules:
  the rules of that date need a look.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.lib.formats import format_euro
from soleflip.lib.parsing import to_cents
from soleflip.lib.rows import RowError

from .fees import FeeSchedule
from .stockx_report import read_report

TOLERANCE = Decimal("0.05")
LEVELS = range(1, 6)


@dataclass(frozen=True)
class Sale:
    """What the marketplace reported for one sale."""

    reference: str  # order number (and line, for a file)
    sold_on: date
    price: Decimal
    payout: Decimal
    shipping: Decimal  # charged per order, not by a rule
    reported_fee: Decimal | None  # the seller fee column (None when blank)
    order_id: int | None = None  # the imported order, when checked from the database


@dataclass(frozen=True)
class Checked:
    sale: Sale
    level: int | None
    quoted_payout: Decimal
    verdict: str
    explanation: str

    @property
    def difference(self) -> Decimal:
        """Reported minus quoted payout: positive when StockX paid more than the rules."""
        return self.sale.payout - self.quoted_payout

    @property
    def agrees(self) -> bool:
        return self.verdict in ("match", "rounding")


def check_sale(schedule: FeeSchedule, sale: Sale, level: int | None) -> Checked:
    def payout_at(lvl):
        quote = schedule.quote(sale.price, sale.sold_on, lvl)
        shipping = Decimal("0") if quote.amount("shipping") else sale.shipping
        return quote, quote.payout - shipping

    quote, quoted = payout_at(level)
    difference = sale.payout - quoted
    rule_fee = quote.amount("transaction")
    fee_taken = rule_fee - difference  # the seller fee StockX really kept
    euro = format_euro

    def verdict(code: str, text: str) -> Checked:
        return Checked(sale, level, quoted, code, text)

    if difference == 0:
        return verdict("match", _("The rules give the payout to the cent."))
    if abs(difference) <= TOLERANCE:
        return verdict(
            "rounding",
            _("%(amount)s apart: StockX rounds each column on its own.")
            % {"amount": euro(abs(difference))},
        )
    if sale.reported_fee is None:
        return verdict(
            "unreported",
            _("The report shows no seller fee, but StockX kept %(taken)s; the rules give %(rule)s.")
            % {"taken": euro(fee_taken), "rule": euro(rule_fee)},
        )
    line = next((x for x in quote.lines if x.fee_type == "transaction"), None)
    if line is not None and line.minimum_applied:
        percent_only = to_cents(sale.price * line.rule.percentage / 100 + line.rule.fixed_amount)
        if abs(fee_taken - percent_only) <= TOLERANCE:
            return verdict(
                "no_minimum",
                _("StockX charged %(fee)s without the minimum fee of %(minimum)s.")
                % {"fee": euro(fee_taken), "minimum": euro(line.rule.minimum_amount)},
            )
    for other in LEVELS:
        if other != level and abs(sale.payout - payout_at(other)[1]) <= TOLERANCE:
            return verdict(
                "level",
                _("The fee (%(fee)s) is level %(other)s's; the level of this date is %(level)s.")
                % {"fee": euro(fee_taken), "other": other, "level": level or "–"},
            )
    if difference > 0:
        return verdict(
            "lower",
            _("StockX kept %(amount)s less than the rules (seller fee %(taken)s): a promotion?")
            % {"amount": euro(difference), "taken": euro(fee_taken)},
        )
    return verdict(
        "higher",
        _("StockX kept %(amount)s more than the rules (seller fee %(taken)s): did the fees change?")
        % {"amount": euro(-difference), "taken": euro(fee_taken)},
    )


VERDICTS = ("match", "rounding", "unreported", "no_minimum", "level", "lower", "higher")
VERDICT_LABELS = {
    "match": gettext_lazy("to the cent"),
    "rounding": gettext_lazy("rounding"),
    "unreported": gettext_lazy("fee not reported"),
    "no_minimum": gettext_lazy("without the minimum fee"),
    "level": gettext_lazy("another seller level"),
    "lower": gettext_lazy("less than the rules"),
    "higher": gettext_lazy("more than the rules"),
}


def check_sales(schedule: FeeSchedule, sales: list[Sale]) -> list[Checked]:
    return [check_sale(schedule, sale, schedule.level_on(sale.sold_on)) for sale in sales]


def report_sales(path: Path) -> tuple[list[Sale], list[str]]:
    """The sales of a StockX sales report, and the errors of rows that cannot be read
    (each naming its line, column and value). Raises ReportFileError for an unusable file."""
    sales, errors = [], []
    for row in read_report(path):
        if not row.valid:
            errors += [str(RowError.from_dict(error)) for error in row.errors]
            continue
        sales.append(
            Sale(
                reference=row.order_number,
                sold_on=timezone.localdate(row.sold_at),
                price=row.gross_sale,
                payout=row.net_proceeds,
                shipping=row.shipping_cost or Decimal("0"),
                reported_fee=row.seller_fee,
            )
        )
    return sales, errors


def order_sales(orders) -> list[Sale]:
    """Imported orders as sales to check. The report import keeps what the Seller Fee
    column said (blank included); an API order's fee is what StockX reported."""
    sales = []
    for order in orders.filter(gross_sale__isnull=False, net_proceeds__isnull=False):
        extra = order.platform_specific_data or {}
        if "seller_fee_reported" in extra:
            reported = extra["seller_fee_reported"]
            reported = None if reported in (None, "") else Decimal(str(reported))
        else:
            reported = order.platform_fee
        sales.append(
            Sale(
                reference=order.external_id,
                sold_on=timezone.localdate(order.sold_at),
                price=order.gross_sale,
                payout=order.net_proceeds,
                shipping=order.shipping_cost or Decimal("0"),
                reported_fee=reported,
                order_id=order.pk,
            )
        )
    return sales
