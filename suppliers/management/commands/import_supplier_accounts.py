import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from soleflip.core.import_command import import_file
from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
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
            raise CommandError(_("%(path)s: no such file") % {"path": path})
        mapping = {}
        for item in map:
            if "=" not in item:
                raise CommandError(_('--map "%(item)s": use LIST=SUPPLIER') % {"item": item})
            list_name, name = item.split("=", 1)
            mapping[list_name] = Supplier.objects.named(name)[0].pk
        default = Supplier.objects.named(supplier)[0].pk if supplier else None
        batch, _outcome = import_file(
            self,
            path,
            source=ImportBatch.Source.SUPPLIER_ACCOUNTS,
            commit=True,
            skip_invalid=skip_invalid,
            options={"default_supplier": default, "mapping": mapping},
        )
        self.stdout.write(
            _(
                "%(rows)s rows: %(created)s created, %(updated)s updated, %(unchanged)s "
                "unchanged, %(errors)s errors (batch %(batch)s)"
            )
            % {
                "rows": format_number(batch.total_records),
                "created": format_number(batch.created_records),
                "updated": format_number(batch.updated_records),
                "unchanged": format_number(batch.unchanged_records),
                "errors": format_number(batch.error_records),
                "batch": batch.pk,
            }
        )
        if batch.error_records:
            sys.exit(1)
