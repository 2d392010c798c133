"""The accountant export's background work: thin entry points to sales/export_jobs.py."""

from celery import shared_task

from . import export_jobs
from .models import ExportJob


@shared_task(name="exports.workbook")
def build_export_workbook(job_id: int) -> None:
    """Write a workbook of the accountant export (the page's "Workbook (XLSX)" button)."""
    export_jobs.build_workbook(job=ExportJob.objects.get(pk=job_id))


@shared_task(name="exports.delete_expired", ignore_result=True)
def delete_expired_exports() -> int:
    """Hourly: delete the workbooks past their download time."""
    return export_jobs.delete_expired_exports()
