from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from soleflip.core.backups import BackupError, take_backup
from soleflip.lib.formats import format_number
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
            raise CommandError(_("Backup failed: %(reason)s") % {"reason": exc}) from exc
        self.stdout.write(
            _(
                "Backed up PostgreSQL %(version)s to %(dump)s in %(seconds)s s: %(size)s MB, "
                "%(tables)s tables, %(rows)s rows; manifest %(manifest)s."
            )
            % {
                "version": backup.server_version,
                "dump": backup.dump,
                "seconds": format_number(round(backup.seconds, 1), 1),
                "size": format_number(round(backup.size / 1e6, 1), 1),
                "tables": format_number(backup.tables),
                "rows": format_number(backup.rows),
                "manifest": backup.manifest.name,
            }
        )
