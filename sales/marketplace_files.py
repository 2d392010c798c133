"""Reading any marketplace's sales export (CSV or XLSX) through a column mapping: which
column holds the order number, the date, the item, style code, size, sale price, each fee,
the payout, the currency and the buyer's country. Presets name the columns of known
exports (Alias/GOAT, eBay); any other file is mapped on the upload page.

Values are read as the marketplaces write them: dates dd/mm/yy, dd/mm/yyyy, dd.mm.yy,
dd.mm.yyyy or ISO (day first, never month first: 05.03.2024 is 5 March), with an
optional time; amounts with a currency sign or code, decimal comma or point, or whole
cents where the preset says so (Alias's PRODUCT_PRICE_CENTS_SALE_PRICE: 12500 = 125.00).
"""

import re
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.lib.mapping import ColumnMapping, Schema
from soleflip.lib.parsing import check_amount, clean, parse_money, to_cents
from soleflip.lib.rows import CsvRow, ImportFileError, RowError, read_csv

FIELDS = {
    "order_number": gettext_lazy("Order number"),
    "sold_at": gettext_lazy("Sale date"),
    "item": gettext_lazy("Item"),
    "style_code": gettext_lazy("Style code"),
    "size": gettext_lazy("Size"),
    "sale_price": gettext_lazy("Sale price"),
    "platform_fee": gettext_lazy("Selling fee"),
    "payment_fee": gettext_lazy("Payment processing"),
    "shipping_cost": gettext_lazy("Shipping"),
    "payout": gettext_lazy("Payout"),
    "currency": gettext_lazy("Currency"),
    "buyer_country": gettext_lazy("Buyer country"),
    "payout_date": gettext_lazy("Payout date"),
}
REQUIRED = ("order_number", "sold_at", "sale_price")
FEES = ("platform_fee", "payment_fee", "shipping_cost")
AMOUNTS = ("sale_price", *FEES, "payout")
_DATE = re.compile(
    r"(?P<a>\d{1,4})[./-](?P<b>\d{1,2})[./-](?P<c>\d{2,4})"
    r"(?:[ T](?P<h>\d{1,2}):(?P<m>\d{2})(?::(?P<s>\d{2}))?)?"
)
_CODE = re.compile(r"^[A-Z]{3}$")


GUESSES = {
    "order_number": ("order number", "order id", "order", "bestellnummer"),
    "sold_at": ("sale date", "sold at", "date", "datum", "verkaufsdatum"),
    "item": ("item", "item title", "name", "title", "artikel"),
    "style_code": ("sku", "style", "style code", "custom label"),
    "size": ("size", "größe"),
    "sale_price": ("sale price", "price", "sold for", "preis", "verkaufspreis"),
    "payout": ("payout", "net", "auszahlung"),
    "currency": ("currency", "währung"),
}
SALES = Schema(fields=FIELDS, required=REQUIRED, one_of=(("item", "style_code"),), guesses=GUESSES)


class Mapping(ColumnMapping):
    """Order field -> column of a sales export (the shared mechanism, soleflip/lib/mapping.py)."""

    schema = SALES


ALIAS = Mapping(
    columns={
        "order_number": "ORDER_NUMBER",
        "item": "NAME",
        "sale_price": "PRODUCT_PRICE_CENTS_SALE_PRICE",
        "sold_at": "PURCHASED_DATE",
        "payout_date": "CREDIT_DATE",
        "style_code": "SKU",
        "size": "SIZE",
    },
    cents=frozenset({"sale_price"}),
    currency="USD",
)
EBAY = Mapping(
    columns={
        "order_number": "Order Number",
        "sold_at": "Sale Date",
        "item": "Item Title",
        "style_code": "Custom Label",
        "size": "Variation Details",
        "sale_price": "Sold For",
        "shipping_cost": "Shipping And Handling",
        "buyer_country": "Buyer Country",
        "payout_date": "Paid On Date",
    },
)
PRESETS = {"alias": ALIAS, "goat": ALIAS, "ebay": EBAY}


def preset_for(slug: str, header: list[str]) -> Mapping:
    """The shipped preset of a marketplace, else a guess from the header's names."""
    if slug in PRESETS:
        return PRESETS[slug]
    return Mapping.guess(header)


def read_export(path: Path, *, max_bytes: int) -> tuple[list[str], list[CsvRow]]:
    """The header and rows of a CSV or XLSX export (the first sheet)."""
    if path.suffix.lower() in (".xlsx", ".xlsm"):
        return _read_xlsx(path, max_bytes=max_bytes)
    rows = read_csv(path, max_bytes=max_bytes)
    return list(rows[0].raw), rows


def _read_xlsx(path: Path, *, max_bytes: int) -> tuple[list[str], list[CsvRow]]:
    from openpyxl import load_workbook

    if path.stat().st_size > max_bytes:
        raise ImportFileError(_("The file is larger than the limit."))
    try:
        sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
    except Exception as error:  # openpyxl raises many kinds for a file that is no workbook
        raise ImportFileError(_("The file is not a readable XLSX workbook.")) from error
    values = sheet.iter_rows(values_only=True)
    header = [str(v).strip() if v is not None else "" for v in next(values, ())]
    rows = []
    for line, record in enumerate(values, start=2):
        cells = [_cell_text(v) for v in record]
        if any(cells):
            rows.append(CsvRow(line, dict(zip(header, cells, strict=False))))
    if not rows:
        raise ImportFileError(_("The file has a header but no rows."))
    return header, rows


def _cell_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def parse_day(value: str | None) -> datetime | None:
    """A sale's moment in Berlin time: dd/mm/yy, dd.mm.yyyy, ISO …, time optional."""
    text = clean(value)
    if text is None:
        return None
    match = _DATE.fullmatch(text)
    if not match:
        raise ValueError(_("is not a date (dd.mm.yyyy, dd/mm/yy or yyyy-mm-dd)"))
    a, b, c = match["a"], match["b"], match["c"]
    if len(a) == 4:
        year, month, day = int(a), int(b), int(c)
    else:
        day, month, year = int(a), int(b), int(c) + (2000 if len(c) == 2 else 0)
    try:
        moment = datetime.combine(
            date(year, month, day),
            time(int(match["h"] or 12), int(match["m"] or 0), int(match["s"] or 0)),
        )
    except ValueError as error:
        raise ValueError(_("is not a valid date")) from error
    return timezone.make_aware(moment)


def parse_cents(value: str | None) -> Decimal | None:
    text = clean(value)
    if text is None:
        return None
    if not re.fullmatch(r"-?\d+", text):
        raise ValueError(_("is not a whole number of cents"))
    return check_amount(to_cents(Decimal(text) / 100))


@dataclass
class MarketSale:
    line: int
    raw: dict[str, str]
    errors: list[RowError] = field(default_factory=list)
    values: dict = field(default_factory=dict)

    @property
    def valid(self) -> bool:
        return not self.errors


def parse_sale(row: CsvRow, mapping: Mapping) -> MarketSale:
    """One row through the mapping; every bad value is a RowError naming line, column
    and value."""
    sale = MarketSale(row.line, row.raw)

    def read(name: str, parser):
        column = mapping.columns.get(name)
        if not column:
            return None
        raw = row.raw.get(column)
        try:
            return parser(raw)
        except ValueError as error:
            sale.errors.append(RowError(row.line, column, raw, str(error)))
            return None

    text = lambda v: clean(v)  # noqa: E731
    values = {name: read(name, text) for name in ("order_number", "item", "style_code", "size")}
    values["buyer_country"] = read("buyer_country", text) or ""
    values["sold_at"] = read("sold_at", parse_day)
    values["payout_date"] = read("payout_date", parse_day)
    for name in AMOUNTS:
        values[name] = read(name, parse_cents if name in mapping.cents else parse_money)
    currency = (read("currency", text) or mapping.currency).upper()
    if not _CODE.match(currency):
        sale.errors.append(
            RowError(
                row.line, mapping.columns.get("currency", ""), currency, _("is not a currency code")
            )
        )
    values["currency"] = currency
    for name in REQUIRED:
        if values[name] is None and not any(
            e.column == mapping.columns.get(name) for e in sale.errors
        ):
            sale.errors.append(
                RowError(row.line, mapping.columns.get(name, str(FIELDS[name])), "", _("is empty"))
            )
    if not (values["item"] or values["style_code"]):
        sale.errors.append(
            RowError(
                row.line, mapping.columns.get("item", ""), "", _("is empty (and no style code)")
            )
        )
    sale.values = values
    return sale
