import django_filters
from django.db.models import Q

from catalog.models import Brand
from suppliers.models import Supplier

from .models import StockItem, StockStatus


class StockFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(choices=StockStatus.choices, empty_label="Any status")
    brand = django_filters.ModelChoiceFilter(
        field_name="product__brand",
        queryset=Brand.objects.all(),
        empty_label="Any brand",
        label="Brand",
    )
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), empty_label="Any supplier"
    )

    class Meta:
        model = StockItem
        fields = ["q", "status", "brand", "supplier"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(product__name__icontains=value) | Q(product__sku__icontains=value) | Q(ean=value)
        )
