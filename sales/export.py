"""The accountant export (issue 6): the sales and purchases of a period, one line per pair,
for the tax adviser to reconcile output VAT (sales) with input VAT (purchases).

Which lines (dates inclusive, in the business's time zone, Europe/Berlin):
- sales: orders sold in the period, cancelled and returned orders left out (as on the
  dashboard); output VAT, cost basis and net profit come from sales/profit.py;
- purchases: pairs bought in the period (purchase date), cancelled purchases left out;
  net, VAT and gross as stored when the cost was entered (soleflip/lib/money.py).

A sale whose pair's cost is unknown is flagged: its output VAT is still given where it does
not depend on the cost (no output VAT, 19 % included), and left empty for the margin
scheme, whose VAT is 19/119 of the margin. Net revenue = gross sale − output VAT.

Files are written by sales/export_files.py; the rows here are plain Decimal/date values.
"""

from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import NamedTuple

from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from inventory.models import StockItem, StockStatus, TaxScheme
from soleflip.lib.formats import format_number
from soleflip.lib.money import GERMAN_VAT

from .models import Marketplace, Order, OrderStatus
from .profit import compute_profit, cost_basis, output_vat

CHUNK = 2000  # rows fetched per round trip; a year is 50,000+ lines
NOT_COUNTED = (OrderStatus.CANCELLED, OrderStatus.RETURNED)
TREATMENTS = dict(Marketplace.OutputVat.choices)
STANDARD = _("standard")
MARGIN = _("margin scheme § 25a")
OTHER_RATE = _("other rate")


class SaleRow(NamedTuple):
    sale_date: date
    marketplace: str
    order_number: str
    invoice_number: str
    buyer_country: str
    pair_id: int | None
    product: str
    sku: str
    size: str
    currency: str
    gross_sale: Decimal | None
    fees: Decimal | None
    payout: Decimal | None
    output_vat_treatment: str
    output_vat: Decimal | None
    net_revenue: Decimal | None
    cost_basis: Decimal | None
    cost_missing: bool
    net_profit: Decimal | None


class PurchaseRow(NamedTuple):
    purchase_date: date
    supplier: str
    order_number: str
    invoice_number: str
    pair_id: int
    product: str
    sku: str
    size: str
    currency: str
    net: Decimal | None
    vat_rate: Decimal | None
    vat: Decimal | None
    gross: Decimal | None
    tax_scheme: str
    cost_missing: bool


# Column titles of the files, in row order, in the active language (str() them when
# writing): the German CSV and workbook have German headers.
TITLES = {
    "sale_date": _("Sale date"),
    "purchase_date": _("Purchase date"),
    "marketplace": _("Marketplace"),
    "supplier": _("Supplier"),
    "order_number": _("Order number"),
    "invoice_number": _("Invoice number"),
    "buyer_country": _("Buyer country"),
    "pair_id": _("Pair ID"),
    "product": _("Product"),
    "sku": _("SKU"),
    "size": _("Size"),
    "currency": _("Currency"),
    "gross_sale": _("Gross sale"),
    "fees": _("Fees"),
    "payout": _("Payout"),
    "output_vat_treatment": _("Output VAT treatment"),
    "output_vat": _("Output VAT"),
    "net_revenue": _("Net revenue"),
    "cost_basis": _("Cost basis"),
    "cost_missing": _("Cost missing"),
    "net_profit": _("Net profit"),
    "net": _("Net"),
    "vat_rate": _("VAT rate %"),
    "vat": _("VAT"),
    "gross": _("Gross"),
    "tax_scheme": _("Tax scheme"),
}


def titles(fields: tuple[str, ...]) -> list[str]:
    """The column titles of `fields` in the active language."""
    return [str(TITLES[name]) for name in fields]


DATES = {"sale_date", "purchase_date"}
SALE_SUMS = ("gross_sale", "fees", "payout", "output_vat", "net_revenue", "net_profit")
PURCHASE_SUMS = ("net", "vat", "gross")

_SALE_FIELDS = (
    "sold_at",
    "marketplace__name",
    "marketplace__output_vat",
    "external_id",
    "invoice_number",
    "buyer_destination_country",
    "inventory_item_id",
    "inventory_item__product__name",
    "inventory_item__product__sku",
    "inventory_item__size__display",
    "currency_code",
    "gross_sale",
    "platform_fee",
    "payment_fee",
    "shipping_cost",
    "net_proceeds",
    "inventory_item__tax_scheme",
    "inventory_item__purchase_price",
    "inventory_item__gross_purchase_price",
    "inventory_item__purchase_date",
)
_PURCHASE_FIELDS = (
    "purchase_date",
    "supplier__name",
    "purchase_order_number",
    "invoice_number",
    "id",
    "product__name",
    "product__sku",
    "size__display",
    "currency",
    "purchase_price",
    "vat_rate",
    "vat_amount",
    "gross_purchase_price",
    "tax_scheme",
)


class _Fees(NamedTuple):
    """The fee fields of an order, for Order.fees_total without loading a model."""

    platform_fee: Decimal | None
    payment_fee: Decimal | None
    shipping_cost: Decimal | None


def _local_day_bounds(start: date, end: date) -> tuple[datetime, datetime]:
    """[start 00:00, day after end 00:00) in local time, so the sold_at index is used."""
    tz = timezone.get_current_timezone()
    return (
        datetime.combine(start, time.min, tzinfo=tz),
        datetime.combine(end + timedelta(days=1), time.min, tzinfo=tz),
    )


def _sold(start: date, end: date):
    low, high = _local_day_bounds(start, end)
    return Order.objects.filter(sold_at__gte=low, sold_at__lt=high).exclude(status__in=NOT_COUNTED)


def _bought(start: date, end: date):
    return StockItem.objects.filter(purchase_date__gte=start, purchase_date__lte=end).exclude(
        status=StockStatus.CANCELLED
    )


def count_lines(*, start: date, end: date) -> int:
    """How many lines the period's files hold (sales and purchases), for a progress bar."""
    return _sold(start, end).count() + _bought(start, end).count()


def sales_rows(*, start: date, end: date) -> Iterator[SaleRow]:
    """One row per order sold from `start` to `end` (inclusive), oldest first."""
    orders = _sold(start, end).order_by("sold_at", "id").values_list(*_SALE_FIELDS)
    for values in orders.iterator(chunk_size=CHUNK):
        yield _sale_row(*values)


def _sale_row(
    sold_at,
    market,
    treatment,
    number,
    invoice,
    country,
    pair_id,
    product,
    sku,
    size,
    currency,
    gross,
    platform_fee,
    payment_fee,
    shipping,
    payout,
    scheme,
    net_price,
    gross_price,
    bought_on,
) -> SaleRow:
    sold_on = timezone.localdate(sold_at)
    cost = pair_id and cost_basis(tax_scheme=scheme, net_price=net_price, gross_price=gross_price)
    fees = Order.fees_total.fget(_Fees(platform_fee, payment_fee, shipping))
    vat = profit = None
    if cost is not None and gross is not None and payout is not None:
        result = compute_profit(
            gross_sale=gross,
            net_proceeds=payout,
            cost=cost,
            treatment=treatment,
            sold_on=sold_on,
            purchased_on=bought_on,
        )
        vat, profit = result.output_vat, result.net_profit
    elif gross is not None and treatment != Marketplace.OutputVat.MARGIN:
        # Without a cost only the margin scheme's VAT is unknown; the others ignore the cost.
        vat = output_vat(treatment=treatment, gross_sale=gross, cost=Decimal(0))
    return SaleRow(
        sale_date=sold_on,
        marketplace=market,
        order_number=number,
        invoice_number=invoice,
        buyer_country=country,
        pair_id=pair_id,
        product=product or "",
        sku=sku or "",
        size=size or "",
        currency=currency,
        gross_sale=gross,
        fees=fees,
        payout=payout,
        output_vat_treatment=str(TREATMENTS.get(treatment, treatment)),
        output_vat=vat,
        net_revenue=None if vat is None else gross - vat,
        cost_basis=cost,
        cost_missing=cost is None,
        net_profit=profit,
    )


def purchase_rows(*, start: date, end: date) -> Iterator[PurchaseRow]:
    """One row per pair bought from `start` to `end` (inclusive), oldest first."""
    pairs = _bought(start, end).order_by("purchase_date", "id").values_list(*_PURCHASE_FIELDS)
    for values in pairs.iterator(chunk_size=CHUNK):
        yield _purchase_row(*values)


def _purchase_row(
    bought_on,
    supplier,
    number,
    invoice,
    pk,
    product,
    sku,
    size,
    currency,
    net,
    rate,
    vat,
    gross,
    scheme,
) -> PurchaseRow:
    return PurchaseRow(
        purchase_date=bought_on,
        supplier=supplier or "",
        order_number=number,
        invoice_number=invoice,
        pair_id=pk,
        product=product,
        sku=sku,
        size=size,
        currency=currency,
        net=net,
        vat_rate=rate,
        vat=vat,
        gross=gross,
        tax_scheme=scheme_label(scheme, rate),
        cost_missing=net is None,
    )


def scheme_label(scheme: str, rate: Decimal | None) -> str:
    """standard (19 % input VAT), §25a margin (none), or other rate (e.g. 7 %, 0 %)."""
    if scheme == TaxScheme.MARGIN:
        return str(MARGIN)
    return str(STANDARD if rate is None or rate == GERMAN_VAT else OTHER_RATE)


def _rate(rate: Decimal) -> str:
    """19.00 -> "19", 7.50 -> "7,5" (German) / "7.5"."""
    text = f"{rate:f}".rstrip("0").rstrip(".") if "." in f"{rate:f}" else f"{rate:f}"
    return format_number(Decimal(text))


# -- totals ---------------------------------------------------------------------------


@dataclass
class Group:
    """Totals of some lines: how many, how many without a cost, and the sums of the
    amounts that are known (a margin-scheme sale without a cost adds no output VAT)."""

    label: str
    names: tuple[str, ...]
    lines: int = 0
    cost_missing: int = 0
    sums: dict[str, Decimal] = field(default_factory=dict)

    def add(self, row: NamedTuple) -> None:
        self.lines += 1
        self.cost_missing += row.cost_missing
        for name in self.names:
            value = getattr(row, name)
            if value is not None:
                self.sums[name] = self.sums.get(name, Decimal("0.00")) + value

    def sum(self, name: str) -> Decimal:
        return self.sums.get(name, Decimal("0.00"))


@dataclass
class Summary:
    """Totals of a period: sales by output-VAT treatment, purchases by tax scheme and rate."""

    start: date
    end: date
    sales: dict[str, Group] = field(default_factory=dict)
    purchases: dict[str, Group] = field(default_factory=dict)
    sales_total: Group = field(default_factory=lambda: Group(gettext("All sales"), SALE_SUMS))
    purchases_total: Group = field(
        default_factory=lambda: Group(gettext("All purchases"), PURCHASE_SUMS)
    )

    def add_sale(self, row: SaleRow) -> None:
        key = row.output_vat_treatment
        self.sales.setdefault(key, Group(key, SALE_SUMS)).add(row)
        self.sales_total.add(row)

    def add_purchase(self, row: PurchaseRow) -> None:
        key = row.tax_scheme
        if row.vat_rate is not None and key != str(MARGIN):
            key = f"{key} {_rate(row.vat_rate)} %"  # input VAT is declared per rate
        self.purchases.setdefault(key, Group(key, PURCHASE_SUMS)).add(row)
        self.purchases_total.add(row)

    @property
    def vat_balance(self) -> Decimal:
        """Output VAT of the sales less input VAT of the purchases (known amounts)."""
        return self.sales_total.sum("output_vat") - self.purchases_total.sum("vat")


def summarize(*, start: date, end: date) -> Summary:
    """The period's totals, summed from the same rows the files hold."""
    summary = Summary(start, end)
    for row in sales_rows(start=start, end=end):
        summary.add_sale(row)
    for row in purchase_rows(start=start, end=end):
        summary.add_purchase(row)
    return summary
