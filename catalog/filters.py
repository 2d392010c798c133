import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import Brand, Category, Product


def brand_filter(field_name: str) -> django_filters.ModelChoiceFilter:
    """The lists' "Brand" choice (any brand first), on the brand reached by `field_name`."""
    return django_filters.ModelChoiceFilter(
        field_name=field_name,
        queryset=Brand.objects.all(),
        empty_label=_("Any brand"),
        label=_("Brand"),
    )


class ProductFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    brand = brand_filter("brand")
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
