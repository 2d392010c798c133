from django.contrib.auth.decorators import permission_required
from django.http import HttpRequest, HttpResponse

from soleflip.core.listing import render_list

from .filters import ProductFilter
from .models import Product
from .tables import ProductTable


@permission_required("catalog.view_product", raise_exception=True)
def product_list(request: HttpRequest) -> HttpResponse:
    return render_list(
        request,
        template="catalog/product_list.html",
        table_class=ProductTable,
        filterset=ProductFilter(
            request.GET, queryset=Product.objects.with_catalog(), request=request
        ),
    )
