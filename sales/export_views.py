"""Sales → Accountant export: pick a period, see its counts and totals, download the files.
Reading is allowed to every role (sales.view_order)."""

import tempfile

from django.contrib.auth.decorators import permission_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from soleflip.lib import csvout

from .export import summarize
from .export_files import purchases_csv, sales_csv, write_workbook
from .export_forms import ExportPeriodForm

CSV_FILES = {"sales.csv": sales_csv, "purchases.csv": purchases_csv}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _form(request: HttpRequest) -> ExportPeriodForm:
    return ExportPeriodForm(request.GET or {"period": "last_month"}, today=timezone.localdate())


@permission_required("sales.view_order", raise_exception=True)
def export(request: HttpRequest) -> HttpResponse:
    form = _form(request)
    summary = None
    if form.is_valid():
        summary = summarize(start=form.cleaned_data["start"], end=form.cleaned_data["end"])
    return render(request, "sales/export.html", {"form": form, "summary": summary})


@permission_required("sales.view_order", raise_exception=True)
def export_download(request: HttpRequest, kind: str) -> HttpResponse:
    if kind not in (*CSV_FILES, "workbook.xlsx"):
        raise Http404("No such export file.")
    form = _form(request)
    if not form.is_valid():
        return render(request, "sales/export.html", {"form": form}, status=400)
    start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    name = f"soleflip-{kind.replace('.', f'-{start}_{end}.')}"
    if kind == "workbook.xlsx":
        # A zip needs the whole file before it can be sent: written to a spooled file.
        out = tempfile.SpooledTemporaryFile(max_size=32 * 1024 * 1024)
        write_workbook(start=start, end=end, out=out)
        out.seek(0)
        return FileResponse(out, as_attachment=True, filename=name, content_type=XLSX)
    chunks = CSV_FILES[kind](start=start, end=end, style=form.cleaned_data["csv_style"])
    return csvout.csv_response(chunks, filename=name)
