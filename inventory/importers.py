"""The purchases CSV as an importer of the one import frame (soleflip/core/imports.py);
reading, checking and writing are in purchase_import.py."""

from datetime import date
from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from soleflip.core.imports import Checked, Figure, Importer, Written
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.formats import format_date, format_euro

from . import purchase_import
from .purchase_forms import PurchaseFileForm


class PurchasesImporter(Importer):
    source = ImportBatch.Source.PURCHASES
    title = gettext_lazy("Purchases CSV")
    permission = "inventory.add_stockitem"
    form_class = PurchaseFileForm
    upload_url = "purchases:import"
    template_url = "purchases:template"
    intro = gettext_lazy(
        "One line per purchase with a quantity of pairs. Columns (any order, any case): sku, "
        "ean, name, brand, size, supplier, purchase_date, delivery_date, gross_price, vat_rate, "
        "tax_scheme, quantity, order_number, invoice_number, location, notes. Importing the "
        "same file again adds nothing."
    )

    def check(self, batch, *, progress, preview=True) -> Checked:
        plan = purchase_import.check_purchases(batch, progress=progress)
        return Checked(rows=plan.rows, rejected=plan.rejected, summary=plan.__dict__)

    def commit(self, batch, kept=None) -> Written:
        plan = purchase_import.commit_purchases(batch)
        return Written(
            created=plan.created + plan.filled, unchanged=plan.unchanged, summary=plan.__dict__
        )

    def preview(self, batch):
        return [
            Figure(_("Rows"), batch.total_records, "list-ol"),
            Figure(_("Valid"), batch.total_records - batch.error_records, "check2-circle"),
            Figure(_("Invalid"), batch.error_records, "exclamation-triangle"),
        ]

    PREVIEW_ROWS = 50

    def preview_rows(self, batch):
        """The pairs each valid line will create: product, size, pairs, price, supplier."""
        valid = batch.records.filter(status=ImportRecord.Status.VALID).order_by("line_number")
        rows = [
            [
                r.line_number,
                " ".join(filter(None, [v.get("sku") or v.get("ean"), v.get("name")])),
                v.get("size"),
                v.get("quantity"),
                format_euro(Decimal(v["gross"])) if v.get("gross") else "",
                v.get("supplier"),
                format_date(date.fromisoformat(v["purchase_date"]))
                if v.get("purchase_date")
                else "",
            ]
            for r in valid[: self.PREVIEW_ROWS]
            for v in [r.processed_data or {}]
        ]
        headers = [
            _("Line"),
            _("Product"),
            _("Size"),
            _("Pairs"),
            _("Price per pair"),
            _("Supplier"),
            _("Bought on"),
        ]
        return headers, rows

    def result(self, batch):
        s = batch.summary
        return [
            Figure(_("Pairs"), s.get("pairs", 0), "box-seam"),
            Figure(_("New pairs"), s.get("created", 0), "plus-circle"),
            Figure(_("Filled a sold pair's cost"), s.get("filled", 0), "link-45deg"),
            Figure(_("Already imported"), s.get("unchanged", 0), "dash-circle"),
            Figure(_("New products"), s.get("new_products", 0), "tag"),
            Figure(_("New suppliers"), s.get("new_suppliers", 0), "shop"),
        ]

    def links(self, batch):
        return [(_("Inventory"), reverse("inventory:stock-list"))]
