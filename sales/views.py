import json

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.core.paginator import Paginator
from django.db.models import Count, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from soleflip.analytics.models import OrderTotals, RefreshInfo
from soleflip.core.listing import COUNT, active_filters, render_list
from soleflip.lib.formats import format_datetime, format_euro, format_number
from soleflip.lib.http import HtmxHttpRequest

from . import services
from .filters import OrderFilter
from .forms import CostForm, PayoutReceivedForm
from .models import Order
from .payouts import mark_payout_received, overdue_orders, payout_groups
from .sell_forms import SaleChangeForm
from .tables import OrderTable


def _totals(filterset):
    """The list's totals: with a filter summed over the filtered orders; without one the
    count and sums come from analytics.order_totals as of its last refresh (with that time)
    instead of counting and summing every order on each view; the pager then does not
    count either."""

    def totals(rows) -> dict:
        info = None if active_filters(filterset) else RefreshInfo.objects.first()
        kept = OrderTotals.objects.first() if info is not None else None
        if kept is None:
            agg = rows.aggregate(
                n=Count("id"),
                sales=Sum("gross_sale"),
                payout=Sum("net_proceeds"),
                profit=Sum("net_profit"),
            )
        else:
            agg = {
                "n": kept.orders,
                "sales": kept.revenue,
                "payout": kept.payouts,
                "profit": kept.net_profit,
            }
        found = {
            COUNT: agg["n"] if kept is None else None,
            _("Sales"): format_number(agg["n"]),
            _("Revenue"): format_euro(agg["sales"] or 0),
            _("Payouts"): format_euro(agg["payout"] or 0),
            _("Net profit (cost known)"): format_euro(agg["profit"] or 0),
        }
        if kept is not None:
            found[_("As of")] = format_datetime(info.refreshed_at)
        return found

    return totals


@permission_required("sales.view_order", raise_exception=True)
def order_list(request: HtmxHttpRequest) -> HttpResponse:
    orders = Order.objects.select_related(
        "marketplace", "inventory_item__product", "inventory_item__size"
    )
    filterset = OrderFilter(request.GET, queryset=orders, request=request)
    return render_list(
        request,
        template="sales/order_list.html",
        table_class=OrderTable,
        filterset=filterset,
        totals=_totals(filterset),
    )


@permission_required("sales.view_order", raise_exception=True)
def order_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One sale: the fee breakdown, the payout, the pair with its cost, profit and raw data."""
    order = get_object_or_404(
        Order.objects.select_related(
            "marketplace",
            "listing",
            "inventory_item__product__brand",
            "inventory_item__size",
            "inventory_item__supplier",
            "source_record__batch",
        ),
        pk=pk,
    )
    record = order.import_row
    raw = {
        (
            _("Row %(line)s of import #%(batch)s")
            % {"line": record.line_number, "batch": record.batch_id}
            if record
            else _("As the marketplace sent it")
        ): order.raw_row(),
        _("Kept with the sale"): order.platform_specific_data,
    }
    return render(
        request,
        "sales/order_detail.html",
        {
            "order": order,
            "item": order.inventory_item,
            "raw": {k: json.dumps(v, indent=2, ensure_ascii=False) for k, v in raw.items() if v},
            "change_form": SaleChangeForm.for_order(order)
            if (order.platform_specific_data or {}).get("entered_by_hand")
            and order.status != Order.Status.CANCELLED
            else None,
        },
    )


@permission_required("inventory.change_stockitem", raise_exception=True)
def missing_cost(request: HttpRequest) -> HttpResponse:
    """Sold pairs without a purchase cost, oldest sale first, each with a cost form."""
    orders = (
        Order.objects.cost_missing()
        .filter(inventory_item__isnull=False)
        .select_related("marketplace", "inventory_item__product", "inventory_item__size")
        .order_by("sold_at", "id")
    )
    page = Paginator(orders, 50).get_page(request.GET.get("page"))
    rows = [(order, CostForm(sold_on=_sold_on(order))) for order in page]
    return render(request, "sales/missing_cost.html", {"page": page, "rows": rows})


@require_POST
@permission_required("inventory.change_stockitem", raise_exception=True)
def enter_cost(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    order = get_object_or_404(
        Order.objects.select_related(
            "marketplace", "inventory_item__product", "inventory_item__size"
        ),
        pk=pk,
        inventory_item__isnull=False,
    )
    form = CostForm(request.POST, sold_on=_sold_on(order))
    if form.is_valid():
        services.enter_missing_cost(
            item=order.inventory_item, user=request.user, **form.cleaned_data
        )
        order.refresh_from_db()
        if not request.htmx:
            messages.success(
                request, _("Cost entered for order %(order)s.") % {"order": order.external_id}
            )
            return redirect("sales:missing-cost")
    template = "sales/missing_cost.html#row" if request.htmx else "sales/missing_cost.html"
    context = {"order": order, "form": form, "saved": form.is_valid()}
    if not request.htmx:  # a full page with this row's errors at the top
        context |= {"rows": [(order, form)], "page": None}
    return render(request, template, context, status=200 if form.is_valid() else 422)


def _sold_on(order: Order):
    return order.sold_at and timezone.localdate(order.sold_at)


@permission_required("sales.view_order", raise_exception=True)
def payouts(request: HttpRequest) -> HttpResponse:
    """Payouts with their orders' totals, what reached the bank, and overdue orders."""
    groups = payout_groups()
    page = Paginator(groups, 50).get_page(request.GET.get("page"))
    overdue = overdue_orders()
    return render(
        request,
        "sales/payouts.html",
        {
            "page": page,
            "overdue_count": overdue.count(),
            "overdue": overdue.select_related("marketplace").order_by("sold_at")[:20],
            "open_count": sum(1 for g in groups if g.state == "open"),
            "discrepancies": sum(1 for g in groups if g.state == "discrepancy"),
        },
    )


@require_POST
@permission_required("sales.change_order", raise_exception=True)
def payout_received(request: HttpRequest) -> HttpResponse:
    form = PayoutReceivedForm(request.POST)
    if not form.is_valid():
        why = " ".join(form.errors.get("amount", []))
        messages.error(
            request, _("Enter the amount that reached the bank (0 or more). %(why)s") % {"why": why}
        )
        return redirect("sales:payouts")
    data = form.cleaned_data
    try:
        group = mark_payout_received(
            marketplace_id=data["marketplace"],
            reference=data["reference"],
            payout_date=data["payout_date"],
            amount=data["amount"],
        )
    except ValueError as exc:
        messages.error(request, str(exc))
        return redirect("sales:payouts")
    if group.difference:
        sign = "+" if group.difference > 0 else ""
        messages.warning(
            request,
            _("Payout recorded with a difference of %(difference)s to the expected %(expected)s.")
            % {
                "difference": sign + format_euro(group.difference),
                "expected": format_euro(group.expected),
            },
        )
    else:
        messages.success(
            request,
            _("Payout of %(amount)s recorded; it matches.")
            % {"amount": format_euro(group.received)},
        )
    return redirect("sales:payouts")
