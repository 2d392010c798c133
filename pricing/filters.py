import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from sales.models import Marketplace
from soleflip.lib.formfields import DateFilter

from .models import MarketPrice


class MarketPriceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    marketplace = django_filters.ModelChoiceFilter(
        queryset=Marketplace.objects.all(),
        label=_("Marketplace"),
        empty_label=_("Any marketplace"),
    )
    price_date = DateFilter(label=_("Date"))
    current = django_filters.BooleanFilter(
        method="current_only", label=_("Current prices only"), widget=forms.CheckboxInput
    )

    class Meta:
        model = MarketPrice
        fields = ["q", "marketplace", "price_date", "current"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(product__name__icontains=value)
            | Q(product__sku__icontains=value)
            | Q(product__style_code__icontains=value)
        )

    def current_only(self, queryset, name, value):
        return queryset.current_of_all() if value else queryset
