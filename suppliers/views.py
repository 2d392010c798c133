from django.contrib.auth.decorators import permission_required
from django.db.models import Count
from django.http import HttpRequest, HttpResponse

from soleflip.core.listing import render_list

from .filters import SupplierFilter
from .models import Supplier
from .tables import SupplierTable


@permission_required("suppliers.view_supplier", raise_exception=True)
def supplier_list(request: HttpRequest) -> HttpResponse:
    suppliers = Supplier.objects.annotate(
        account_count=Count("accounts", distinct=True),
        pair_count=Count("stock_items", distinct=True),
    )
    return render_list(
        request,
        template="suppliers/supplier_list.html",
        table_class=SupplierTable,
        filterset=SupplierFilter(request.GET, queryset=suppliers, request=request),
    )
