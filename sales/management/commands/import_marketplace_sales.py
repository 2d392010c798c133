import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from sales.models import Marketplace, SalesMapping
from sales.stockx_import import Plan
from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import a marketplace's sales export (CSV or XLSX) through its column mapping: the "
        "shipped preset (alias, goat, ebay), a saved one (--preset NAME) or a guess from the "
        "header. All-or-nothing unless --skip-invalid; re-importing changes nothing. Exit "
        "status: 0 success, 1 rows were rejected, 2 the file is unusable."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--marketplace", required=True, help="slug, e.g. alias or ebay")
        parser.add_argument("--preset", help="name of a saved mapping of this marketplace")
        parser.add_argument("--currency", default="", help="currency of the amounts (EUR)")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, record the rest."
        )

    def handle(
        self, *args, path: Path, marketplace: str, preset, currency, dry_run, skip_invalid, **o
    ):
        market = Marketplace.objects.filter(slug=marketplace).first()
        if market is None:
            raise CommandError(_("No marketplace %(slug)s.") % {"slug": marketplace})
        saved = None
        if preset:
            saved = SalesMapping.objects.filter(marketplace=market, name=preset).first()
            if saved is None:
                raise CommandError(
                    _("%(marketplace)s has no saved mapping %(name)s.")
                    % {"marketplace": market, "name": preset}
                )
        batch, written = import_file(
            self,
            path,
            source=ImportBatch.Source.MARKETPLACE_SALES,
            commit=not dry_run,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
            options={
                "marketplace": market.slug,
                "saved_mapping": saved and saved.pk,
                "overrides": {},
                "currency": currency.upper(),
                "save_as": "",
            },
        )
        plan = Plan.from_summary(batch.summary)
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s created, %(updated)s updated, %(unchanged)s unchanged, "
                "%(rejected)s errors (%(matched)s matched to stock, %(missing)s without a cost; "
                "%(outcome)s; batch %(batch)s)"
            )
            % {
                "rows": plan.rows,
                "new": plan.new_orders,
                "updated": plan.updated_orders,
                "unchanged": plan.unchanged_orders,
                "rejected": plan.rejected,
                "matched": plan.matched_to_stock,
                "missing": plan.cost_missing,
                "outcome": outcome(dry_run=dry_run, written=written),
                "batch": batch.pk,
            }
        )
        if plan.rejected:
            sys.exit(1)
