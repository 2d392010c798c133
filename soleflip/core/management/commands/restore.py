from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from soleflip.core.backups import BackupError, restore_backup
from soleflip.lib.formats import format_number
from soleflip.lib.pgtools import ToolError


class Command(BaseCommand):
    help = (
        "Restore a dump written by `manage.py backup` into an EMPTY database (the one in "
        "use, or --database-url), then compare every table's rows with the manifest beside "
        "the dump. Exit status 1 when anything differs. No `migrate` needed afterwards."
    )

    def add_arguments(self, parser):
        parser.add_argument("dump", type=Path, help="The .dump file; its .json sits beside it.")
        parser.add_argument(
            "--database-url",
            help="Restore into this database instead of the one in use (it must exist and be empty).",
        )

    def handle(self, *args, dump: Path, database_url: str | None, **options) -> None:
        database = environ.Env.db_url_config(database_url) if database_url else None
        try:
            restore = restore_backup(dump=dump, database=database)
        except (BackupError, ToolError) as exc:
            raise CommandError(_("Restore failed: %(reason)s") % {"reason": exc}) from exc
        for warning in restore.warnings:
            self.stderr.write(_("Warning: %(warning)s") % {"warning": warning})
        if restore.mismatches:
            self._mismatches(restore.mismatches)
            raise CommandError(
                ngettext(
                    "Restored %(dump)s into %(database)s, but %(n)s table differs from the "
                    "manifest (above).",
                    "Restored %(dump)s into %(database)s, but %(n)s tables differ from the "
                    "manifest (above).",
                    len(restore.mismatches),
                )
                % {
                    "dump": dump.name,
                    "database": repr(restore.database),
                    "n": len(restore.mismatches),
                }
            )
        summary = _(
            "Restored %(dump)s into %(database)s in %(seconds)s s: %(tables)s tables and "
            "%(rows)s rows match the manifest; %(views)s materialized views populated."
        )
        if restore.refreshed_views:
            summary = _(
                "Restored %(dump)s into %(database)s in %(seconds)s s: %(tables)s tables and "
                "%(rows)s rows match the manifest; %(views)s materialized views populated, "
                "%(refreshed)s refreshed."
            )
        self.stdout.write(
            summary
            % {
                "dump": dump.name,
                "database": repr(restore.database),
                "seconds": format_number(round(restore.seconds, 1), 1),
                "tables": format_number(restore.tables),
                "rows": format_number(restore.rows),
                "views": format_number(restore.views),
                "refreshed": format_number(len(restore.refreshed_views)),
            }
        )

    def _mismatches(self, mismatches) -> None:
        """The tables whose rows differ, as a table: name, manifest, restored."""
        width = max(len(m.table) for m in mismatches)
        headers = (_("table"), _("manifest"), _("restored"))
        self.stdout.write(f"{headers[0]:<{width}}  {headers[1]:>10}  {headers[2]:>10}")
        for m in mismatches:
            expected = "-" if m.expected is None else format_number(m.expected)
            restored = "-" if m.restored is None else format_number(m.restored)
            self.stdout.write(f"{m.table:<{width}}  {expected:>10}  {restored:>10}")
