from django.core.management.base import BaseCommand

from soleflip.core.retention import purge_expired


class Command(BaseCommand):
    help = (
        "Remove the import rows and log-in records older than their retention periods "
        "(Settings → Retention); import batches and their counts stay. Runs nightly from "
        "Celery beat; --dry-run only counts."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="count, remove nothing")

    def handle(self, *args, dry_run: bool = False, **options) -> None:
        self.stdout.write(str(purge_expired(dry_run=dry_run)))
