import django_filters
from django.db.models import Q

from .models import Brand, Category, Product


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    brand = django_filters.ModelChoiceFilter(queryset=Brand.objects.all(), empty_label="Any brand")
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), empty_label="Any category"
    )

    class Meta:
        model = Product
        fields = ["q", "brand", "category"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(name__icontains=value)
            | Q(sku__icontains=value)
            | Q(style_code__icontains=value)
            | Q(ean=value)
        )
