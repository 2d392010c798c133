from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, pgettext_lazy
from django.views.decorators.http import require_POST

from pricing.recommend import Recommender, market_data, recommend_all
from sales.where_to_sell import market_price_of, options_for
from soleflip.analytics.models import RefreshInfo, StockAging
from soleflip.core.listing import COUNT, active_filters, render_list
from soleflip.lib import csvout
from soleflip.lib.formats import format_datetime, format_euro, format_number
from soleflip.lib.http import HtmxHttpRequest

from . import services
from .choices import UNSOLD_STATUSES
from .filters import StockFilter
from .forms import BulkForm, QuotePriceForm, ReturnForm, TransitionForm
from .models import StockItem, StockStatus
from .sale_lines import sale_lines
from .tables import StockTable
from .workflow import TransitionError, label

PAGE_SIZE = 50  # render_list's rows per page: at most this many recommendations at once


def _totals(filterset):
    """The list's totals. The dashboard's rule (StockItemQuerySet.stock_value): the default
    list's totals are its "Pairs in stock" and "Stock at cost", so without a filter they come
    from the same view as of its last refresh (with that time) instead of summing every
    unsold pair on each view, and the pager does not count the rows either."""

    def totals(rows) -> dict:
        info = None if active_filters(filterset) else RefreshInfo.objects.first()
        if info is None:
            value = rows.stock_value()
        else:
            value = {"rows": None, **StockAging.objects.totals()}
        found = {
            COUNT: value["rows"],
            _("Pairs"): format_number(value["pairs"]),
            _("Stock at cost"): format_euro(value["value"]),
        }
        if value["cost_missing"]:
            found[_("Without a cost (not in the value)")] = format_number(value["cost_missing"])
        if info is not None:
            found[_("As of")] = format_datetime(info.refreshed_at)
        return found

    return totals


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_list(request: HtmxHttpRequest) -> HttpResponse:
    items = StockItem.objects.select_related("product", "size", "supplier")
    filterset = StockFilter(request.GET, queryset=items, request=request)
    return render_list(
        request,
        template="inventory/stock_list.html",
        table_class=StockTable,
        filterset=filterset,
        totals=_totals(filterset),
        context={"status_choices": StockStatus.choices},
    )


@permission_required("inventory.view_stockitem", raise_exception=True)
def recommendations(request: HttpRequest) -> HttpResponse:
    """The recommended prices of the list page's unsold pairs (`ids`), as out-of-band swaps
    into their cells: the list shows first, the fifty floors follow."""
    ids = [int(x) for x in request.GET.get("ids", "").split(",") if x.isdigit()][:PAGE_SIZE]
    pairs = list(
        StockItem.objects.filter(pk__in=ids, status__in=UNSOLD_STATUSES).select_related(
            "product__brand", "size"
        )
    )
    found = recommend_all(pairs, timezone.localdate()) if pairs else []
    return render(request, "inventory/_recommendations.html", {"recommendations": found})


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One pair: cost, days in stock, listings, the order that sold it, full history."""
    item = get_object_or_404(
        StockItem.objects.select_related(
            "product__brand", "product__category", "size", "supplier"
        ).prefetch_related("events__user", "listings__marketplace", "orders__marketplace"),
        pk=pk,
    )
    orders = list(item.orders.all())
    for order in orders:
        order.inventory_item = item  # the pair is at hand: its cost basis needs no query
    return render(
        request,
        "inventory/stock_detail.html",
        {
            "item": item,
            "events": item.events.all(),
            "sales": [(order, sale_lines(order)) for order in orders],
            "listings": item.listings.all(),
            "allowed": item.allowed_statuses(),
            "status_labels": dict(StockStatus.choices),
            **_where_to_sell(request, item),
        },
    )


def _where_to_sell(request: HttpRequest, item: StockItem) -> dict:
    """For a pair not sold yet: the market price (or a price typed in) quoted on every
    marketplace, best profit first."""
    if item.status not in UNSOLD_STATUSES:
        return {}
    today = timezone.localdate()
    recommendation = Recommender(today).recommend(item, market_data([item]))
    form = QuotePriceForm(request.GET or None)
    typed = form.cleaned_data["price"] if form.is_valid() else None
    price = typed or recommendation.price or market_price_of(item)
    options = options_for(item, price, today) if price else []
    return {
        "recommendation": recommendation,
        "quote_form": form,
        "quote_price": price,
        "quote_typed": typed,
        "sell_options": options,
    }


@require_POST
@permission_required("inventory.change_stockitem", raise_exception=True)
def stock_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Workflow actions from the pair's page; refusals come back as a message."""
    item = get_object_or_404(StockItem, pk=pk)
    form = (ReturnForm if action == "return" else TransitionForm)(request.POST)
    if not form.is_valid():
        messages.error(request, _("The action was not understood."))
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
        messages.success(
            request,
            _("Pair #%(id)s is now %(status)s.") % {"id": item.pk, "status": label(item.status)},
        )
    except TransitionError as exc:
        messages.error(request, str(exc))
    if not StockItem.objects.filter(pk=pk).exists():  # deleted meanwhile: its page is gone
        return redirect("inventory:stock-list")
    return redirect("inventory:stock-detail", pk=pk)


@require_POST
@permission_required("inventory.change_stockitem", raise_exception=True)
def stock_bulk(request: HttpRequest) -> HttpResponse:
    """Bulk actions on the selected pairs; deleting needs the owner's permission and a
    confirmation page."""
    form = BulkForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect(_back(request))
    data = form.cleaned_data
    items = list(
        StockItem.objects.select_related("product", "size").filter(pk__in=data["selected"])
    )
    if data["action"] == "delete":
        if not request.user.has_perm("inventory.delete_stockitem"):
            raise PermissionDenied
        if not data["confirm"]:
            return render(
                request,
                "inventory/stock_confirm_delete.html",
                {"items": items, "next": _back(request)},
            )
        # The ids, not the pairs read above: the service locks them and reads their status
        # again, and names any deleted since the confirmation page.
        result = services.delete_pairs(ids=data["selected"], user=request.user)
        done = ngettext("%(count)s pair deleted.", "%(count)s pairs deleted.", result.changed)
    elif data["action"] == "status":
        result = services.bulk_transition(items=items, status=data["status"], user=request.user)
        done = ngettext(
            "%(count)s pair now %(status)s.", "%(count)s pairs now %(status)s.", result.changed
        )
    else:
        result = services.bulk_move(items=items, location=data["location"], user=request.user)
        done = ngettext(
            "%(count)s pair moved to %(location)s.",
            "%(count)s pairs moved to %(location)s.",
            result.changed,
        )
    messages.success(
        request,
        done
        % {
            "count": format_number(result.changed),
            "status": label(data["status"]) if data["status"] else "",
            "location": data["location"],
        },
    )
    for refusal in result.refused[:20]:
        messages.warning(request, refusal)
    return redirect(_back(request))


def _back(request: HttpRequest) -> str:
    """The list the bulk form was posted from; never a URL off this site."""
    back = request.POST.get("next", "")
    safe = url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    return back if safe else reverse("inventory:stock-list")


# The export's column titles, in the active language (English: the names other software
# has always read; the values below stay machine-readable in either language).
EXPORT_HEADER = (
    pgettext_lazy("stock export", "id"),
    pgettext_lazy("stock export", "sku"),
    pgettext_lazy("stock export", "product"),
    pgettext_lazy("stock export", "brand"),
    pgettext_lazy("stock export", "size"),
    pgettext_lazy("stock export", "status"),
    pgettext_lazy("stock export", "supplier"),
    pgettext_lazy("stock export", "purchase_date"),
    pgettext_lazy("stock export", "net"),
    pgettext_lazy("stock export", "vat_rate"),
    pgettext_lazy("stock export", "vat"),
    pgettext_lazy("stock export", "gross"),
    pgettext_lazy("stock export", "tax_scheme"),
    pgettext_lazy("stock export", "location"),
    pgettext_lazy("stock export", "order_number"),
    pgettext_lazy("stock export", "invoice_number"),
)


@permission_required("inventory.view_stockitem", raise_exception=True)
def stock_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered pairs as CSV (same filters as the list), international style."""
    items = StockFilter(
        request.GET, queryset=StockItem.objects.select_related("product__brand", "size", "supplier")
    )
    rows = items.qs if items.is_valid() else StockItem.objects.none()
    header = [str(title) for title in EXPORT_HEADER]
    # Empty for an unknown (or zero) amount or date, as this file has always had it.
    lines = (
        [
            item.pk,
            item.product.sku,
            item.product.name,
            item.product.brand or "",
            item.size,
            item.status,
            item.supplier or "",
            item.purchase_date or "",
            item.purchase_price or "",
            item.vat_rate or "",
            item.vat_amount or "",
            item.gross_purchase_price or "",
            item.tax_scheme,
            item.location,
            item.purchase_order_number,
            item.invoice_number,
        ]
        for item in rows.order_by("id").iterator(chunk_size=2000)
    )
    chunks = csvout.csv_chunks(header, lines, csvout.INTERNATIONAL, name="Inventory export")
    return csvout.csv_response(chunks, filename="inventory.csv")
