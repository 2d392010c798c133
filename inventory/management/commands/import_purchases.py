import sys
from pathlib import Path

from django.core.management.base import BaseCommand

from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch


class Command(BaseCommand):
    help = (
        "Import a purchases CSV (one line per purchase, quantity pairs each; see the template "
        "on the Imports page). All-or-nothing unless --skip-invalid; idempotent on supplier + "
        "order number + line. Exit status: 0 success, 1 rows were rejected, 2 unusable file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")
        parser.add_argument("--skip-invalid", action="store_true", help="Import the valid rows.")

    def handle(self, *args, path: Path, dry_run: bool, skip_invalid: bool, **options):
        batch, written = import_file(
            self,
            path,
            source=ImportBatch.Source.PURCHASES,
            commit=not dry_run,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
        s = batch.summary
        self.stdout.write(
            f"{batch.total_records} rows, {s.get('pairs', 0)} pairs: {s.get('created', 0)} "
            f"created, {s.get('filled', 0)} filled the cost of sold pairs, "
            f"{s.get('unchanged', 0)} unchanged, {batch.error_records} errors "
            f"({s.get('new_products', 0)} new products, {s.get('new_suppliers', 0)} new "
            f"suppliers; {outcome(dry_run=dry_run, written=written)}; batch {batch.pk})"
        )
        if batch.error_records:
            sys.exit(1)
