from collections.abc import Callable, Iterable, Iterator
from datetime import date
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sales.export import PurchaseRow, SaleRow, Summary, purchase_rows, sales_rows
from sales.export_files import CSV_STYLES, csv_chunks, write_workbook
from soleflip.lib.formats import format_date, format_number
from soleflip.lib.periods import implausible


def _day(value: str, option: str) -> date:
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise CommandError(_('"%(value)s" is not a date (YYYY-MM-DD)') % {"value": value}) from None
    if error := implausible(day, option):
        raise CommandError(error)
    return day


def _counted(rows: Iterable, add: Callable) -> Iterator:
    for row in rows:
        add(row)
        yield row


class Command(BaseCommand):
    help = (
        "Write the accountant export of a period (both dates included): sales and purchases "
        "as two CSV files, or one XLSX workbook with a Summary sheet, into the --out folder."
    )

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", required=True, help="First day, YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="Last day, YYYY-MM-DD")
        parser.add_argument("--format", choices=["csv", "xlsx"], default="csv")
        parser.add_argument("--csv-style", choices=sorted(CSV_STYLES), default="de")
        parser.add_argument("--out", type=Path, required=True, help="Folder for the files")

    def handle(self, *args, start, end, format, csv_style, out: Path, **options):
        start, end = _day(start, "--from"), _day(end, "--to")
        if start > end:
            raise CommandError(
                _("--to (%(end)s) is before --from (%(start)s)")
                % {"end": format_date(end), "start": format_date(start)}
            )
        if not out.is_dir():
            raise CommandError(_("%(folder)s: no such folder") % {"folder": out})
        summary, written = Summary(start, end), []
        if format == "xlsx":
            written.append(out / f"soleflip-workbook-{start}_{end}.xlsx")
            with written[0].open("wb") as handle:
                summary = write_workbook(start=start, end=end, out=handle)
        else:
            files = (
                ("sales", sales_rows, SaleRow._fields, summary.add_sale),
                ("purchases", purchase_rows, PurchaseRow._fields, summary.add_purchase),
            )
            for name, rows, fields, add in files:
                written.append(out / f"soleflip-{name}-{start}_{end}.csv")
                lines = _counted(rows(start=start, end=end), add)
                with written[-1].open("w", encoding="utf-8", newline="") as handle:
                    handle.writelines(csv_chunks(lines, fields, CSV_STYLES[csv_style]))
        self.stdout.write(
            _("%(sales)s sales, %(pairs)s purchased pairs (%(start)s to %(end)s): %(files)s")
            % {
                "sales": format_number(summary.sales_total.lines),
                "pairs": format_number(summary.purchases_total.lines),
                "start": format_date(start),
                "end": format_date(end),
                "files": ", ".join(str(p) for p in written),
            }
        )
