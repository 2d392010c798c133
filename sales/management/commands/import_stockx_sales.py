import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from sales.stockx_import import Plan
from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number


class Command(BaseCommand):
    help = (
        "Import a StockX historical seller sales report (CSV). All-or-nothing unless "
        "--skip-invalid; re-importing the same file changes nothing. Exit status: 0 success, "
        "1 rows were rejected, 2 the file is unusable."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, record the rest."
        )

    def _progress(self, rows: int, estimate: int) -> None:
        counts = {"rows": format_number(rows), "estimate": format_number(estimate)}
        self.stderr.write(
            "\r  " + _("%(rows)s of about %(estimate)s rows checked") % counts, ending=""
        )
        self.stderr.flush()

    def handle(self, *args, path: Path, dry_run: bool, skip_invalid: bool, **options):
        self.stderr.write(_("Importing %(file)s…") % {"file": path.name})
        batch, written = import_file(
            self,
            path,
            source=ImportBatch.Source.STOCKX_SALES_REPORT,
            commit=not dry_run,
            progress=self._progress,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
        plan = Plan.from_summary(batch.summary)
        counts = {
            name: format_number(getattr(plan, name))
            for name in (
                "rows",
                "new_orders",
                "updated_orders",
                "unchanged_orders",
                "rejected",
                "matched_to_stock",
                "cost_missing",
            )
        }
        self.stdout.write(
            _(
                "%(rows)s rows: %(new_orders)s created, %(updated_orders)s updated, "
                "%(unchanged_orders)s unchanged, %(rejected)s errors (%(matched_to_stock)s "
                "matched to stock, %(cost_missing)s without a cost; %(outcome)s; batch %(batch)s)"
            )
            % {**counts, "outcome": outcome(dry_run=dry_run, written=written), "batch": batch.pk}
        )
        if plan.rejected:
            sys.exit(1)
