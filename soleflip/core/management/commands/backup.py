from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from soleflip.core.backups import BackupError, take_backup
from soleflip.lib.pgtools import ToolError


class Command(BaseCommand):
    help = (
        "Dump the whole database (every schema, Django's own tables in `public` included) "
        "with pg_dump in its custom format, with a JSON manifest beside it (app version, "
        "migrations, rows per table, encryption key fingerprints). Run before anything "
        "risky; Celery beat also runs it nightly. Restore with `manage.py restore`."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--to", type=Path, help="Directory for the dump and manifest (default: BACKUP_DIR)."
        )

    def handle(self, *args, to: Path | None, **options) -> None:
        try:
            backup = take_backup(to=to or Path(settings.BACKUP_DIR))
        except (BackupError, ToolError) as exc:
            raise CommandError(f"Backup failed: {exc}") from exc
        self.stdout.write(
            f"Backed up PostgreSQL {backup.server_version} to {backup.dump} in "
            f"{backup.seconds:.1f} s: {backup.size / 1e6:.1f} MB, {backup.tables} tables, "
            f"{backup.rows:,} rows; manifest {backup.manifest.name}."
        )
