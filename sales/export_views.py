"""Sales → Accountant export: pick a period, see its counts and totals, download the files.
CSV is streamed; the XLSX workbook is written by a task (a year takes longer than a
request may) whose page shows its progress and then the download link. Reading is allowed
to every role (sales.view_order), and so is building a workbook."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from soleflip.core import imports
from soleflip.lib import csvout
from soleflip.lib.http import HtmxHttpRequest

from . import tasks
from .export import summarize
from .export_files import purchases_csv, sales_csv
from .export_forms import ExportPeriodForm
from .models import ExportJob

CSV_FILES = {"sales.csv": sales_csv, "purchases.csv": purchases_csv}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest) -> ExportPeriodForm:
    return ExportPeriodForm(request.GET or {"period": "last_month"}, today=timezone.localdate())


def _page(request: HttpRequest, form: ExportPeriodForm, summary=None, status: int = 200):
    workbooks = ExportJob.objects.filter(created_by=request.user).current()[:5]
    context = {"form": form, "summary": summary, "workbooks": workbooks}
    return render(request, "sales/export.html", context, status=status)


@permission_required("sales.view_order", raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    summary = None
    if form.is_valid():
        summary = summarize(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return _page(request, form, summary)


@permission_required("sales.view_order", raise_exception=True)
def export_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in CSV_FILES:
        raise Http404(_("No such export file."))
    form = _form(request)
    if not form.is_valid():
        return _page(request, form, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = f"soleflip-{kind.replace('.', f'-{start}_{end}.')}"
    chunks = CSV_FILES[kind](start=start, end=end, style=form.cleaned_data["csv_style"])
    return csvout.csv_response(chunks, filename=name)


@require_POST
@permission_required("sales.view_order", raise_exception=True)
def export_workbook(request: HttpRequest) -> HttpResponse:
    """ "Workbook (XLSX)": a job writes it in the background; its page shows the progress."""
    form = ExportPeriodForm(request.POST, today=timezone.localdate())
    if not form.is_valid():
        return _page(request, form, status=400)
    job = ExportJob.objects.create(
        start=form.cleaned_data["start"],
        end=form.cleaned_data["end"],
        created_by=request.user,
        language=_language(),
    )
    transaction.on_commit(lambda: _enqueue(request, job))
    return redirect("sales:export-job", pk=job.pk)


def _language() -> str:
    """The page's language, which the workbook is written in (one of LANGUAGES)."""
    return "en" if (get_language() or "de").startswith("en") else "de"


def _enqueue(request: HttpRequest, job: ExportJob) -> None:
    if not imports.enqueue(tasks.build_export_workbook, job):
        messages.error(request, imports.BROKER_DOWN)


@permission_required("sales.view_order", raise_exception=True)
def export_job(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A workbook being written (the status region polls while it runs), or its download
    link, or why there is none."""
    job = get_object_or_404(ExportJob, pk=pk)
    job.fail_if_stale()
    template = "sales/export_job.html#status" if request.htmx else "sales/export_job.html"
    return render(request, template, {"job": job})


@permission_required("sales.view_order", raise_exception=True)
def export_job_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The finished workbook, until it expires (410 Gone after that, saying so)."""
    job = get_object_or_404(ExportJob, pk=pk)
    if job.status != ExportJob.Status.DONE:
        return redirect("sales:export-job", pk=job.pk)
    if job.expired or not job.file or not job.file.storage.exists(job.file.name):
        return render(request, "sales/export_job.html", {"job": job, "gone": True}, status=410)
    return FileResponse(
        job.file.open("rb"), as_attachment=True, filename=job.file_name, content_type=XLSX
    )
