from pathlib import Path

import environ
from django.core.management.base import BaseCommand, CommandError

from soleflip.core.backups import BackupError, restore_backup
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
            raise CommandError(f"Restore failed: {exc}") from exc
        for warning in restore.warnings:
            self.stderr.write(f"Warning: {warning}")
        if restore.mismatches:
            width = max(len(m.table) for m in restore.mismatches)
            self.stdout.write(f"{'table':<{width}}  {'manifest':>10}  {'restored':>10}")
            for m in restore.mismatches:
                expected = "-" if m.expected is None else f"{m.expected:,}"
                restored = "-" if m.restored is None else f"{m.restored:,}"
                self.stdout.write(f"{m.table:<{width}}  {expected:>10}  {restored:>10}")
            raise CommandError(
                f"Restored {dump.name} into {restore.database!r}, but {len(restore.mismatches)} "
                "table(s) differ from the manifest (above)."
            )
        refreshed = f", {len(restore.refreshed_views)} refreshed" if restore.refreshed_views else ""
        self.stdout.write(
            f"Restored {dump.name} into {restore.database!r} in {restore.seconds:.1f} s: "
            f"{restore.tables} tables and {restore.rows:,} rows match the manifest; "
            f"{restore.views} materialized views populated{refreshed}."
        )
