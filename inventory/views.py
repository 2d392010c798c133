from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from soleflip.core.listing import render_list
from soleflip.core.tables import euro

from .filters import StockFilter
from .forms import ReturnForm, TransitionForm
from .models import StockItem, StockStatus
from .tables import StockTable
from .workflow import TransitionError


def _totals(rows) -> dict:
    agg = rows.aggregate(pairs=Count("id"), cost=Sum("purchase_price"))
    return {"Pairs": agg["pairs"], "Cost value (net)": euro(agg["cost"] or 0)}


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_list(request: HttpRequest) -> HttpResponse:
    items = StockItem.objects.select_related("product", "size", "supplier")
    return render_list(
        request,
        template="inventory/stock_list.html",
        table_class=StockTable,
        filterset=StockFilter(request.GET, queryset=items, request=request),
        totals=_totals,
    )


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair: cost, days in stock, listings, the order that sold it, full history."""
    item = get_object_or_404(
        StockItem.objects.select_related(
            "product__brand", "product__category", "size", "supplier"
        ).prefetch_related("events__user", "listings__marketplace", "orders__marketplace"),
        pk=pk,
    )
    return render(
        request,
        "inventory/stock_detail.html",
        {
            "item": item,
            "events": item.events.all(),
            "orders": item.orders.all(),
            "listings": item.listings.all(),
            "allowed": item.allowed_statuses(),
            "status_labels": dict(StockStatus.choices),
        },
    )


@require_POST
@permission_required("inventory.change_stockitem", raise_exception=True)
def stock_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Workflow actions from the pair's page; refusals come back as a message."""
    item = get_object_or_404(StockItem, pk=pk)
    form = (ReturnForm if action == "return" else TransitionForm)(request.POST)
    if not form.is_valid():
        messages.error(request, "The action was not understood.")
        return redirect("inventory:stock-detail", pk=pk)
    data, user = form.cleaned_data, request.user
    try:
        if action == "status":
            item.transition(data["status"], user=user, reason=data["reason"])
        elif action == "reserve":
            item.reserve(user=user, reason=data["reason"])
        elif action == "release":
            item.release(user=user, reason=data["reason"])
        elif action == "return":
            item.process_return(damaged=data["damaged"], user=user, reason=data["reason"])
        else:
            raise Http404
        messages.success(request, f"Pair #{item.pk} is now {item.get_status_display().lower()}.")
    except TransitionError as exc:
        messages.error(request, str(exc))
    return redirect("inventory:stock-detail", pk=pk)
