"""The accountant export's workbook as background work: a year's XLSX takes longer than a
web request may (17 s, close to gunicorn's 30 s timeout).

One service, three entry points: the page creates an ExportJob and enqueues the task on
commit, then polls the job's status region; the task (sales/tasks.py) calls
`build_workbook`; `manage.py export_accounting --format xlsx` writes a workbook
synchronously with `write_workbook`. A finished workbook is kept in MEDIA_ROOT/exports/ for
EXPORT_KEEP_HOURS and downloaded through a permission-checked view, never from a public
URL; `delete_expired_exports` (Celery beat, hourly) deletes it after that.
"""

import logging
import tempfile
from datetime import timedelta

from django.conf import settings
from django.core.files import File
from django.db import connection
from django.utils import timezone, translation
from django.utils.translation import gettext

from .export import count_lines
from .export_files import write_workbook
from .models import ExportJob

log = logging.getLogger(__name__)


def build_workbook(*, job: ExportJob) -> ExportJob:
    """Write the job's workbook and keep it as the job's file, reporting progress on the
    job. A failure fails the job with the reason, keeps no file, and is raised again (so
    Celery logs it). A job that is no longer waiting or running is left alone (a task
    delivered twice writes one workbook). Sheets, headers and the failure reason are in the
    language of the user who asked (recorded on the job)."""
    if not job.running:
        log.info("Export job %s is %s: not written again", job.pk, job.status)
        return job
    with translation.override(job.language):
        job.begin(lines=count_lines(start=job.start, end=job.end))
        try:
            with tempfile.TemporaryFile() as out:
                write_workbook(start=job.start, end=job.end, out=out, progress=job.report_progress)
                out.seek(0)
                job.finish(File(out))
        except Exception as exc:
            # A database that went away leaves this connection unusable: record the failure
            # on a new one.
            connection.close_if_unusable_or_obsolete()
            job.fail(
                gettext("Writing the workbook failed (%(error)s). Build it again.")
                % {"error": type(exc).__name__}
            )
            raise
    return job


def delete_expired_exports() -> int:
    """Delete the workbooks past their download time (their rows stay, so an old link says
    it expired), fail the jobs whose worker is gone, and delete files in MEDIA_ROOT/exports/
    that no job keeps and that are older than EXPORT_KEEP_HOURS (left by a worker killed
    while saving). Returns how many files were deleted."""
    deleted = 0
    for job in ExportJob.objects.expired_files():
        job.delete_file()
        deleted += 1
    for job in ExportJob.objects.stale():
        with translation.override(job.language):
            job.fail_if_stale()
    storage = ExportJob._meta.get_field("file").storage
    if not storage.exists("exports"):
        return deleted
    kept = set(ExportJob.objects.exclude(file="").values_list("file", flat=True))
    before = timezone.now() - timedelta(hours=settings.EXPORT_KEEP_HOURS)
    for name in storage.listdir("exports")[1]:
        path = f"exports/{name}"
        if path not in kept and storage.get_modified_time(path) < before:
            storage.delete(path)
            deleted += 1
    return deleted
