"""The part every import command shares: the file to a batch, checked and (unless a dry
run) imported through the import frame, every row error on stderr, exit status 2 for a file
that cannot be used. Each command adds only its options and its one-line summary (and
exits 1 when rows were rejected)."""

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from soleflip.lib.rows import ImportFileError

from . import imports
from .models import ImportBatch


def import_file(
    command: BaseCommand, path: Path, *, source: str, commit: bool, progress=None, **fields
) -> tuple[ImportBatch, bool]:
    """Returns the batch (with its outcome) and whether anything was written."""
    if not path.is_file():
        raise CommandError(_("%(path)s: no such file") % {"path": path})
    try:
        # A file over the limit is refused here, before it is copied.
        batch = ImportBatch.from_path(path, source_type=source, **fields)
        written = imports.run_batch(batch, commit=commit, progress=progress)
    except ImportFileError as exc:
        if progress:
            command.stderr.write("")
        command.stderr.write(f"{path.name}: {exc}")
        sys.exit(2)
    if progress:
        command.stderr.write("")
    for error in batch.row_errors(limit=200):
        command.stderr.write(str(error))
    return batch, written is not None


def outcome(*, dry_run: bool, written: bool) -> str:
    if dry_run:
        return _("dry run, nothing written")
    return _("imported") if written else _("nothing written")
