import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from sales.services import import_stockx_sales
from soleflip.core.models import ImportBatch
from soleflip.lib.rows import ImportFileError


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
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            batch = ImportBatch.from_path(
                path,
                source_type=ImportBatch.Source.STOCKX_SALES_REPORT,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
        except ImportFileError as exc:  # refused before anything was copied
            self.stderr.write(f"{path.name}: {exc}")
            sys.exit(2)
        self.stderr.write(f"Importing {path.name} (batch {batch.pk})…")
        result = import_stockx_sales(batch=batch, commit=not dry_run, progress=self._progress)
        self.stderr.write("")
        if result.file_error:
            self.stderr.write(f"{path.name}: {result.file_error}")
            sys.exit(2)
        plan = result.plan
        for error in result.batch.row_errors(limit=200):
            self.stderr.write(str(error))
        self.stdout.write(
            f"{plan.rows} rows: {plan.new_orders} created, {plan.updated_orders} updated, "
            f"{plan.unchanged_orders} unchanged, {plan.rejected} errors "
            f"({plan.matched_to_stock} matched to stock, {plan.cost_missing} without a cost; "
            f"{'dry run, nothing written' if dry_run else 'nothing written' if not result.committed else 'imported'}"
            f"; batch {batch.pk})"
        )
        if plan.rejected:
            sys.exit(1)
