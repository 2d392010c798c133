"""The StockX sales report as an importer of the one import frame (soleflip/core/imports.py);
the reading is in stockx_report.py, the checking and writing in stockx_import.py."""

from django.urls import reverse

from soleflip.core.imports import Checked, Figure, Importer, Written
from soleflip.core.models import ImportBatch

from . import stockx_import
from .forms import StockXReportForm


class StockXReportImporter(Importer):
    source = ImportBatch.Source.STOCKX_SALES_REPORT
    title = "StockX sales report"
    permission = "sales.add_order"
    form_class = StockXReportForm
    upload_url = "sales:stockx-upload"
    intro = (
        "In StockX: Seller tools → Historical sales → export the report as CSV. The file is "
        "checked first; you see what will happen before anything is written. Importing the "
        "same report again changes nothing."
    )

    def check(self, batch, *, progress, preview=True) -> Checked:
        plan = stockx_import.validate_report(batch, preview=preview, progress=progress)
        return Checked(rows=plan.rows, rejected=plan.rejected, summary=plan.as_dict())

    def commit(self, batch) -> Written:
        plan = stockx_import.commit_report(batch)
        return Written(
            created=plan.new_orders,
            updated=plan.updated_orders,
            unchanged=plan.unchanged_orders,
            summary=plan.as_dict(),
        )

    def preview(self, batch):
        s = batch.summary
        return [
            Figure("Rows", s.get("rows", 0), "list-ol"),
            Figure("New orders", s.get("new_orders", 0), "plus-circle"),
            Figure("Updated orders", s.get("updated_orders", 0), "arrow-repeat"),
            Figure("Unchanged", s.get("unchanged_orders", 0), "dash-circle"),
            Figure("Matched to stock", s.get("matched_to_stock", 0), "link-45deg"),
            Figure("Without a cost", s.get("cost_missing", 0), "question-circle"),
        ]

    def notes(self, batch):
        s, notes = batch.summary, []
        if batch.status == ImportBatch.Status.VALIDATED:
            products = s.get("new_products", 0)
            examples = ", ".join(s.get("new_product_examples", [])[:5])
            notes.append(
                f"{products} new product{'s' if products != 1 else ''}"
                + (f" (e.g. {examples})." if examples else ".")
            )
        if s.get("new_brands"):
            notes.append(f"New brands to review: {', '.join(s['new_brands'])}.")
        if s.get("fee_mismatches"):
            notes.append(
                f"{s['fee_mismatches']} row(s) where StockX's Seller Fee column disagrees with "
                "the fee derived from the payout (the derived fee is used)."
            )
        if s.get("rounding"):
            lines = ", ".join(str(n) for n in s.get("rounding_lines", [])[:20])
            more = " …" if s["rounding"] > 20 else ""
            notes.append(
                f"Rounding: {s['rounding']} row(s) where StockX's columns add up to a cent or "
                f"two more than the listing price (lines {lines}{more}); the listing price and "
                "payout are kept exactly and the processing fee is reduced by those cents."
            )
        if batch.status == ImportBatch.Status.COMPLETED:
            notes.append(
                f"{s.get('matched_to_stock', 0)} matched to pairs in stock, "
                f"{s.get('cost_missing', 0)} without a purchase cost."
            )
        return notes

    def result(self, batch):
        return [
            Figure("New orders", batch.created_records, "plus-circle"),
            Figure("Updated", batch.updated_records, "arrow-repeat"),
            Figure("Unchanged", batch.unchanged_records, "dash-circle"),
            Figure("Matched to stock", batch.summary.get("matched_to_stock", 0), "link-45deg"),
            Figure("Without a cost", batch.summary.get("cost_missing", 0), "question-circle"),
        ]

    def links(self, batch):
        orders = f"{reverse('sales:order-list')}?batch={batch.pk}"
        links = [("Show the orders", orders)]
        if batch.summary.get("cost_missing"):
            links.append(("Orders without a cost", f"{orders}&cost=missing"))
        return links
