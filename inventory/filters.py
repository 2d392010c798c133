import django_filters
from django import forms
from django.db.models import Q

from catalog.models import Brand, Category, Product, Size
from suppliers.models import Supplier

from .models import StockItem, StockItemQuerySet, StockStatus

DATE = forms.DateInput(attrs={"type": "date"})


class StockFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label="Search")
    status = django_filters.ChoiceFilter(
        choices=[("unsold", "Not sold yet"), *StockStatus.choices],
        method="with_status",
        empty_label="Any status",
    )
    brand = django_filters.ModelChoiceFilter(
        field_name="product__brand",
        queryset=Brand.objects.all(),
        empty_label="Any brand",
        label="Brand",
    )
    category = django_filters.ModelChoiceFilter(
        method="in_category", queryset=Category.objects.all(), empty_label="Any category"
    )
    size = django_filters.ModelChoiceFilter(
        queryset=Size.objects.order_by("kind", "region", "sort_order"), empty_label="Any size"
    )
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), empty_label="Any supplier"
    )
    location = django_filters.CharFilter(lookup_expr="icontains", label="Location")
    age = django_filters.ChoiceFilter(
        method="in_age_bucket",
        label="Age (days)",
        empty_label="Any age",
        choices=[(b, b) for b in StockItemQuerySet.AGE_BUCKETS],
    )
    bought_from = django_filters.DateFilter(
        field_name="purchase_date", lookup_expr="gte", label="Bought from", widget=DATE
    )
    bought_to = django_filters.DateFilter(
        field_name="purchase_date", lookup_expr="lte", label="Bought to", widget=DATE
    )
    cost_min = django_filters.NumberFilter(
        field_name="purchase_price", lookup_expr="gte", label="Net cost from"
    )
    cost_max = django_filters.NumberFilter(
        field_name="purchase_price", lookup_expr="lte", label="Net cost to"
    )

    class Meta:
        model = StockItem
        fields = [
            "q",
            "status",
            "brand",
            "category",
            "size",
            "supplier",
            "location",
            "age",
            "bought_from",
            "bought_to",
            "cost_min",
            "cost_max",
        ]

    def search(self, queryset, name, value):
        # Search the (smaller) product table first, then take its pairs by product id:
        # an OR across the joined tables would scan every pair.
        if value.isdigit():  # a barcode: the product's or the pair's own EAN
            products = Product.objects.filter(Q(ean=value) | Q(sku__icontains=value)).values("pk")
            return queryset.filter(Q(product__in=products) | Q(ean=value))
        # The matching product ids are read once (the list page counts, totals and pages
        # the pairs: three queries that would each repeat the text scan).
        products = Product.objects.filter(Q(name__icontains=value) | Q(sku__icontains=value))
        return queryset.filter(product_id__in=list(products.values_list("pk", flat=True)))

    def in_category(self, queryset, name, value):
        """The category and everything below it in the tree."""
        return queryset.filter(
            Q(product__category=value) | Q(product__category__path__startswith=f"{value.path}/")
        )

    def with_status(self, queryset, name, value):
        return queryset.unsold() if value == "unsold" else queryset.filter(status=value)

    def in_age_bucket(self, queryset, name, value):
        return queryset.aged(value)
