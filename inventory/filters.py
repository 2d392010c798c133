import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from catalog.filters import brand_filter
from catalog.models import Category, Product, Size
from soleflip.lib.formfields import DateFilter, DecimalNumberField
from suppliers.models import Supplier

from .models import StockItem, StockItemQuerySet, StockStatus

# The status filter's choices beside the single statuses (values no status has).
UNSOLD, ALL = "unsold", "all"


class AmountFilter(django_filters.NumberFilter):
    """An amount as a German reseller types it (149,50 or 1.234,56) as well as 149.50."""

    field_class = DecimalNumberField


class StockFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    # The list opens on the pairs still to sell (UNSOLD_STATUSES, what the dashboard counts
    # as stock); the groups and every single status are one choice away.
    status = django_filters.ChoiceFilter(
        choices=[
            (UNSOLD, _("Not sold yet (incoming, in stock, listed, reserved)")),
            (ALL, _("All statuses")),
            *StockStatus.choices,
        ],
        method="with_status",
        empty_label=None,
        label=_("Status"),
    )
    brand = brand_filter("product__brand")
    # A method filter on a name the model lacks needs its label spelt out (django-filter
    # shows "[invalid name]" otherwise).
    category = django_filters.ModelChoiceFilter(
        method="in_category",
        queryset=Category.objects.all(),
        empty_label=_("Any category"),
        label=_("Category"),
    )
    size = django_filters.ModelChoiceFilter(
        queryset=Size.objects.order_by("kind", "region", "sort_order"),
        empty_label=_("Any size"),
        label=_("Size"),
    )
    supplier = django_filters.ModelChoiceFilter(
        queryset=Supplier.objects.all(), empty_label=_("Any supplier"), label=_("Supplier")
    )
    location = django_filters.CharFilter(lookup_expr="icontains", label=_("Location"))
    age = django_filters.ChoiceFilter(
        method="in_age_bucket",
        label=_("Age (days)"),
        empty_label=_("Any age"),
        choices=[(b, b) for b in StockItemQuerySet.AGE_BUCKETS],
    )
    bought_from = DateFilter(field_name="purchase_date", lookup_expr="gte", label=_("Bought from"))
    bought_to = DateFilter(field_name="purchase_date", lookup_expr="lte", label=_("Bought to"))
    cost_min = AmountFilter(
        field_name="purchase_price", lookup_expr="gte", label=_("Net cost from")
    )
    cost_max = AmountFilter(field_name="purchase_price", lookup_expr="lte", label=_("Net cost to"))

    # What the list shows without being asked: not an active filter (listing.active_filters).
    defaults = {"status": UNSOLD}

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

    def __init__(self, data=None, *args, **kwargs) -> None:
        # No status asked for (first visit, Reset, an old link with status=): the unsold pairs.
        if data is not None and not data.get("status"):
            data = data.copy()
            data["status"] = UNSOLD
        super().__init__(data, *args, **kwargs)

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
        if value == UNSOLD:
            return queryset.unsold()
        return queryset if value == ALL else queryset.filter(status=value)

    def in_age_bucket(self, queryset, name, value):
        return queryset.aged(value)
