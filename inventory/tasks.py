from celery import shared_task

from soleflip.core.models import ImportBatch


@shared_task
def run_purchase_import(batch_id: int, commit: bool) -> None:
    """Check (commit=False) or import a purchases CSV; a file error marks the batch failed."""
    from .purchase_import import PurchaseFileError, import_purchases

    try:
        import_purchases(batch=ImportBatch.objects.get(pk=batch_id), commit=commit)
    except PurchaseFileError:
        pass  # recorded on the batch
