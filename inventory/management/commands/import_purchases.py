import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from soleflip.core import imports
from soleflip.core.models import ImportBatch
from soleflip.lib.rows import ImportFileError


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
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        try:
            batch = ImportBatch.from_path(
                path,
                source_type=ImportBatch.Source.PURCHASES,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
            )
            written = imports.run_batch(batch, commit=not dry_run)
        except ImportFileError as exc:
            self.stderr.write(f"{path.name}: {exc}")
            sys.exit(2)
        for error in batch.row_errors(limit=200):
            self.stderr.write(str(error))
        s = batch.summary
        outcome = (
            "dry run, nothing written" if dry_run else "imported" if written else "nothing written"
        )
        self.stdout.write(
            f"{batch.total_records} rows, {s.get('pairs', 0)} pairs: {s.get('created', 0)} "
            f"created, {s.get('filled', 0)} filled the cost of sold pairs, "
            f"{s.get('unchanged', 0)} unchanged, {batch.error_records} errors "
            f"({s.get('new_products', 0)} new products, {s.get('new_suppliers', 0)} new "
            f"suppliers; {outcome}; batch {batch.pk})"
        )
        if batch.error_records:
            sys.exit(1)
