"""The fee check page: the StockX orders of a period against the fee rules, so the Owner
sees when StockX changed its fees (each difference explained)."""

from collections import Counter

from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from soleflip.lib.periods import PeriodForm, named_period

from .fee_check import VERDICT_LABELS, VERDICTS, check_sales, order_sales
from .fees import FeeSchedule
from .models import Marketplace, Order

SHOWN = 200


class FeeCheckPeriodForm(PeriodForm):
    NAMES = ("last_30", "this_month", "last_month", "ytd", "this_year", "last_year")
    INITIAL = "ytd"


@permission_required("sales.view_order", raise_exception=True)
def fee_check(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = FeeCheckPeriodForm(request.GET or None, today=today)
    period = (
        (form.cleaned_data["start"], form.cleaned_data["end"])
        if form.is_valid()
        else (named_period("ytd", today).start, today)
    )
    stockx = Marketplace.objects.get(slug="stockx")
    orders = (
        Order.objects.filter(marketplace=stockx, sold_at__date__range=period)
        .exclude(status=Order.Status.CANCELLED)
        .exclude(platform_specific_data__has_key="entered_by_hand")
        .order_by("sold_at")
    )
    checked = check_sales(FeeSchedule.of(stockx), order_sales(orders))
    counts = Counter(row.verdict for row in checked)
    differing = [row for row in checked if not row.agrees]
    context = {
        "form": form,
        "period": period,
        "checked": len(checked),
        "counts": [(VERDICT_LABELS[v], counts[v], v) for v in VERDICTS if counts[v]],
        "differing": differing[:SHOWN],
        "more": max(0, len(differing) - SHOWN),
    }
    return render(request, "sales/fee_check.html", context)
