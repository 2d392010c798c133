import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Brand, Category, Product


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    brand = django_filters.ModelChoiceFilter(
        queryset=Brand.objects.all(), label=_("Brand"), empty_label=_("Any brand")
    )
    category = django_filters.ModelChoiceFilter(
        queryset=Category.objects.all(), label=_("Category"), empty_label=_("Any category")
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
