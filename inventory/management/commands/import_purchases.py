import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from inventory.purchase_import import PurchaseFileError, import_purchases
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
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        batch = ImportBatch.from_path(
            path,
            source_type=ImportBatch.Source.PURCHASES,
            dry_run=dry_run,
            skip_invalid=skip_invalid,
        )
        try:
            plan = import_purchases(batch=batch, commit=not dry_run)
        except PurchaseFileError as exc:
            self.stderr.write(f"{path.name}: {exc}")
            sys.exit(2)
        for record in batch.records.filter(status="rejected").order_by("line_number")[:200]:
            for e in record.validation_errors:
                self.stderr.write(
                    f'line {e["line"]}, {e["column"]}: "{e["value"] or ""}" {e["reason"]}'
                )
        outcome = (
            "dry run, nothing written"
            if dry_run
            else ("nothing written" if batch.status == ImportBatch.Status.FAILED else "imported")
        )
        self.stdout.write(
            f"{plan.rows} rows, {plan.pairs} pairs: {plan.created} created, {plan.filled} filled "
            f"the cost of sold pairs, {plan.unchanged} unchanged, {plan.rejected} errors "
            f"({plan.new_products} new products, {plan.new_suppliers} new suppliers; {outcome}; "
            f"batch {batch.pk})"
        )
        if plan.rejected:
            sys.exit(1)
