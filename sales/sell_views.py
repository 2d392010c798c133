"""The Sell page: one or more pairs sold on any marketplace. Pairs come from a scan (pair
or product barcode, style code) or from a pair's page; the fees are quoted as the form
changes (HTMX) and can be overridden line by line; saving records the sale."""

from datetime import datetime, time

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from inventory.choices import UNSOLD_STATUSES
from inventory.models import StockItem
from inventory.purchases import find_product
from soleflip.lib.http import HtmxHttpRequest

from .fees import FeeSchedule
from .models import Marketplace, Order
from .sell_forms import SaleChangeForm, SaleForm, SaleLineFormSet
from .selling import SaleError, SaleLine, cancel_sale, change_sale, preview_line, record_sale
from .where_to_sell import market_price_of


def _sold_at(sold_on) -> datetime:
    """Today: now; an earlier day: noon of that day in Berlin."""
    if sold_on == timezone.localdate():
        return timezone.now()
    return timezone.make_aware(datetime.combine(sold_on, time(12)))


def _posted_pairs(post) -> list[int]:
    """The pair ids of the posted lines (line-0-pair, line-1-pair, …), valid or not."""
    values = (post[key] for key in post if key.startswith("line-") and key.endswith("-pair"))
    return [int(v) for v in values if v.isdigit()]


def _unsold(ids) -> list[StockItem]:
    pairs = StockItem.objects.filter(pk__in=ids, status__in=UNSOLD_STATUSES)
    return list(pairs.select_related("product", "size").order_by("pk"))


def _scanned(code: str) -> list[StockItem]:
    """Unsold pairs for a scanned pair barcode, product barcode or style code."""
    product, size = find_product(code)
    if product is None:
        return []
    pairs = StockItem.objects.filter(product=product, status__in=UNSOLD_STATUSES)
    if size is not None:
        pairs = pairs.filter(size=size)
    return list(pairs.select_related("product", "size").order_by("purchase_date", "pk")[:50])


def _rows(lines, pairs: dict) -> list[tuple]:
    """Each line's form with its pair (None when it is no longer unsold)."""
    rows = []
    for line in lines.forms:
        value = str(line["pair"].value() or "")
        rows.append((line, pairs.get(int(value)) if value.isdigit() else None))
    return rows


def _previews(form: SaleForm, lines, pairs: dict) -> list:
    if not form.is_valid():
        return []
    schedule = FeeSchedule.of(form.cleaned_data["marketplace"])
    previews = []
    for line in lines:
        if line.is_valid() and line.cleaned_data.get("pair") in pairs:
            data = line.cleaned_data
            previews.append(
                preview_line(
                    schedule,
                    pairs[data["pair"]],
                    data["price"],
                    line.entered_fees(),
                    form.cleaned_data["sold_on"],
                )
            )
    return previews


@permission_required("sales.add_order", raise_exception=True)
def sell(request: HtmxHttpRequest) -> HttpResponse:
    """GET: the pairs named (?pair=…) and those a scan finds (?code=…). POST: the quote
    again (HTMX on every change, or the Quote button), or with `save` the sale."""
    if request.method != "POST":
        return _start(request)
    form = SaleForm(request.POST)
    lines = SaleLineFormSet(request.POST, prefix="line")
    pairs = {p.pk: p for p in _unsold(_posted_pairs(request.POST))}
    if "save" in request.POST and form.is_valid() and lines.is_valid():
        try:
            return _saved(request, form, lines)
        except SaleError as error:
            form.add_error(None, str(error))
    context = {
        "form": form,
        "lines": lines,
        "rows": _rows(lines, pairs),
        "pairs": pairs,
        "previews": _previews(form, lines.forms, pairs),
    }
    invalid = bool(form.errors or lines.total_error_count())
    template = (
        "sales/sell.html#quote"
        if request.htmx and "save" not in request.POST
        else "sales/sell.html"
    )
    return render(request, template, context, status=422 if invalid else 200)


def _start(request: HtmxHttpRequest) -> HttpResponse:
    code = request.GET.get("code", "").strip()
    chosen = _unsold(request.GET.getlist("pair"))
    market = request.GET.get("marketplace", "")
    market = Marketplace.objects.filter(pk=market).first() if market.isdigit() else None
    # In person the money comes at once.
    initial = {
        "sold_on": timezone.localdate(),
        "marketplace": market,
        "paid": bool(market and market.slug == "local"),
    }
    lines = SaleLineFormSet(
        prefix="line", initial=[{"pair": p.pk, "price": market_price_of(p)} for p in chosen]
    )
    pairs = {p.pk: p for p in chosen}
    context = {
        "form": SaleForm(initial=initial),
        "lines": lines,
        "rows": _rows(lines, pairs),
        "pairs": pairs,
        "code": code,
        "found": [p for p in _scanned(code) if p not in chosen] if code else [],
        "previews": [],
    }
    return render(request, "sales/sell.html", context)


def _saved(request, form: SaleForm, lines) -> HttpResponse:
    data = form.cleaned_data
    orders = record_sale(
        marketplace=data["marketplace"],
        lines=[
            SaleLine(line.cleaned_data["pair"], line.cleaned_data["price"], line.entered_fees())
            for line in lines.forms
        ],
        sold_at=_sold_at(data["sold_on"]),
        order_number=data["order_number"],
        buyer_country=data["buyer_country"],
        paid=data["paid"],
        user=request.user,
    )
    messages.success(
        request,
        ngettext(
            "%(count)s pair sold on %(marketplace)s.",
            "%(count)s pairs sold on %(marketplace)s.",
            len(orders),
        )
        % {"count": len(orders), "marketplace": data["marketplace"]},
    )
    if len(orders) == 1:
        return redirect("sales:order-detail", pk=orders[0].pk)
    return redirect(f"{reverse('sales:order-list')}?marketplace={data['marketplace'].pk}")


def _by_hand(pk: int) -> Order:
    order = get_object_or_404(Order.objects.select_related("marketplace"), pk=pk)
    if not (order.platform_specific_data or {}).get("entered_by_hand"):
        raise Http404("Only sales recorded by hand are changed here.")
    return order


@require_POST
@permission_required("sales.change_order", raise_exception=True)
def change(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a sale recorded by hand: quoted again, entered fees over the quote."""
    order = _by_hand(pk)
    form = SaleChangeForm.for_order(order, request.POST)
    if form.is_valid():
        try:
            change_sale(
                order,
                price=form.cleaned_data["price"],
                sold_at=_sold_at(form.cleaned_data["sold_on"]),
                fees=form.entered_fees(),
                user=request.user,
            )
        except SaleError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, _("The sale is corrected; fees, payout and profit follow."))
    else:
        errors = "; ".join(f"{form[f].label}: {' '.join(e)}" for f, e in form.errors.items())
        messages.error(request, errors)
    return redirect("sales:order-detail", pk=order.pk)


@require_POST
@permission_required("sales.change_order", raise_exception=True)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    """The sale did not happen: the order is cancelled, the pair back in stock."""
    order = _by_hand(pk)
    try:
        cancel_sale(order, user=request.user)
    except SaleError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, _("The sale is cancelled; the pair is back in stock."))
    return redirect("sales:order-detail", pk=order.pk)
