"""The one frame for every file import: upload -> check (a task, with progress) -> preview
-> commit -> result, the same for every kind of file.

An importer says only what is particular to its files: how to check them (writing one
`ImportRecord` per row, nothing else), what the preview and the result show, and how to
write the checked rows. The frame does the rest, the same way for all of them: the batch's
status (through the ImportBatch verbs), all-or-nothing unless invalid rows are skipped, one
transaction per commit, one import of a source at a time, failures recorded on the batch.

Importers register themselves in their app's AppConfig.ready:

    imports.register(StockXReportImporter())
"""

import gc
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Protocol

from django import forms
from django.db import connection as db_connection
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from kombu.exceptions import OperationalError

from soleflip.lib.formats import format_number
from soleflip.lib.rows import ImportFileError

from .models import BatchStateError, ImportBatch

Progress = Callable[[int, int], None]
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Figure:
    """One number of a preview or result, shown as a KPI card."""

    label: str
    value: int | str
    icon: str = "dot"


@dataclass
class Checked:
    """What `Importer.check` found: rows read, rows rejected, and the preview's numbers."""

    rows: int
    rejected: int
    summary: dict = field(default_factory=dict)
    # What the check kept in memory for an import that follows at once in the same
    # process (the command line), so the commit need not read the rows back.
    kept: object = None


@dataclass
class Written:
    """What `Importer.commit` wrote."""

    created: int = 0
    updated: int = 0
    unchanged: int = 0
    summary: dict = field(default_factory=dict)


class Importer(ABC):
    """One kind of file. Subclasses set the attributes and implement `check` and `commit`
    (abstract: an importer without them cannot be made); the other methods shape the
    pages."""

    source: str  # an ImportBatch.Source value
    permission: str  # needed to upload and to import
    form_class: type[forms.Form]
    upload_url: str  # URL name of the upload page
    intro: str = ""  # what to upload, shown above the form
    template_url: str = ""  # URL name of a downloadable example file
    # The file is deleted as soon as it has been read (it holds secrets).
    discard_file: bool = False

    @property
    def label(self) -> str:
        """What the pages call this kind of file, in the active language: its source's
        label ("StockX-Verkaufsbericht")."""
        return str(ImportBatch.Source(self.source).label)

    def options(self, form: forms.Form) -> dict:
        """Upload-form choices besides the file, kept on the batch for check and commit."""
        return {}

    @abstractmethod
    def check(self, batch: ImportBatch, *, progress: Progress, preview: bool = True) -> Checked:
        """Read the file, keep every row in import_records (raw values, parsed values,
        errors); write nothing else. Raise ImportFileError for a file that is unusable.
        `preview` False: the import follows at once, so skip working out the preview."""

    @abstractmethod
    def commit(self, batch: ImportBatch, kept=None) -> Written:
        """Write the checked rows (the valid ones; the frame ensures there are no invalid
        ones unless the batch skips them). Runs inside the frame's transaction. `kept`:
        Checked.kept of a check run just before in this process, else None."""

    def preview(self, batch: ImportBatch) -> list[Figure]:
        return [Figure(_("Rows"), batch.total_records, "list-ol")]

    def preview_rows(self, batch: ImportBatch) -> tuple[list[str], list[list]] | None:
        """(headers, rows) of what the import will write, shown under the preview's
        numbers (the first rows); None when the numbers say enough."""
        return None

    def notes(self, batch: ImportBatch) -> list[str]:
        """Sentences under the preview's or result's numbers."""
        return []

    def result(self, batch: ImportBatch) -> list[Figure]:
        return [
            Figure(_("Created"), batch.created_records, "plus-circle"),
            Figure(_("Updated"), batch.updated_records, "arrow-repeat"),
            Figure(_("Unchanged"), batch.unchanged_records, "dash-circle"),
        ]

    def links(self, batch: ImportBatch) -> list[tuple[str, str]]:
        """(label, url) of the pages to go on to after a completed import."""
        return []


_importers: dict[str, Importer] = {}


def register(importer: Importer) -> None:
    _importers[importer.source] = importer


def importer_for(batch_or_source: ImportBatch | str) -> Importer:
    source = getattr(batch_or_source, "source_type", batch_or_source)
    return _importers[source]


def has_importer(source: str) -> bool:
    return source in _importers


def importers_for(user) -> list[Importer]:
    """The importers this user may upload to, in the order they were registered."""
    return [i for i in _importers.values() if user.has_perm(i.permission)]


# --- handing work to a worker -------------------------------------------------------------

BROKER_DOWN = gettext_lazy(
    "Background work is unavailable right now (the task queue cannot be reached); nothing "
    "was written. Try again in a minute."
)


class Queued(Protocol):
    """Work a page hands to a worker: an ImportBatch, or another record with a `fail` verb
    (the accountant export's workbook job)."""

    pk: int

    def refresh_from_db(self) -> None: ...

    def fail(self, reason: str) -> None: ...


def enqueue(task, batch: Queued) -> bool:
    """Send the batch to a worker at once (one attempt, no retries: a person is waiting).
    When the broker cannot be reached the batch fails with that reason, so it never waits
    for a worker that will not come, and can be run again; returns False."""
    try:
        # A connection of its own (not the shared pool): made from the current settings,
        # closed at once; an upload or a click sends one task.
        with task.app.connection_for_write() as connection:
            task.apply_async(args=[batch.pk], retry=False, connection=connection)
    except (OperationalError, OSError) as exc:
        log.warning("%s not queued: %s", batch, exc)
        batch.refresh_from_db()
        batch.fail(str(BROKER_DOWN))
        return False
    return True


# --- the three steps ----------------------------------------------------------------------


def check_batch(
    batch: ImportBatch, *, progress: Progress | None = None, preview: bool = True
) -> Checked:
    """Check the batch's file and keep the preview on the batch (status `validated`).
    A file that cannot be used fails the batch with the reason and raises ImportFileError."""
    importer = importer_for(batch)
    batch.start(ImportBatch.Status.VALIDATING)
    batch.records.all().delete()

    def report(done: int, total: int) -> None:
        batch.report_progress(done, total)
        if progress:
            progress(done, total)

    try:
        checked = importer.check(batch, progress=report, preview=preview)
    except ImportFileError as exc:
        batch.records.all().delete()
        if batch.file:  # a refused file is not kept: checking it again cannot help
            batch.file.delete(save=False)
        batch.fail(str(exc), rows=0, rejected=0, summary={})
        raise
    except Exception as exc:
        batch.fail(
            _("Checking the file failed unexpectedly (%(error)s).") % {"error": type(exc).__name__}
        )
        raise
    finally:
        if importer.discard_file and batch.file:
            batch.file.delete(save=True)
    batch.mark_checked(rows=checked.rows, rejected=checked.rejected, summary=checked.summary)
    return checked


def commit_batch(batch: ImportBatch, *, kept=None) -> Written | None:
    """Write a checked batch in one transaction, all or nothing. Invalid rows stop it
    unless the batch skips them; then the batch fails with the reason and None is
    returned. Imports of one source never interleave: a second waits for the first and
    then finds its rows already there. `batch` is refreshed with the outcome."""
    importer = importer_for(batch)
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update().get(pk=batch.pk)
            locked.start(ImportBatch.Status.IMPORTING)
            if locked.error_records and not locked.skip_invalid:
                locked.fail(
                    _(
                        "%(invalid)s of %(rows)s rows are invalid; nothing was imported. Fix "
                        "the file, or import again skipping the invalid rows."
                    )
                    % {
                        "invalid": format_number(locked.error_records),
                        "rows": format_number(locked.total_records),
                    }
                )
                return None
            with db_connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(hashtext(%s))", [locked.source_type])
            written = importer.commit(locked, kept)
            locked.finish(
                rows=locked.total_records,
                rejected=locked.error_records,
                summary={**locked.summary, **written.summary},
                created=written.created,
                updated=written.updated,
                unchanged=written.unchanged,
            )
    except BatchStateError:
        raise  # already imported, or not checked: nothing to record
    except Exception as exc:
        failed = ImportBatch.objects.get(pk=batch.pk)
        if failed.status != ImportBatch.Status.FAILED:
            failed.fail(
                _("The import failed and nothing was written (%(error)s).")
                % {"error": f"{type(exc).__name__}: {exc}"}
            )
        raise
    finally:
        batch.refresh_from_db()
    return written


@contextmanager
def _collector_paused():
    """The cyclic garbage collector off for the duration: a command-line import keeps its
    checked rows (100,000 small objects) in memory until the commit, and the collector
    would walk them again and again (about a second per 100,000 rows). Nothing of an
    import forms cycles worth collecting early; one collection runs at the end."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
        gc.collect()


def run_batch(
    batch: ImportBatch, *, commit: bool, progress: Progress | None = None
) -> Written | None:
    """Check and, when `commit`, import at once (the management commands), the rows the
    check kept in memory going straight to the commit. Raises ImportFileError for an
    unusable file; returns None when nothing was written."""
    with _collector_paused():
        checked = check_batch(batch, progress=progress, preview=not commit)
        if not commit:
            return None
        return commit_batch(batch, kept=checked.kept)
