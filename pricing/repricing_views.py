"""The repricing page (live asks that need a new price), its runs with their progress and
per-ask results, the automatic-repricing switch, and Accept on a pair's page. The work is
in pricing/repricing.py and pricing/accept.py."""

from datetime import timedelta

import django_filters
import django_tables2 as tables
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db import transaction
from django.db.models import Max
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from catalog.filters import brand_filter
from inventory.models import StockItem
from inventory.tables import WIDE_ONLY
from sales.models import Marketplace
from soleflip.core import imports
from soleflip.core.listing import render_list
from soleflip.lib.formats import format_datetime, format_number
from soleflip.lib.http import HtmxHttpRequest
from soleflip.stockx.client import StockXError

from . import repricing, tasks
from .accept import AcceptError, accept
from .models import AskCheck, RepricingRun

WHY = (
    ("above_market", gettext_lazy("above the lowest ask")),
    ("below_floor", gettext_lazy("below the floor")),
    ("unchanged", gettext_lazy("price unchanged for long")),
)


# Columns a phone leaves out (their cells in pricing/_repricing_table.html likewise).
WIDE = {"cell": {"class": WIDE_ONLY}}
WIDE_MONEY = {"cell": {"class": f"money {WIDE_ONLY}"}}


class RepricingFilter(django_filters.FilterSet):
    why = django_filters.ChoiceFilter(
        choices=WHY,
        method="because",
        empty_label=gettext_lazy("Any reason"),
        label=gettext_lazy("Why"),
    )
    brand = brand_filter("inventory_item__product__brand")
    marketplace = django_filters.ModelChoiceFilter(
        queryset=Marketplace.objects.filter(active=True),
        empty_label=gettext_lazy("Any marketplace"),
        label=gettext_lazy("Marketplace"),
    )
    min_age = django_filters.NumberFilter(
        method="older_than", min_value=0, label=gettext_lazy("Min. days in stock")
    )

    def because(self, queryset, name, value):
        return queryset.filter(**{value: True})

    def older_than(self, queryset, name, value):
        day = timezone.localdate() - timedelta(days=int(value))
        return queryset.filter(inventory_item__purchase_date__lte=day)


class RepricingTable(tables.Table):
    """Headers and sorting; the rows are written out in pricing/_repricing_table.html."""

    selected = tables.CheckBoxColumn(
        accessor="pk", attrs={"th__input": {"aria-label": gettext_lazy("Select all")}}
    )
    pair = tables.Column(
        accessor="inventory_item__product__name", verbose_name=gettext_lazy("Pair")
    )
    marketplace = tables.Column(
        accessor="marketplace__name", verbose_name=gettext_lazy("Marketplace"), attrs=WIDE
    )
    amount = tables.Column(verbose_name=gettext_lazy("Ask"), attrs={"th": {"class": "money"}})
    lowest_ask = tables.Column(
        accessor="ask_check__lowest_ask",
        verbose_name=gettext_lazy("Lowest ask"),
        attrs=WIDE_MONEY,
    )
    floor = tables.Column(
        accessor="ask_check__floor",
        verbose_name=gettext_lazy("Floor"),
        attrs=WIDE_MONEY,
    )
    recommended = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name=gettext_lazy("Recommended"),
        attrs={"th": {"class": "money"}},
    )
    payout = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name=gettext_lazy("Payout change"),
        attrs=WIDE_MONEY,
    )
    profit = tables.Column(
        empty_values=(),
        orderable=False,
        verbose_name=gettext_lazy("Profit change"),
        attrs={"th": {"class": "money"}},
    )
    price_since = tables.Column(verbose_name=gettext_lazy("Price since"), attrs=WIDE)

    class Meta:
        attrs = {"class": "table table-sm table-hover align-middle small mb-0"}
        template_name = "pricing/_repricing_table.html"
        order_by = ("price_since",)

    def before_render(self, request):
        """Fresh recommendations for this page's asks only."""
        page = getattr(self, "page", None)
        asks = [row.record for row in page.object_list] if page else []
        self.rows = {row.ask.pk: row for row in repricing.rows_for(asks)}


def _queryset():
    return repricing.candidates().select_related(
        "marketplace",
        "ask_check",
        "inventory_item__product__brand",
        "inventory_item__product__category",
        "inventory_item__size",
    )


@permission_required("sales.view_listing", raise_exception=True)
def repricing_page(request: HtmxHttpRequest) -> HttpResponse:
    checked = AskCheck.objects.aggregate(at=Max("checked_at"))["at"]

    def totals(rows) -> dict:
        return {
            _("Asks to look at"): format_number(rows.count()),
            _("Checked"): format_datetime(checked) if checked else _("not yet"),
        }

    return render_list(
        request,
        template="pricing/repricing.html",
        table_class=RepricingTable,
        filterset=RepricingFilter(request.GET, queryset=_queryset(), request=request),
        totals=totals,
        context={
            "auto_enabled": repricing.auto_enabled(),
            "runs": RepricingRun.objects.select_related("rule", "created_by")[:5],
            "unchanged_days": settings.PRICING_REPRICE_UNCHANGED_DAYS,
        },
    )


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def apply(request: HttpRequest) -> HttpResponse:
    ids = [int(value) for value in request.POST.getlist("selected") if value.isdigit()]
    if not ids:
        messages.error(request, _("Choose the asks to reprice first."))
        return redirect("pricing:repricing")
    try:
        run = repricing.start_run(ids, user=request.user)
    except repricing.RepricingError as exc:
        messages.error(request, str(exc))
        return redirect("pricing:repricing")
    transaction.on_commit(lambda: imports.enqueue(tasks.apply_repricing, run))
    return redirect("pricing:repricing-run", pk=run.pk)


@permission_required("sales.view_listing", raise_exception=True)
def run_detail(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    run = get_object_or_404(RepricingRun.objects.select_related("rule", "created_by"), pk=pk)
    items = run.items.select_related(
        "inventory_item__product", "inventory_item__size", "marketplace"
    )
    context = {"run": run, "items": items, "counts": run.counts()}
    template = "pricing/repricing_run.html#status" if request.htmx else "pricing/repricing_run.html"
    return render(request, template, context)


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def run_stop(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop before the next batch (a batch StockX has already taken is not called back)."""
    updated = (
        RepricingRun.objects.running().filter(pk=pk).update(status=RepricingRun.Status.STOPPED)
    )
    if updated:
        messages.info(request, _("The run stops before its next batch."))
    return redirect("pricing:repricing-run", pk=pk)


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def run_resume(request: HttpRequest, pk: int) -> HttpResponse:
    """Send a run whose worker is gone to a worker again (done asks stay done)."""
    run = get_object_or_404(RepricingRun, pk=pk)
    if run.stalled:
        imports.enqueue(tasks.apply_repricing, run)
    return redirect("pricing:repricing-run", pk=pk)


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def run_settle(request: HttpRequest, pk: int) -> HttpResponse:
    """Ask StockX again about the asks of a run it did not report on."""
    run = get_object_or_404(RepricingRun, pk=pk)
    try:
        settled = repricing.settle_unknown(run)
    except StockXError as exc:
        messages.error(request, str(exc))
    else:
        messages.info(
            request,
            ngettext(
                "StockX reported on %(count)s ask.",
                "StockX reported on %(count)s asks.",
                settled,
            )
            % {"count": settled},
        )
    return redirect("pricing:repricing-run", pk=pk)


@require_POST
@permission_required("pricing.change_pricerule", raise_exception=True)
def auto_switch(request: HttpRequest) -> HttpResponse:
    on = request.POST.get("on") == "1"
    repricing.set_auto_enabled(on)
    if on:
        messages.success(request, _("Automatic repricing is on."))
    else:
        messages.warning(
            request, _("Automatic repricing is off: no rule changes a price by itself.")
        )
    return redirect("pricing:repricing")


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def accept_view(request: HttpRequest, pk: int) -> HttpResponse:
    pair = get_object_or_404(StockItem.objects.select_related("product__brand", "size"), pk=pk)
    try:
        done = accept(pair, user=request.user)
    except AcceptError as exc:
        messages.error(request, str(exc))
    else:
        (messages.warning if done.warning else messages.success)(request, done.message)
    return redirect("inventory:stock-detail", pk)
