from django.contrib.auth.decorators import permission_required
from django.db.models import Avg, Count, OuterRef, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from inventory.models import StockItem
from pricing.models import MarketPrice
from sales.models import Order
from soleflip.core.listing import render_list
from soleflip.lib.http import HtmxHttpRequest

from .filters import ProductFilter
from .models import Product
from .tables import ProductTable


@permission_required("catalog.view_product", raise_exception=True)
def product_list(request: HtmxHttpRequest) -> HttpResponse:
    # The lowest ask is read from the market prices, like the product and pricing pages
    # (Product.lowest_ask is a copy only StockX enrichment writes).
    products = Product.objects.with_catalog().annotate(
        market_ask=MarketPrice.objects.lowest_ask_of(OuterRef("pk"))
    )
    return render_list(
        request,
        template="catalog/product_list.html",
        table_class=ProductTable,
        filterset=ProductFilter(request.GET, queryset=products, request=request),
    )


@permission_required("catalog.view_product", raise_exception=True)
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A product with its variants, pairs in stock per size, sales and market prices."""
    product = get_object_or_404(Product.objects.with_catalog(), pk=pk)
    in_stock = (
        StockItem.objects.unsold()
        .filter(product=product)
        .values("size__display", "size__sort_order")
        .annotate(pairs=Count("id"), cost=Sum("purchase_price"))
        .order_by("size__sort_order")
    )
    orders = (
        Order.objects.filter(inventory_item__product=product)
        .select_related("marketplace", "inventory_item__size")
        .order_by("-sold_at")[:100]
    )
    sales = Order.objects.filter(inventory_item__product=product).aggregate(
        n=Count("id"),
        revenue=Sum("gross_sale"),
        profit=Sum("net_profit"),
        avg_days=Avg("shelf_life_days"),
    )
    return render(
        request,
        "catalog/product_detail.html",
        {
            "product": product,
            "variants": product.variants.select_related("size"),
            "in_stock": in_stock,
            "orders": orders,
            "sales": sales,
            "prices": MarketPrice.objects.filter(product=product)
            .current()
            .select_related("size", "marketplace")
            .order_by("size__sort_order", "marketplace__name"),
        },
    )
