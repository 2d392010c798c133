from celery import shared_task

from soleflip.core.models import ImportBatch

from . import services


@shared_task
def validate_stockx_report(batch_id: int) -> None:
    """Validate an uploaded report and prepare its preview (writes no domain data)."""
    services.import_stockx_sales(batch=ImportBatch.objects.get(pk=batch_id), commit=False)


@shared_task
def commit_stockx_report(batch_id: int) -> None:
    services.commit_stockx_batch(batch=ImportBatch.objects.get(pk=batch_id))
