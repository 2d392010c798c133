"""Pricing → Retailer feeds: the offers of the imported feeds with their match, the
"look it up on StockX" action for offers of products we have never seen, and the Owner's
feed settings (the URL is a secret: written, never shown)."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from kombu.exceptions import OperationalError

from soleflip.core.imports import BROKER_DOWN
from soleflip.core.listing import COUNT, render_list
from soleflip.core.models import ImportBatch
from soleflip.lib.formats import format_number
from soleflip.lib.http import HtmxHttpRequest
from soleflip.stockx import connection

from . import feed_tasks, feeds
from .feed_filters import SourcePriceFilter
from .feed_forms import FeedSettingsForm
from .feed_models import SourcePrice
from .feed_tables import SourcePriceTable

SETTINGS_PERMISSION = "core.change_systemconfig"


def _totals(rows) -> dict:
    counts = rows.aggregate(
        total=Count("pk"),
        matched=Count("pk", filter=~Q(match=SourcePrice.Match.NONE)),
        in_stock=Count("pk", filter=Q(in_stock=True) & ~Q(stock_qty=0)),
    )
    return {
        _("Offers"): format_number(counts["total"]),
        _("Matched"): format_number(counts["matched"]),
        _("Not matched"): format_number(counts["total"] - counts["matched"]),
        _("In stock"): format_number(counts["in_stock"]),
        COUNT: counts["total"],
    }


@permission_required("pricing.view_sourceprice", raise_exception=True)
def offer_list(request: HtmxHttpRequest) -> HttpResponse:
    offers = SourcePrice.objects.select_related("product", "size")
    last = ImportBatch.objects.filter(source_type=ImportBatch.Source.RETAILER_FEED).first()
    return render_list(
        request,
        template="pricing/feed_list.html",
        table_class=SourcePriceTable,
        filterset=SourcePriceFilter(request.GET, queryset=offers, request=request),
        totals=_totals,
        context={"last_import": last},
    )


def _back(request: HtmxHttpRequest) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("pricing:feed-list")


@require_POST
@permission_required("catalog.change_product", raise_exception=True)
def look_up(request: HtmxHttpRequest, pk: int) -> HttpResponse:
    """Look an unmatched offer's EAN (else style code) up on StockX; the product found is
    added to the catalog and the retailer's offers of it are matched again."""
    offer = get_object_or_404(SourcePrice, pk=pk)
    if not (offer.ean or offer.style_code):
        messages.error(request, _("This offer has neither an EAN nor a style code to look up."))
    elif connection.status() != connection.Status.CONNECTED:
        messages.error(request, _("StockX is not connected (Settings → StockX)."))
    else:
        try:
            feed_tasks.look_up_offer_task.delay(offer.pk, language=get_language())
        except (OperationalError, OSError):
            messages.error(request, str(BROKER_DOWN))
        else:
            messages.info(
                request,
                _(
                    "%(code)s is being looked up on StockX; the result is on the Imports page "
                    "and the offer is matched again."
                )
                % {"code": offer.ean or offer.style_code},
            )
    return _back(request)


@permission_required(SETTINGS_PERMISSION, raise_exception=True)
def feed_settings(request: HtmxHttpRequest) -> HttpResponse:
    stored = feeds.url_settings()
    initial = {"preset": stored.preset, "retailer": stored.retailer, "scheduled": stored.scheduled}
    form = FeedSettingsForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        url = "" if data["forget_url"] else (data["url"] or None)
        feeds.save_url_settings(
            url=url, preset=data["preset"], retailer=data["retailer"].strip(),
            scheduled=data["scheduled"],
        )  # fmt: skip
        messages.success(request, _("Feed settings saved."))
        return redirect("pricing:feed-settings")
    context = {
        "form": form,
        "url_stored": bool(stored.url),
        "scheduled": stored.scheduled,
        "batches": ImportBatch.objects.filter(source_type=ImportBatch.Source.RETAILER_FEED)[:5],
    }
    return render(request, "pricing/feed_settings.html", context)


@require_POST
@permission_required(SETTINGS_PERMISSION, raise_exception=True)
def download_now(request: HtmxHttpRequest) -> HttpResponse:
    if not feeds.url_settings().url:
        messages.error(request, _("Store the feed URL first."))
    else:
        try:
            feed_tasks.import_feed_url_task.delay(force=True, user_id=request.user.pk)
        except (OperationalError, OSError):
            messages.error(request, str(BROKER_DOWN))
        else:
            messages.info(
                request, _("The feed is being downloaded and imported; see the Imports page.")
            )
    return redirect("pricing:feed-settings")
