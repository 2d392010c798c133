"""List a pair on StockX from its page, change the ask's price, take it down. Staff and
Owner (sales.add_listing / sales.change_listing); the Viewer only sees the asks."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from inventory.models import StockItem
from sales.models import Listing
from soleflip.lib.formats import format_euro

from . import asks
from .client import StockXError, get_client
from .forms import AskPriceForm


def _amount(request: HttpRequest) -> Decimal:
    form = AskPriceForm(request.POST)
    if not form.is_valid():
        raise asks.AskError(_("Price: %(errors)s") % {"errors": " ".join(form.errors["amount"])})
    return form.cleaned_data["amount"]


def _run(request: HttpRequest, item_pk: int, action) -> HttpResponse:
    try:
        done = action(get_client())
        messages.success(request, done)
    except (asks.AskError, StockXError) as exc:
        messages.error(request, str(exc))
    return redirect("inventory:stock-detail", item_pk)


@require_POST
@permission_required("sales.add_listing", raise_exception=True)
def create(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(StockItem.objects.select_related("product", "size"), pk=pk)

    def action(client):
        listing = asks.create_ask(
            client=client, item=item, amount=_amount(request), user=request.user
        )
        if listing.status == Listing.Status.ACTIVE:
            return _("Listed on StockX at %(amount)s (ask %(ask)s).") % {
                "amount": format_euro(listing.amount),
                "ask": listing.external_id,
            }
        return _("StockX is still processing the ask; the next listing sync shows the outcome.")

    return _run(request, pk, action)


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def change_price(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, marketplace__slug="stockx")

    def action(client):
        asks.change_price(
            client=client, listing=listing, amount=_amount(request), user=request.user
        )
        return _("The StockX ask is now %(amount)s.") % {"amount": format_euro(listing.amount)}

    return _run(request, listing.inventory_item_id, action)


@require_POST
@permission_required("sales.change_listing", raise_exception=True)
def take_down(request: HttpRequest, pk: int) -> HttpResponse:
    listing = get_object_or_404(Listing, pk=pk, marketplace__slug="stockx")

    def action(client):
        asks.take_down(client=client, listing=listing, user=request.user)
        return _("The StockX ask is deleted.")

    return _run(request, listing.inventory_item_id, action)
