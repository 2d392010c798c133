import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from sales.stockx_import import Plan
from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch


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
        self.stderr.write(f"\r  {rows:,} of about {estimate:,} rows checked", ending="")
        self.stderr.flush()

    def handle(self, *args, path: Path, dry_run: bool, skip_invalid: bool, **options):
        self.stderr.write(f"Importing {path.name}…")
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
        self.stdout.write(
            f"{plan.rows} rows: {plan.new_orders} created, {plan.updated_orders} updated, "
            f"{plan.unchanged_orders} unchanged, {plan.rejected} errors "
            f"({plan.matched_to_stock} matched to stock, {plan.cost_missing} without a cost; "
            f"{outcome(dry_run=dry_run, written=written)}; batch {batch.pk})"
        )
        if plan.rejected:
            sys.exit(1)
