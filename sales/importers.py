"""The StockX sales report and other marketplaces' sales exports as importers of the one
import frame (soleflip/core/imports.py); the reading is in stockx_report.py and
marketplace_files.py, the checking and writing in stockx_import.py and
marketplace_import.py."""

from datetime import datetime
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from soleflip.core.imports import Checked, Figure, Importer, Written
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.formats import format_date, format_euro, format_number

from . import marketplace_import, stockx_import
from .forms import StockXReportForm
from .marketplace_files import FIELDS
from .marketplace_forms import MarketplaceSalesForm


class StockXReportImporter(Importer):
    source = ImportBatch.Source.STOCKX_SALES_REPORT
    title = gettext_lazy("StockX sales report")
    permission = "sales.add_order"
    form_class = StockXReportForm
    upload_url = "sales:stockx-upload"
    intro = gettext_lazy(
        "In StockX: Seller tools → Historical sales → export the report as CSV. The file is "
        "checked first; you see what will happen before anything is written. Importing the "
        "same report again changes nothing."
    )

    def validate(self, batch, *, progress, preview):
        """The rows into import_records; the plan (marketplace exports read differently)."""
        return stockx_import.validate_report(batch, preview=preview, progress=progress)

    def write(self, batch, sales):
        return stockx_import.commit_report(batch, sales=sales)

    def check(self, batch, *, progress, preview=True) -> Checked:
        plan = self.validate(batch, preview=preview, progress=progress)
        return Checked(
            rows=plan.rows, rejected=plan.rejected, summary=plan.as_dict(), kept=plan.sales
        )

    def commit(self, batch, kept=None) -> Written:
        plan = self.write(batch, kept)
        return Written(
            created=plan.new_orders,
            updated=plan.updated_orders,
            unchanged=plan.unchanged_orders,
            summary=plan.as_dict(),
        )

    def preview(self, batch):
        s = batch.summary
        return [
            Figure(_("Rows"), s.get("rows", 0), "list-ol"),
            Figure(_("New orders"), s.get("new_orders", 0), "plus-circle"),
            Figure(_("Updated orders"), s.get("updated_orders", 0), "arrow-repeat"),
            Figure(_("Unchanged"), s.get("unchanged_orders", 0), "dash-circle"),
            Figure(_("Matched to stock"), s.get("matched_to_stock", 0), "link-45deg"),
            Figure(_("Without a cost"), s.get("cost_missing", 0), "question-circle"),
        ]

    def notes(self, batch):
        s, notes = batch.summary, []
        if batch.status == ImportBatch.Status.VALIDATED:
            notes.append(_new_products(s.get("new_products", 0), s.get("new_product_examples", [])))
        if s.get("new_brands"):
            notes.append(
                _("New brands to review: %(brands)s.") % {"brands": ", ".join(s["new_brands"])}
            )
        if s.get("fee_mismatches"):
            count = s["fee_mismatches"]
            notes.append(
                ngettext(
                    "%(count)s row where StockX's Seller Fee column disagrees with the fee "
                    "derived from the payout (the derived fee is used).",
                    "%(count)s rows where StockX's Seller Fee column disagrees with the fee "
                    "derived from the payout (the derived fee is used).",
                    count,
                )
                % {"count": format_number(count)}
            )
        if s.get("rounding"):
            count = s["rounding"]
            lines = ", ".join(str(n) for n in s.get("rounding_lines", [])[:20])
            more = " …" if count > 20 else ""
            notes.append(
                ngettext(
                    "Rounding: %(count)s row where StockX's columns add up to a cent or two "
                    "more than the listing price (line %(lines)s); the listing price and "
                    "payout are kept exactly and the processing fee is reduced by those cents.",
                    "Rounding: %(count)s rows where StockX's columns add up to a cent or two "
                    "more than the listing price (lines %(lines)s); the listing price and "
                    "payout are kept exactly and the processing fee is reduced by those cents.",
                    count,
                )
                % {"count": format_number(count), "lines": lines + more}
            )
        if batch.status == ImportBatch.Status.COMPLETED:
            notes.append(
                _("%(matched)s matched to pairs in stock, %(missing)s without a purchase cost.")
                % {
                    "matched": format_number(s.get("matched_to_stock", 0)),
                    "missing": format_number(s.get("cost_missing", 0)),
                }
            )
        return notes

    def result(self, batch):
        return [
            Figure(_("New orders"), batch.created_records, "plus-circle"),
            Figure(_("Updated"), batch.updated_records, "arrow-repeat"),
            Figure(_("Unchanged"), batch.unchanged_records, "dash-circle"),
            Figure(_("Matched to stock"), batch.summary.get("matched_to_stock", 0), "link-45deg"),
            Figure(_("Without a cost"), batch.summary.get("cost_missing", 0), "question-circle"),
        ]

    def links(self, batch):
        orders = f"{reverse('sales:order-list')}?batch={batch.pk}"
        links = [(_("Show the orders"), orders)]
        if batch.summary.get("cost_missing"):
            links.append((_("Orders without a cost"), f"{orders}&cost=missing"))
        return links


def _new_products(count: int, examples: list[str]) -> str:
    """ "3 new products (e.g. DD1391-100, …)." """
    values = {"count": format_number(count), "examples": ", ".join(examples[:5])}
    if examples:
        return (
            ngettext(
                "%(count)s new product (e.g. %(examples)s).",
                "%(count)s new products (e.g. %(examples)s).",
                count,
            )
            % values
        )
    return ngettext("%(count)s new product.", "%(count)s new products.", count) % values


class MarketplaceSalesImporter(StockXReportImporter):
    """Any other marketplace's sales export (Alias/GOAT, eBay, …) through a column mapping;
    checked by marketplace_import.py into the StockX report's record shape, planned and
    written by the same code."""

    source = ImportBatch.Source.MARKETPLACE_SALES
    form_class = MarketplaceSalesForm
    upload_url = "sales:marketplace-upload"
    intro = gettext_lazy(
        "A sales export of Alias, GOAT, eBay or another marketplace (CSV or XLSX). The "
        "columns are read through a mapping: the shipped preset of the marketplace, a saved "
        "one, or a guess from the header; name any column that is called differently in "
        "your file. Fees the file does not report are quoted from the fee rules. Importing "
        "the same file again changes nothing."
    )
    PREVIEW_ROWS = 50

    def options(self, form) -> dict:
        return form.options()

    def validate(self, batch, *, progress, preview):
        return marketplace_import.check_export(batch, preview=preview, progress=progress)

    def write(self, batch, sales):
        return marketplace_import.commit_export(batch, sales)

    def notes(self, batch):
        columns = batch.summary.get("mapping", {}).get("columns", {})
        used = ", ".join(
            f"{FIELDS[name]} ← {column}" for name, column in columns.items() if name in FIELDS
        )
        notes = [_("Columns: %(columns)s.") % {"columns": used}] if used else []
        return notes + super().notes(batch)

    def preview_rows(self, batch):
        """The first rows as they will be written: amounts in EUR, each fee marked where
        it was quoted or derived rather than reported."""
        records = batch.records.filter(status=ImportRecord.Status.VALID).order_by("line_number")
        headers = [_("Line"), _("Order number"), _("Sold"), _("Item"), _("Size"), _("Sale price"),
                   _("Fees"), _("Payout"), _("Paid in")]  # fmt: skip
        rows = []
        for record in records[: self.PREVIEW_ROWS]:
            v = record.processed_data
            extra = v.get("extra", {})
            fees = sum(Decimal(v[n]) for n in ("platform_fee", "payment_fee", "shipping_cost"))
            how = sorted(
                str(_FEE_SOURCE[s]) for s in set(extra.get("fees", {}).values()) - {"reported"}
            )
            rows.append(
                [
                    record.line_number,
                    v["order_number"],
                    format_date(datetime.fromisoformat(v["sold_at"])),
                    v["item"],
                    v["size"] or "",
                    format_euro(Decimal(v["gross_sale"])),
                    format_euro(fees) + (f" ({', '.join(how)})" if how else ""),
                    format_euro(Decimal(v["net_proceeds"])),
                    extra.get("currency", "EUR"),
                ]
            )
        return headers, rows


_FEE_SOURCE = {"quoted": gettext_lazy("quoted"), "derived": gettext_lazy("from the payout")}
