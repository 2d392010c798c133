"""The accountant export as files: CSV (streamed line by line) and an XLSX workbook.

CSV comes in two styles. The default, "de", is what German Excel opens correctly with a
double click: semicolon-separated, decimal comma without thousands separators, UTF-8 with
a byte order mark (so umlauts, € and § survive), ISO dates (YYYY-MM-DD, which German Excel
reads as dates and nothing can misread as a US date). "intl" is for other software:
comma-separated, decimal point, UTF-8 without a mark. Both have one header line and one
line per pair, no totals line, so the columns sum and pivot cleanly; the totals are on
the page and in the workbook's Summary sheet. Text that a spreadsheet would run as a
formula (starting with = + - @) is prefixed with an apostrophe.

XLSX (openpyxl, write-only mode, so a year of lines stays small in memory): sheets Sales,
Purchases and Summary; amounts are numeric cells formatted #,##0.00, dates real dates
shown as DD.MM.YYYY, text cells always text.
"""

import csv
import io
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import BinaryIO, NamedTuple

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .export import (
    TITLES,
    PurchaseRow,
    SaleRow,
    Summary,
    purchase_rows,
    sales_rows,
)

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
LINES_PER_CHUNK = 500


@dataclass(frozen=True)
class CsvStyle:
    name: str
    label: str
    delimiter: str
    decimal: str
    bom: bool


CSV_STYLES = {
    "de": CsvStyle("de", "German Excel (semicolon, decimal comma)", ";", ",", True),
    "intl": CsvStyle("intl", "International (comma, decimal point)", ",", ".", False),
}


def _safe_text(text: str) -> str:
    return "'" + text if text.startswith(FORMULA_START) else text


def _csv_value(value, style: CsvStyle) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:f}".replace(".", style.decimal)
    if isinstance(value, date | int):
        return str(value)  # date.__str__ is ISO 8601
    return _safe_text(str(value))


def csv_chunks(
    rows: Iterable[NamedTuple], fields: tuple[str, ...], style: CsvStyle
) -> Iterator[str]:
    """The CSV text in pieces of a few hundred lines, for a streamed response or a file."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=style.delimiter)
    if style.bom:
        buffer.write("\ufeff")
    writer.writerow([TITLES[name] for name in fields])
    for n, row in enumerate(rows, 1):
        writer.writerow([_csv_value(value, style) for value in row])
        if n % LINES_PER_CHUNK == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


def sales_csv(*, start: date, end: date, style: CsvStyle) -> Iterator[str]:
    return csv_chunks(sales_rows(start=start, end=end), SaleRow._fields, style)


def purchases_csv(*, start: date, end: date, style: CsvStyle) -> Iterator[str]:
    return csv_chunks(purchase_rows(start=start, end=end), PurchaseRow._fields, style)


# -- XLSX -------------------------------------------------------------------------------

MONEY_FORMAT = "#,##0.00"
DATE_FORMAT = "DD.MM.YYYY"


def _cell(sheet, value, *, bold: bool = False) -> WriteOnlyCell:
    cell = WriteOnlyCell(sheet)
    if isinstance(value, date):
        cell.number_format = DATE_FORMAT
    elif isinstance(value, Decimal):
        cell.number_format = MONEY_FORMAT
    if isinstance(value, bool):
        value = "yes" if value else "no"
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"  # never a formula or an error code, whatever the text
    if bold:
        cell.font = Font(bold=True)
    return cell


def _write_lines(sheet, fields: tuple[str, ...], rows: Iterable, add: Callable) -> None:
    sheet.freeze_panes = "A2"
    sheet.append([_cell(sheet, TITLES[name], bold=True) for name in fields])
    for row in rows:
        sheet.append([_cell(sheet, value) for value in row])
        add(row)


def write_workbook(*, start: date, end: date, out: BinaryIO) -> Summary:
    """Write the period's workbook to `out`; returns the totals it holds."""
    book = Workbook(write_only=True)
    sales, purchases, totals = (book.create_sheet(t) for t in ("Sales", "Purchases", "Summary"))
    summary = Summary(start, end)
    _write_lines(sales, SaleRow._fields, sales_rows(start=start, end=end), summary.add_sale)
    _write_lines(
        purchases, PurchaseRow._fields, purchase_rows(start=start, end=end), summary.add_purchase
    )
    for line in summary_lines(summary):
        totals.append([_cell(totals, value, bold=i == 0) for i, value in enumerate(line)])
    book.save(out)
    return summary


def summary_lines(summary: Summary) -> list[list]:
    """The Summary sheet: a title, then sales and purchases by VAT treatment with totals."""
    lines: list[list] = [
        ["Accountant export", summary.start, summary.end],
        [],
        ["Sales by output VAT treatment", "Lines", "Cost missing"]
        + [TITLES[n] for n in summary.sales_total.names],
    ]
    for group in [*summary.sales.values(), summary.sales_total]:
        lines.append(
            [group.label, group.lines, group.cost_missing] + [group.sum(n) for n in group.names]
        )
    lines += [
        [],
        ["Purchases by tax scheme", "Lines", "Cost missing"]
        + [TITLES[n] for n in summary.purchases_total.names],
    ]
    for group in [*summary.purchases.values(), summary.purchases_total]:
        lines.append(
            [group.label, group.lines, group.cost_missing] + [group.sum(n) for n in group.names]
        )
    lines += [
        [],
        ["Output VAT less input VAT", summary.vat_balance],
        [
            "Net profit counts sales with a known cost only; a margin-scheme sale without a "
            "cost has no output VAT until its cost is entered."
        ],
    ]
    return lines
