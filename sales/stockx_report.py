"""Reading and validating StockX's "historical seller sales report" CSV.

`read_report(path)` streams the file and yields one `ReportRow` per record with either
parsed values or the reasons it is invalid (line, column, value, reason). A file that
cannot be read as a report at all raises `ReportFileError` with one clear message.
Money per order (see original-system.md §2.1):

    gross_sale   = Listing Price
    net_proceeds = Total Gross Amount (Total Payout)
    payment_fee  = Payment Processing;  shipping_cost = Shipping Fee (may be negative)
    platform_fee = gross_sale − net_proceeds − payment_fee − shipping_cost

so the minimum transaction fee StockX leaves out of the Seller Fee column is kept; rows
where the Seller Fee column disagrees are flagged, not rejected.
"""

import csv
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from decimal import Decimal
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from soleflip.lib.formats import format_number
from soleflip.lib.parsing import check_date, clean, parse_money, parse_stockx_datetime
from soleflip.lib.rows import ImportFileError, RowError, refuse_nul_bytes

COLUMNS = (
    "Seller Name",
    "Seller Address (Billing)",
    "Seller VAT Number",
    "Sold To Name",
    "Sold To address",
    "Sold to VAT Number",
    "Fiscal Representative Name",
    "Fiscal Representative Address",
    "StockX Destination Address",
    "Payout date",
    "Invoice Date",
    "Invoice Number",
    "Item",
    "Sku Name",
    "Sku Size",
    "Style",
    "Order Number",
    "Sale Date",
    "Seller Tracking Number",
    "Buyer Destination Country",
    "Buyer Destination City",
    "Buyer Tracking Number",
    "Quantity",
    "Ship From Address",
    "Ship To Address",
    "Seller Fee",
    "Seller Fee Currency",
    "Payment Processing",
    "Payment Processing Currency",
    "Shipping Fee",
    "Shipping Fee Currency",
    "VAT Rate",
    "Total Net Amount (Payout Excluding VAT)",
    "Total Net Amount (Payout Excluding VAT) Currency",
    "Listing Price",
    "Listing Price Currency",
    "Total Gross Amount (Total Payout)",
    "Total Gross Amount (Total Payout) Currency",
    "Total VAT Amount",
    "Total VAT Amount Currency",
    "Payout ID",
    "Special references",
    "Provider Transaction ID",
    "Total Invoice Amount",
)
REQUIRED = (
    "Order Number",
    "Sale Date",
    "Item",
    "Sku Size",
    "Style",
    "Listing Price",
    "Total Gross Amount (Total Payout)",
    "Payment Processing",
    "Shipping Fee",
    "Seller Fee",
)
PAYOUT = "Total Gross Amount (Total Payout)"
# StockX rounds each money column on its own: a sum a few cents off is rounding.
ROUNDING_TOLERANCE = Decimal("0.05")
# A sale is dated today at the latest (a little slack for time zones and clocks); a
# payout may be announced for the coming weeks.
SALE_DAYS_AHEAD = 2
PAYOUT_DAYS_AHEAD = 60
_ORDER_NUMBER = re.compile(r"^[0-9A-Za-z]+(?:-[0-9A-Za-z]+)*$")


class ReportFileError(ImportFileError):
    """The file as a whole cannot be imported as a StockX report (nothing is written)."""


@dataclass(slots=True)
class ReportRow:
    line: int
    raw: dict[str, str]
    cells: list[str] = field(default_factory=list)  # the raw values in the file's order
    errors: list[dict] = field(default_factory=list)
    order_number: str = ""
    sold_at: datetime | None = None
    item: str = ""
    sku_name: str = ""
    style: str | None = None
    size_token: str | None = None
    currency: str = "EUR"
    gross_sale: Decimal | None = None
    net_proceeds: Decimal | None = None
    payment_fee: Decimal | None = None
    shipping_cost: Decimal | None = None
    seller_fee: Decimal | None = None
    platform_fee: Decimal | None = None
    fee_mismatch: bool = False
    rounding: Decimal | None = None  # cents the export's columns are off (see _derive_fee)
    payout_date: datetime | None = None
    payout_reference: str = ""
    invoice_number: str = ""
    country: str = ""
    city: str = ""

    def error(self, column: str, value: str | None, reason: str) -> None:
        self.errors.append(RowError(self.line, column, value, reason).as_dict())

    @property
    def valid(self) -> bool:
        return not self.errors

    def parsed(self) -> dict:
        """JSON-ready parsed values, as kept in integration.import_records."""
        money = lambda v: None if v is None else str(v)  # noqa: E731
        when = lambda v: None if v is None else v.isoformat()  # noqa: E731
        return {
            "order_number": self.order_number,
            "sold_at": when(self.sold_at),
            "item": self.item,
            "sku_name": self.sku_name,
            "style": self.style,
            "size": self.size_token,
            "currency": self.currency,
            "gross_sale": money(self.gross_sale),
            "net_proceeds": money(self.net_proceeds),
            "payment_fee": money(self.payment_fee),
            "shipping_cost": money(self.shipping_cost),
            "seller_fee": money(self.seller_fee),
            "platform_fee": money(self.platform_fee),
            "fee_mismatch": self.fee_mismatch,
            "rounding": money(self.rounding),
            "payout_date": when(self.payout_date),
            "payout_reference": self.payout_reference,
            "invoice_number": self.invoice_number,
            "country": self.country,
            "city": self.city,
        }


def _money(row: ReportRow, column: str, *, required: bool = False, signed: bool = False):
    value = row.raw.get(column)
    try:
        amount = parse_money(value)
    except ValueError as exc:
        row.error(column, value, str(exc))
        return None
    if amount is None and required:
        row.error(column, value, _("is required"))
    elif amount is not None and amount < 0 and not signed:
        row.error(column, value, _("must not be negative"))
    return amount


def _datetime(row: ReportRow, column: str, *, latest: date, required: bool = False):
    """A report timestamp, no earlier than 2000 and no later than `latest`."""
    value = row.raw.get(column)
    try:
        parsed = parse_stockx_datetime(value)
        if parsed is not None:
            check_date(parsed.date(), latest=latest, what=column.lower())
    except ValueError as exc:
        row.error(column, value, str(exc))
        return None
    if parsed is None and required:
        row.error(column, value, _("is required"))
    return parsed


def latest_dates() -> tuple[date, date]:
    """The latest sale and payout dates a report may hold, from today (worked out once
    per file, not per row)."""
    today = timezone.localdate()
    return today + timedelta(days=SALE_DAYS_AHEAD), today + timedelta(days=PAYOUT_DAYS_AHEAD)


def parse_row(row: ReportRow, latest: tuple[date, date] | None = None) -> ReportRow:
    """Parse and check one row; `latest`: latest_dates() (worked out when not given)."""
    raw = row.raw
    latest_sale, latest_payout = latest or latest_dates()
    row.order_number = clean(raw.get("Order Number")) or ""
    if not row.order_number:
        row.error("Order Number", raw.get("Order Number"), _("is required"))
    elif len(row.order_number) > 100 or not _ORDER_NUMBER.match(row.order_number):
        row.error("Order Number", raw.get("Order Number"), _("is not an order number"))
    row.sold_at = _datetime(row, "Sale Date", latest=latest_sale, required=True)
    row.payout_date = _datetime(row, "Payout date", latest=latest_payout)
    row.item = clean(raw.get("Item")) or ""
    if not row.item:
        row.error("Item", raw.get("Item"), _("is required"))
    row.sku_name = clean(raw.get("Sku Name")) or ""
    row.style = clean(raw.get("Style"))
    row.size_token = clean(raw.get("Sku Size"))
    row.gross_sale = _money(row, "Listing Price", required=True)
    row.net_proceeds = _money(row, PAYOUT, required=True)
    row.payment_fee = _money(row, "Payment Processing")
    row.shipping_cost = _money(row, "Shipping Fee", signed=True)
    row.seller_fee = _money(row, "Seller Fee")
    currency = clean(raw.get("Listing Price Currency")) or "EUR"
    payout_currency = clean(raw.get(f"{PAYOUT} Currency")) or currency
    if not re.fullmatch(r"[A-Z]{3}", currency):
        row.error("Listing Price Currency", currency, _("is not a currency code"))
    elif payout_currency != currency:
        row.error(
            f"{PAYOUT} Currency",
            payout_currency,
            _("differs from the listing currency %(currency)s") % {"currency": currency},
        )
    row.currency = currency
    quantity = clean(raw.get("Quantity"))
    if quantity not in (None, "1"):
        row.error("Quantity", quantity, _("only single-pair rows (Quantity 1) can be imported"))
    if row.sold_at and row.payout_date and row.payout_date < row.sold_at:
        row.error("Payout date", raw.get("Payout date"), _("is before the Sale Date"))
    if row.gross_sale is not None and row.net_proceeds is not None and not row.errors:
        _derive_fee(row)
    reference = clean(raw.get("Payout ID"))
    row.payout_reference = "" if reference in (None, "0") else reference
    row.invoice_number = clean(raw.get("Invoice Number")) or ""
    row.country = clean(raw.get("Buyer Destination Country")) or ""
    row.city = clean(raw.get("Buyer Destination City")) or ""
    return row


def _derive_fee(row: ReportRow) -> None:
    """platform_fee = listing − payout − processing − shipping. StockX rounds each column
    on its own, so the sum may come out a cent or two below zero: the export's listing
    price and payout are kept exactly and the cents are taken off the processing fee (the
    shipping fee when there is none), so listing = fee + processing + shipping + payout
    holds to the cent; the row carries a rounding warning. More than ROUNDING_TOLERANCE
    off is an error."""
    fee = row.gross_sale - row.net_proceeds - (row.payment_fee or 0) - (row.shipping_cost or 0)
    if fee < 0 and -fee <= ROUNDING_TOLERANCE:
        row.rounding = -fee
        if row.payment_fee and row.payment_fee >= row.rounding:
            row.payment_fee -= row.rounding
        else:
            row.shipping_cost = (row.shipping_cost or 0) - row.rounding
        fee = Decimal("0.00")
    elif fee < 0:
        row.error(PAYOUT, row.raw.get(PAYOUT), _("is more than the Listing Price minus the fees"))
    row.platform_fee = fee
    row.fee_mismatch = row.seller_fee is not None and row.seller_fee != fee


def read_report(
    path: Path, *, max_bytes: int | None = None, header_out: list | None = None
) -> Iterator[ReportRow]:
    """Yield every data row of the report, parsed; raise ReportFileError for a file that is
    not a StockX sales report. Line numbers are the file's physical line where the record
    starts (records may span several lines). `header_out` receives the header's names."""
    size = path.stat().st_size
    if size == 0:
        raise ReportFileError(_("The file is empty."))
    if max_bytes is not None and size > max_bytes:
        raise ReportFileError(
            _("The file is %(size)s MB; the limit is %(limit)s MB.")
            % {
                "size": format_number(size / 1_048_576, 1),
                "limit": format_number(max_bytes / 1_048_576, 0),
            }
        )
    refuse_nul_bytes(path)
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle, strict=True)
        try:
            header = next(reader, None)
            if header is None:
                raise ReportFileError(_("The file is empty."))
            header = [h.strip() for h in header]
            if header_out is not None:
                header_out[:] = header
            missing = [c for c in REQUIRED if c not in header]
            if missing:
                if len(header) < 3 or not any(c in header for c in REQUIRED):
                    raise ReportFileError(
                        _(
                            "This is not a StockX sales report: the first line has none of its "
                            "columns (expected e.g. Order Number, Sale Date, Item, Listing Price)."
                        )
                    )
                raise ReportFileError(
                    _("Columns missing from the header: %(columns)s.")
                    % {"columns": ", ".join(missing)}
                )
            seen: set[str] = set()
            latest = latest_dates()
            start = reader.line_num + 1
            for record in reader:
                line, start = start, reader.line_num + 1
                if not any(value.strip() for value in record):
                    continue
                row = ReportRow(line, dict(zip(header, record, strict=False)), record)
                if len(record) != len(header):
                    row.error(
                        _("(row)"),
                        None,
                        _("has %(fields)s fields, the header has %(columns)s")
                        % {"fields": len(record), "columns": len(header)},
                    )
                else:
                    parse_row(row, latest)
                if row.order_number in seen:
                    row.error("Order Number", row.order_number, _("appears twice in this file"))
                seen.add(row.order_number)
                yield row
        except UnicodeDecodeError as exc:
            raise ReportFileError(
                _(
                    "The file is not UTF-8 text (error near line %(line)s); export it again "
                    "from StockX or save it as CSV UTF-8."
                )
                % {"line": reader.line_num + 1}
            ) from exc
        except csv.Error as exc:
            raise ReportFileError(
                _("The file is not a readable CSV (line %(line)s): %(error)s.")
                % {"line": reader.line_num, "error": exc}
            ) from exc
