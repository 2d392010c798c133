"""A product's StockX data from its catalog page: look it up by its style code, or accept
the StockX product a weak match proposed after checking it. Staff and Owner
(catalog.change_product). The work runs as a Celery task and shows on the Imports page."""

from django.contrib import messages
from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.models import Product

from . import connection
from .tasks import enrich_product_task


def _start(request: HttpRequest, pk: int, *, accept: bool) -> HttpResponse:
    product = get_object_or_404(Product, pk=pk)
    if connection.status() != connection.Status.CONNECTED:
        messages.error(request, _("StockX is not connected (Settings → StockX)."))
    else:
        enrich_product_task.delay(product.pk, accept=accept, language=get_language())
        messages.info(
            request,
            _("StockX data for %(sku)s is being fetched; the result is on the Imports page.")
            % {"sku": product.sku},
        )
    return redirect("catalog:product-detail", pk)


@require_POST
@permission_required("catalog.change_product", raise_exception=True)
def look_up(request: HttpRequest, pk: int) -> HttpResponse:
    return _start(request, pk, accept=False)


@require_POST
@permission_required("catalog.change_product", raise_exception=True)
def accept_match(request: HttpRequest, pk: int) -> HttpResponse:
    return _start(request, pk, accept=True)
