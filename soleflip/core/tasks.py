"""The import frame's tasks: thin entry points that fetch the batch and call the frame.
A file that cannot be used, or invalid rows, are recorded on the batch and are not task
errors; anything unexpected is recorded on the batch too and raised, so Celery logs it."""

from celery import shared_task
from django.utils import translation

from soleflip.lib.rows import ImportFileError

from . import imports, retention
from .models import ImportBatch


def _batch(batch_id: int) -> ImportBatch:
    return ImportBatch.objects.select_related("created_by").get(pk=batch_id)


@shared_task(name="imports.check")
def check_import(batch_id: int) -> None:
    """Check an uploaded file and prepare its preview (writes no domain data), in the
    uploader's language (the row errors are kept as text)."""
    batch = _batch(batch_id)
    with translation.override(batch.language):
        try:
            imports.check_batch(batch)
        except ImportFileError:
            pass  # the reason is on the batch


@shared_task(name="imports.commit")
def commit_import(batch_id: int) -> None:
    """Write a checked batch (the "Import" button)."""
    batch = _batch(batch_id)
    with translation.override(batch.language):
        imports.commit_batch(batch)


@shared_task(name="imports.expire_stale", ignore_result=True)
def expire_stale_imports() -> int:
    """Fail batches whose worker died (killed process, lost broker)."""
    return ImportBatch.objects.expire_stale()


@shared_task(name="retention.purge_expired", ignore_result=True)
def purge_expired() -> str:
    """Nightly: remove import rows and log-in records past their retention periods."""
    return str(retention.purge_expired())


# The nightly backup (soleflip/core/backups.py), scheduled in soleflip/celery.py.
@shared_task(name="backups.nightly", ignore_result=True)
def nightly_backup() -> str:
    """Back up the database into BACKUP_DIR and prune old backups there."""
    from .backups import run_nightly_backup

    backup, removed = run_nightly_backup()
    return f"{backup.dump.name}: {backup.size} bytes; pruned {len(removed)} files"
