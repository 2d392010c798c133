"""The retailer feed as an importer of the one import frame (soleflip/core/imports.py);
reading and matching are in feed_files.py and feed_match.py, checking and writing in
feeds.py."""

from decimal import Decimal

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from soleflip.core.imports import Checked, Figure, Importer, Written
from soleflip.core.models import ImportBatch, ImportRecord
from soleflip.lib.formats import format_euro, format_number

from . import feeds
from .feed_forms import FeedUploadForm
from .feed_models import SourcePrice


class RetailerFeedImporter(Importer):
    source = ImportBatch.Source.RETAILER_FEED
    permission = "pricing.add_sourceprice"
    form_class = FeedUploadForm
    upload_url = "pricing:feed-upload"
    intro = gettext_lazy(
        "A retailer's product feed (Awin's CSV, plain or gzip, or a Google Shopping feed). "
        "Each offer is matched to our catalog by EAN, else by style code and size. The "
        "import replaces the retailer's previous offers: what is no longer in the feed is no "
        "longer offered. Importing the same feed again changes nothing."
    )
    PREVIEW_ROWS = 50

    def options(self, form) -> dict:
        return form.options()

    def check(self, batch, *, progress, preview=True) -> Checked:
        plan = feeds.check_feed(batch, progress=progress, preview=preview)
        return Checked(rows=plan.rows, rejected=plan.rejected, summary=plan.as_dict())

    def commit(self, batch, kept=None) -> Written:
        done = feeds.commit_feed(batch)
        return Written(
            created=done.created,
            updated=done.updated,
            unchanged=done.unchanged,
            summary={"removed": done.removed},
        )

    def _matches(self, batch) -> list[Figure]:
        matched = batch.summary.get("matched", {})
        by_style = matched.get("style_size", 0) + matched.get("style", 0)
        return [
            Figure(_("Matched by EAN"), matched.get("ean", 0), "upc-scan"),
            Figure(_("Matched by style code"), by_style, "tag"),
            Figure(_("Not matched"), matched.get("none", 0), "question-circle"),
        ]

    def preview(self, batch):
        s = batch.summary
        return [
            Figure(_("Offers"), s.get("valid", 0), "list-ol"),
            Figure(_("Invalid rows"), s.get("rejected", 0), "exclamation-triangle"),
            *self._matches(batch),
            Figure(_("New offers"), s.get("new", 0), "plus-circle"),
            Figure(_("Gone from the feed"), s.get("gone", 0), "dash-circle"),
        ]

    def result(self, batch):
        return [
            Figure(_("New offers"), batch.created_records, "plus-circle"),
            Figure(_("Changed"), batch.updated_records, "arrow-repeat"),
            Figure(_("Unchanged"), batch.unchanged_records, "dash-circle"),
            Figure(_("Gone from the feed"), batch.summary.get("removed", 0), "trash"),
            *self._matches(batch),
        ]

    def notes(self, batch):
        retailers = batch.summary.get("retailers") or []
        if not retailers:
            return []
        return [
            ngettext(
                "Retailer: %(names)s (its previous offers are replaced).",
                "Retailers: %(names)s (their previous offers are replaced).",
                len(retailers),
            )
            % {"names": ", ".join(retailers[:20])}
        ]

    def preview_rows(self, batch):
        records = batch.records.filter(status=ImportRecord.Status.VALID).order_by("line_number")
        headers = [_("Line"), _("Offer"), _("EAN"), _("Style code"), _("Size"), _("Price"),
                   _("In stock"), _("Matched by")]  # fmt: skip
        labels = dict(SourcePrice.Match.choices)
        rows = []
        for record in records[: self.PREVIEW_ROWS]:
            v = record.processed_data
            rows.append(
                [
                    record.line_number,
                    v["title"] or v["external_id"],
                    v["ean"],
                    v["style_code"],
                    v["size"],
                    format_euro(Decimal(v["buy_price"])),
                    format_number(v["stock_qty"])
                    if v["stock_qty"] is not None
                    else (_("yes") if v["in_stock"] else _("no")),
                    f"{labels.get(v['match'], v['match'])}: {v['match_detail']}",
                ]
            )
        return headers, rows

    def links(self, batch):
        return [(_("Show the offers"), reverse("pricing:feed-list"))]
