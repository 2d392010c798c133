from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from .filters import BatchFilter
from .listing import render_list
from .models import ImportBatch, ImportRecord
from .tables import BatchTable


@permission_required("core.view_importbatch", raise_exception=True)
def batch_list(request: HttpRequest) -> HttpResponse:
    batches = ImportBatch.objects.select_related("created_by")
    return render_list(
        request,
        template="core/batch_list.html",
        table_class=BatchTable,
        filterset=BatchFilter(request.GET, queryset=batches, request=request),
    )


@permission_required("core.view_importbatch", raise_exception=True)
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A batch with its outcome and rows: errors first, then every row with raw values."""
    batch = get_object_or_404(ImportBatch.objects.select_related("created_by"), pk=pk)
    status = request.GET.get("status", "")
    records = batch.records.order_by("line_number")
    if status in ImportRecord.Status.values:
        records = records.filter(status=status)
    page = Paginator(records, 50).get_page(request.GET.get("page"))
    context = {
        "batch": batch,
        "page": page,
        "status": status,
        "statuses": ImportRecord.Status.choices,
        "rejected": batch.records.filter(status=ImportRecord.Status.REJECTED).order_by(
            "line_number"
        )[:100],
    }
    template = "core/batch_detail.html#records" if request.htmx else "core/batch_detail.html"
    return render(request, template, context)
