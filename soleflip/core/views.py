"""The Imports pages: every batch, and the one page every file import goes through
(upload -> checked with a progress bar -> preview -> import -> result, rows below)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from soleflip.lib.http import HtmxHttpRequest

from . import imports, tasks
from .filters import BatchFilter
from .listing import render_list
from .models import ImportBatch, ImportRecord
from .tables import BatchTable


@permission_required("core.view_importbatch", raise_exception=True)
def batch_list(request: HtmxHttpRequest) -> HttpResponse:
    ImportBatch.objects.expire_stale()
    batches = ImportBatch.objects.select_related("created_by")
    return render_list(
        request,
        template="core/batch_list.html",
        table_class=BatchTable,
        filterset=BatchFilter(request.GET, queryset=batches, request=request),
        context={"importers": imports.importers_for(request.user)},
    )


@login_required
def upload(request: HtmxHttpRequest, source: str) -> HttpResponse:
    """The upload page of an importer (each app routes its own URL here with `source`).
    A valid file becomes a batch, checked by a task once the upload is committed."""
    importer = imports.importer_for(source)
    if not request.user.has_perm(importer.permission):
        raise PermissionDenied
    form = importer.form_class(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        batch = ImportBatch.objects.create(
            source_type=source,
            source_file=upload.name[:255],
            file=upload,
            skip_invalid=form.cleaned_data.get("skip_invalid", False),
            options=importer.options(form),
            created_by=request.user,
        )
        transaction.on_commit(lambda: _enqueue(request, tasks.check_import, batch))
        return redirect("imports:batch-detail", pk=batch.pk)
    return render(request, "core/import_upload.html", {"form": form, "importer": importer})


def _enqueue(request: HtmxHttpRequest, task, batch: ImportBatch) -> None:
    if not imports.enqueue(task, batch):
        messages.error(request, str(imports.BROKER_DOWN))


def _flow(request: HtmxHttpRequest, batch: ImportBatch) -> dict:
    """What the status region shows: progress, the preview and its Import button, the
    result, or why nothing was imported."""
    batch.expire_if_stale()
    importer = imports.importer_for(batch) if imports.has_importer(batch.source_type) else None
    can_import = importer is not None and request.user.has_perm(importer.permission)
    return {
        "batch": batch,
        "importer": importer,
        "can_import": can_import,
        "figures": importer
        and (
            importer.preview(batch)
            if batch.status == ImportBatch.Status.VALIDATED
            else importer.result(batch)
        ),
        "notes": importer.notes(batch) if importer else [],
        "preview_rows": importer.preview_rows(batch)
        if importer and batch.status == ImportBatch.Status.VALIDATED
        else None,
        "links": importer.links(batch) if importer else [],
        "row_errors": batch.row_errors() if batch.error_records else [],
    }


@permission_required("core.view_importbatch", raise_exception=True)
def batch_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """A batch: its progress, preview or result, then every row with raw values."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    status = request.GET.get("status", "")
    records = batch.records.order_by("line_number")
    if status in ImportRecord.Status.values:
        records = records.filter(status=status)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {
        **_flow(request, batch),
        "page": page,
        "status": status,
        "statuses": ImportRecord.Status.choices,
    }
    template = "core/batch_detail.html#records" if request.htmx else "core/batch_detail.html"
    return render(request, template, context)


@permission_required("core.view_importbatch", raise_exception=True)
def batch_status(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The status region alone, polled while the batch is running. Once it has stopped,
    the whole page is reloaded: its rows below have changed too."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    response = render(request, "core/batch_detail.html#status", _flow(request, batch))
    if request.htmx and not batch.running:
        response["HX-Refresh"] = "true"
    return response


def _importable(request: HtmxHttpRequest, pk: int) -> ImportBatch:
    """A file import's batch the user may import; an API sync's batch is not one (404)."""
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not imports.has_importer(batch.source_type):
        raise Http404(_("Only a file import can be imported or run again here."))
    if not request.user.has_perm(imports.importer_for(batch).permission):
        raise PermissionDenied
    return batch


@require_POST
@login_required
def batch_commit(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """The "Import" button: only the first click starts the import."""
    batch = _importable(request, pk)
    skip = bool(request.POST.get("skip_invalid"))
    if batch.error_records and not skip:
        messages.error(
            request, _("Some rows are invalid: tick “skip invalid rows” to import the rest.")
        )
    elif batch.claim_import(skip_invalid=skip):
        transaction.on_commit(lambda: _enqueue(request, tasks.commit_import, batch))
    return redirect("imports:batch-detail", pk=batch.pk)


@require_POST
@login_required
def batch_retry(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Check a failed batch's file again (imports are idempotent: nothing is doubled)."""
    batch = _importable(request, pk)
    if not batch.file:
        messages.error(request, _("The file of this import is no longer kept; upload it again."))
    elif batch.requeue():
        transaction.on_commit(lambda: _enqueue(request, tasks.check_import, batch))
    return redirect("imports:batch-detail", pk=batch.pk)
