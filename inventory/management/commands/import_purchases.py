import sys
from pathlib import Path

from django.core.management.base import BaseCommand
from django.utils.translation import gettext as _

from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number


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
        counts = {
            "rows": batch.total_records,
            "errors": batch.error_records,
            **{k: s.get(k, 0) for k in ("pairs", "created", "filled", "unchanged")},
            "products": s.get("new_products", 0),
            "suppliers": s.get("new_suppliers", 0),
        }
        self.stdout.write(
            _(
                "%(rows)s rows, %(pairs)s pairs: %(created)s created, %(filled)s filled the "
                "cost of sold pairs, %(unchanged)s unchanged, %(errors)s errors (%(products)s "
                "new products, %(suppliers)s new suppliers; %(outcome)s; batch %(batch)s)"
            )
            % {
                **{k: format_number(v) for k, v in counts.items()},
                "outcome": outcome(dry_run=dry_run, written=written),
                "batch": batch.pk,
            }
        )
        if batch.error_records:
            sys.exit(1)
