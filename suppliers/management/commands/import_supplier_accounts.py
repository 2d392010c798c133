import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from soleflip.core.models import ImportBatch
from suppliers.account_import import AccountFileError, import_accounts
from suppliers.models import Supplier


class Command(BaseCommand):
    help = (
        "Import supplier login accounts from CSV (EMAIL, FIRST_NAME, ..., LISTNAME). "
        "--supplier names the default supplier, --map 'List name=Supplier' maps LISTNAME values "
        "(unknown suppliers are created). Secrets are encrypted; card numbers keep only their "
        "last four digits. Exit status: 0 success, 1 rows rejected, 2 unusable file."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path)
        parser.add_argument("--supplier", default="")
        parser.add_argument("--map", action="append", default=[], metavar="LIST=SUPPLIER")
        parser.add_argument("--skip-invalid", action="store_true")

    def handle(
        self, *args, path: Path, supplier: str, map: list[str], skip_invalid: bool, **options
    ):
        if not path.is_file():
            raise CommandError(f"{path}: no such file")
        mapping = {}
        for item in map:
            if "=" not in item:
                raise CommandError(f'--map "{item}": use LIST=SUPPLIER')
            list_name, name = item.split("=", 1)
            mapping[list_name] = Supplier.objects.named(name)[0]
        default = Supplier.objects.named(supplier)[0] if supplier else None
        batch = ImportBatch.from_path(
            path, source_type=ImportBatch.Source.SUPPLIER_ACCOUNTS, skip_invalid=skip_invalid
        )
        try:
            plan = import_accounts(batch=batch, default_supplier=default, mapping=mapping)
        except AccountFileError as exc:
            batch.status, batch.error_message = ImportBatch.Status.FAILED, str(exc)
            batch.save(update_fields=["status", "error_message", "updated_at"])
            self.stderr.write(f"{path.name}: {exc}")
            sys.exit(2)
        for e in plan.errors[:200]:
            self.stderr.write(f'line {e["line"]}, {e["column"]}: "{e["value"]}" {e["reason"]}')
        self.stdout.write(
            f"{plan.rows} rows: {plan.created} created, {plan.updated} updated, {plan.unchanged} "
            f"unchanged, {plan.rejected} errors (batch {batch.pk})"
        )
        if plan.rejected:
            sys.exit(1)
