"""Supplier pages (`/suppliers/`): the list with each supplier's results, a supplier with
its accounts, purchases and pairs, the edit form and the accounts import. Page code may
read any app's models, so the pairs and their orders are read here directly."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.cache import cache
from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django_tables2 import RequestConfig

from inventory.models import SOLD_STATUSES, StockItem
from inventory.tables import StockTable
from soleflip.analytics.models import RefreshInfo
from soleflip.core.listing import active_filters
from soleflip.lib.http import HtmxHttpRequest

from .filters import SupplierFilter
from .forms import SupplierForm
from .models import Supplier
from .tables import SupplierTable

FIGURES = ("spend", "pairs_bought", "pairs_sold", "avg_roi", "avg_days_to_sell")


def figures_of(ids: list[int] | None = None) -> dict[int, dict]:
    """Spend (gross paid), pairs bought and sold, average ROI and days to sell of each
    supplier's pairs (ROI and days from their orders, cost known), by supplier id: two
    grouped queries for the suppliers `ids`, else for all of them."""
    pairs = StockItem.objects.exclude(supplier=None)
    if ids is not None:
        pairs = pairs.filter(supplier__in=ids)
    stock = {
        row["supplier"]: row
        for row in pairs.values("supplier").annotate(
            spend=Sum("gross_purchase_price"),
            pairs_bought=Count("id"),
            pairs_sold=Count("id", filter=Q(status__in=SOLD_STATUSES)),
        )
    }
    sales = {
        row["supplier"]: row
        for row in pairs.filter(orders__isnull=False)
        .values("supplier")
        .annotate(avg_roi=Avg("orders__roi"), avg_days_to_sell=Avg("orders__shelf_life_days"))
    }
    return {
        key: {name: {**stock.get(key, {}), **sales.get(key, {})}.get(name) for name in FIGURES}
        for key in stock.keys() | sales.keys()
    }


def figures_as_of_refresh() -> dict[int, dict]:
    """Every supplier's figures, kept (in the cache) until the analytics views are next
    refreshed, which every purchase, import and sale asks for: the list shows them as the
    dashboard does its figures, instead of grouping 100,000 pairs and their orders on
    every view."""
    info = RefreshInfo.objects.first()
    key = f"suppliers:figures:{info.refreshed_at.isoformat() if info else '-'}"
    found = cache.get(key)
    if found is None:
        found = figures_of()
        cache.set(key, found, timeout=24 * 3600)
    return found


def with_performance(suppliers: QuerySet, *, as_of_refresh: bool = False) -> list:
    """The suppliers with their figures attached (live, or as of the last refresh)."""
    suppliers = list(suppliers.annotate(account_count=Count("accounts", distinct=True)))
    figures = figures_as_of_refresh() if as_of_refresh else figures_of([s.pk for s in suppliers])
    for supplier in suppliers:
        found = figures.get(supplier.pk, {})
        for name in FIGURES:
            setattr(supplier, name, found.get(name))
    return suppliers


@permission_required("suppliers.view_supplier", raise_exception=True)
def supplier_list(request: HtmxHttpRequest) -> HttpResponse:
    filterset = SupplierFilter(request.GET, queryset=Supplier.objects.all(), request=request)
    # Without a filter every supplier is shown: their figures as of the last refresh.
    suppliers = with_performance(
        filterset.qs if filterset.is_valid() else Supplier.objects.none(),
        as_of_refresh=not active_filters(filterset),
    )
    table = SupplierTable(suppliers)
    RequestConfig(request, paginate={"per_page": 50}).configure(table)
    template = (
        "suppliers/supplier_list.html#results" if request.htmx else "suppliers/supplier_list.html"
    )
    return render(request, template, {"filter": filterset, "table": table, "totals": None})


@permission_required("suppliers.view_supplier", raise_exception=True)
def supplier_detail(request: HttpRequest, pk: int) -> HttpResponse:
    [supplier] = with_performance(Supplier.objects.filter(pk=pk)) or [None]
    if supplier is None:
        raise Http404
    pairs = StockTable(
        StockItem.objects.filter(supplier=supplier).select_related("product", "size", "supplier"),
        exclude=("selected", "supplier"),
        template_name="django_tables2/bootstrap5-responsive.html",  # the fast rows assume all columns
    )
    pairs.paginate(page=request.GET.get("page", 1), per_page=50)
    return render(
        request,
        "suppliers/supplier_detail.html",
        {
            "supplier": supplier,
            "accounts": supplier.accounts.all(),
            "purchases": supplier.purchases.select_related("account", "product")[:50],
            "pairs": pairs,
        },
    )


@permission_required("suppliers.change_supplier", raise_exception=True)
def supplier_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    supplier = get_object_or_404(Supplier, pk=pk) if pk else None
    if supplier is None and not request.user.has_perm("suppliers.add_supplier"):
        return HttpResponse(status=403)
    form = SupplierForm(request.POST or None, instance=supplier)
    if request.method == "POST" and form.is_valid():
        if not form.instance.slug:
            from django.utils.text import slugify

            form.instance.slug = slugify(form.instance.name)[:100] or "supplier"
        supplier = form.save()
        messages.success(request, _("Supplier %(supplier)s saved.") % {"supplier": supplier})
        return redirect("suppliers:supplier-detail", pk=supplier.pk)
    return render(request, "suppliers/supplier_form.html", {"form": form, "supplier": supplier})
