"""The accountant export as files: CSV (streamed line by line) and an XLSX workbook.

CSV (soleflip/lib/csvout.py, the one CSV writer of every download) comes in the German
Excel style (default: semicolons, decimal comma, UTF-8 with a byte order mark, dates
DD.MM.YYYY and yes/no in words of the active language) or the international style for other
software (commas, decimal point, ISO dates, "yes"/"no": values a program reads the same
whoever exported them); formula-like text is neutralised there. The header line follows the
active language in both: it names the columns for the person who opens the file, and a
program matches columns by position. One line per pair, no totals line, so the columns
sum and pivot cleanly; the totals are on the page and in the workbook's Summary sheet.

XLSX (XlsxWriter in constant-memory mode: rows go to disk as they are written, and it is
about twice as fast as openpyxl, which matters for a year of lines): sheets Sales,
Purchases and Summary (named and headed in the active language: the task writes in the
language of the user who asked); amounts are numeric cells formatted #,##0.00 (Excel shows
them with the reader's separators, 1.234,56 in German Excel), dates real dates shown as
DD.MM.YYYY (English: D MMM YYYY), text cells always text.
"""

from collections.abc import Callable, Iterable, Iterator
from datetime import date
from decimal import Decimal
from typing import BinaryIO, NamedTuple

import xlsxwriter
from django.utils.translation import get_language, gettext

from soleflip.lib import csvout
from soleflip.lib.csvout import CsvStyle

from .export import (
    DATES,
    PurchaseRow,
    SaleRow,
    Summary,
    purchase_rows,
    sales_rows,
    titles,
)

CSV_STYLES = csvout.STYLES


def csv_chunks(
    rows: Iterable[NamedTuple], fields: tuple[str, ...], style: CsvStyle
) -> Iterator[str]:
    """The CSV text of export rows (SaleRow or PurchaseRow) in pieces."""
    if style.name == csvout.GERMAN.name:
        rows = _for_german_excel(rows, fields)
    return csvout.csv_chunks(titles(fields), rows, style, name="Accountant export")


def _for_german_excel(rows: Iterable[NamedTuple], fields: tuple[str, ...]) -> Iterator[list]:
    """Dates as DD.MM.YYYY (what German Excel reads as a date, whatever the page's
    language: it is the file format, not a display) and yes/no as words."""
    dates = [i for i, name in enumerate(fields) if name in DATES]
    flags = [i for i, name in enumerate(fields) if name == "cost_missing"]
    words = {True: gettext("yes"), False: gettext("no")}
    for row in rows:
        values = list(row)
        for i in dates:
            if values[i] is not None:
                values[i] = f"{values[i]:%d.%m.%Y}"
        for i in flags:
            values[i] = words[values[i]]
        yield values


def sales_csv(*, start: date, end: date, style: CsvStyle) -> Iterator[str]:
    return csv_chunks(sales_rows(start=start, end=end), SaleRow._fields, style)


def purchases_csv(*, start: date, end: date, style: CsvStyle) -> Iterator[str]:
    return csv_chunks(purchase_rows(start=start, end=end), PurchaseRow._fields, style)


# -- XLSX -------------------------------------------------------------------------------

PROGRESS_EVERY = 2000  # lines between two progress reports of a workbook
MONEY_FORMAT = "#,##0.00"
DATE_FORMATS = {"de": "DD.MM.YYYY", "en": "D MMM YYYY"}
# Text is always written as text, never read as a formula, number or link.
WORKBOOK_OPTIONS = {
    "constant_memory": True,
    "strings_to_formulas": False,
    "strings_to_numbers": False,
    "strings_to_urls": False,
}


# Column widths in characters: wide enough for the values, not only for the headers.
COLUMN_WIDTHS = {
    "product": 42,
    "supplier": 24,
    "marketplace": 14,
    "order_number": 22,
    "invoice_number": 20,
    "sku": 16,
    "output_vat_treatment": 24,
}


class _Sheet:
    """Rows appended to one worksheet, each value written as what it is."""

    def __init__(self, book: xlsxwriter.Workbook, name: str, formats: dict):
        self.sheet, self.formats, self.row = book.add_worksheet(name), formats, 0
        self.yes, self.no = gettext("yes"), gettext("no")

    def append(self, values: Iterable, *, bold: bool = False) -> None:
        sheet, formats, row = self.sheet, self.formats, self.row
        for col, value in enumerate(values):
            if value is None or value == "":
                continue  # an empty cell, not an empty string
            if isinstance(value, bool):
                sheet.write_string(row, col, self.yes if value else self.no)
            elif isinstance(value, Decimal):
                sheet.write_number(row, col, value, formats["money"])
            elif isinstance(value, int):
                sheet.write_number(row, col, value)
            elif isinstance(value, date):
                sheet.write_datetime(row, col, value, formats["date"])
            else:
                sheet.write_string(row, col, str(value), formats["bold"] if bold else None)
        self.row += 1


def _write_lines(
    sheet: _Sheet,
    fields: tuple[str, ...],
    rows: Iterable,
    add: Callable,
    progress: Callable[[int], None] | None,
    before: int = 0,
) -> int:
    """Write the header and rows; returns `before` plus the lines written."""
    sheet.sheet.freeze_panes(1, 0)
    header = titles(fields)
    for col, name in enumerate(fields):
        sheet.sheet.set_column(col, col, COLUMN_WIDTHS.get(name, max(12, len(header[col]) + 2)))
    sheet.append(header, bold=True)
    done = before
    for done, row in enumerate(rows, before + 1):
        sheet.append(row)
        add(row)
        if progress and done % PROGRESS_EVERY == 0:
            progress(done)
    return done


def write_workbook(
    *, start: date, end: date, out: BinaryIO, progress: Callable[[int], None] | None = None
) -> Summary:
    """Write the period's workbook to `out` in the active language; returns the totals it
    holds. `progress` is told the lines written so far every PROGRESS_EVERY lines."""
    book = xlsxwriter.Workbook(out, WORKBOOK_OPTIONS)
    language = "en" if (get_language() or "de").startswith("en") else "de"
    formats = {
        "money": book.add_format({"num_format": MONEY_FORMAT}),
        "date": book.add_format({"num_format": DATE_FORMATS[language]}),
        "bold": book.add_format({"bold": True}),
    }
    names = (gettext("Sales"), gettext("Purchases"), gettext("Summary"))
    sales, purchases, totals = (_Sheet(book, name, formats) for name in names)
    summary = Summary(start, end)
    done = _write_lines(
        sales, SaleRow._fields, sales_rows(start=start, end=end), summary.add_sale, progress
    )
    rows = purchase_rows(start=start, end=end)
    _write_lines(purchases, PurchaseRow._fields, rows, summary.add_purchase, progress, done)
    totals.sheet.set_column(0, 0, 40)
    for line, bold in summary_lines(summary):
        totals.append(line, bold=bold)
    book.close()
    return summary


def _summary_table(title: str, groups: list, total) -> list[tuple[list, bool]]:
    heading = [title, gettext("Lines"), gettext("Cost missing"), *titles(total.names)]
    lines = [([], False), (heading, True)]
    for group in [*groups, total]:
        values = [group.label, group.lines, group.cost_missing]
        lines.append((values + [group.sum(n) for n in group.names], group is total))
    return lines


def summary_lines(summary: Summary) -> list[tuple[list, bool]]:
    """The Summary sheet as (values, bold) lines: the period, sales by output-VAT
    treatment and purchases by tax scheme with their totals, and the VAT balance."""
    return [
        ([gettext("Accountant export"), summary.start, summary.end], True),
        *_summary_table(
            gettext("Sales by output VAT treatment"),
            list(summary.sales.values()),
            summary.sales_total,
        ),
        *_summary_table(
            gettext("Purchases by tax scheme"),
            list(summary.purchases.values()),
            summary.purchases_total,
        ),
        ([], False),
        ([gettext("Output VAT less input VAT"), summary.vat_balance], True),
        (
            [
                gettext(
                    "Net profit counts sales with a known cost only; a margin-scheme sale "
                    "without a cost has no output VAT until its cost is entered."
                )
            ],
            False,
        ),
    ]
