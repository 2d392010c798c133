import django_filters
from django.db.models import Q

from sales.models import Marketplace

from .models import MarketPrice


class MarketPriceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    marketplace = django_filters.ModelChoiceFilter(
        queryset=Marketplace.objects.all(), empty_label="Any marketplace"
    )
    price_date = django_filters.DateFilter(label="Date")

    class Meta:
        model = MarketPrice
        fields = ["q", "marketplace", "price_date"]

    def search(self, queryset, name, value):
        return queryset.filter(Q(product__name__icontains=value) | Q(product__sku__icontains=value))
