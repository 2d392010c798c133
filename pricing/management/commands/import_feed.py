import sys
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone
from django.utils.translation import gettext as _

from pricing import feeds
from pricing.feed_files import PRESETS
from soleflip.core.import_command import import_file, outcome
from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
from soleflip.lib.rows import ImportFileError


class Command(BaseCommand):
    help = (
        "Import a retailer's product feed (CSV, plain or gzip) into the retailer offers, "
        "matched to the catalog by EAN or style code and size; the retailer's previous offers "
        "are replaced. --from-url downloads the feed URL stored in the feed settings instead "
        "of reading PATH. All-or-nothing unless --skip-invalid; re-importing changes nothing. "
        "Exit status: 0 success, 1 rows were rejected, 2 the file is unusable."
    )

    def add_arguments(self, parser):
        parser.add_argument("path", type=Path, nargs="?")
        parser.add_argument("--source", default="awin", choices=sorted(PRESETS),
                            help="the feed's layout (column preset)")  # fmt: skip
        parser.add_argument("--retailer", default="", help="for feeds without a retailer column")
        parser.add_argument("--from-url", action="store_true", help="download the stored URL")
        parser.add_argument("--dry-run", action="store_true", help="Validate and report only.")
        parser.add_argument(
            "--skip-invalid", action="store_true", help="Import the valid rows, record the rest."
        )

    def _progress(self, done: int, total: int) -> None:
        percent = round(100 * done / total) if total else 0
        self.stderr.write("\r  " + _("%(percent)s %% read and matched") % {"percent": percent},
                          ending="")  # fmt: skip
        self.stderr.flush()

    def handle(self, *args, path, source, retailer, from_url, dry_run, skip_invalid, **o):
        if from_url:
            try:
                batch = feeds.import_feed_from_url()
            except ImportFileError as exc:
                raise CommandError(str(exc)) from exc
            written = batch.status == ImportBatch.Status.COMPLETED
            if batch.status == ImportBatch.Status.FAILED and not batch.total_records:
                self.stderr.write(batch.error_message)
                sys.exit(2)
        elif path is None:
            raise CommandError(_("Name the feed file, or use --from-url."))
        else:
            # The file's own date stands for the feed's where the feed has no date column.
            written_on = (
                timezone.localdate(
                    datetime.fromtimestamp(path.stat().st_mtime, tz=timezone.get_current_timezone())
                )
                if path.is_file()
                else None
            )
            self.stderr.write(_("Importing %(file)s…") % {"file": path.name})
            batch, written = import_file(
                self,
                path,
                source=ImportBatch.Source.RETAILER_FEED,
                commit=not dry_run,
                progress=self._progress,
                dry_run=dry_run,
                skip_invalid=skip_invalid,
                options={
                    "preset": source,
                    "retailer": retailer,
                    "feed_date": written_on.isoformat() if written_on else "",
                },
            )
        s, matched = batch.summary, batch.summary.get("matched", {})
        self.stdout.write(
            _(
                "%(rows)s rows: %(new)s new, %(updated)s changed, %(unchanged)s unchanged, "
                "%(removed)s gone from the feed, %(rejected)s errors; matched %(ean)s by EAN, "
                "%(style)s by style code, %(none)s not matched (%(outcome)s; batch %(batch)s)"
            )
            % {
                "rows": format_number(s.get("rows", 0)),
                "new": format_number(batch.created_records),
                "updated": format_number(batch.updated_records),
                "unchanged": format_number(batch.unchanged_records),
                "removed": format_number(s.get("removed", 0)),
                "rejected": format_number(s.get("rejected", 0)),
                "ean": format_number(matched.get("ean", 0)),
                "style": format_number(matched.get("style_size", 0) + matched.get("style", 0)),
                "none": format_number(matched.get("none", 0)),
                "outcome": outcome(dry_run=dry_run, written=written),
                "batch": batch.pk,
            }
        )
        if s.get("rejected"):
            sys.exit(1)
