import django_filters
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext_lazy as _

from catalog.filters import brand_filter
from soleflip.core.models import ImportRecord
from soleflip.lib.formfields import DateFilter

from .models import Marketplace, Order, OrderStatus


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    marketplace = django_filters.ModelChoiceFilter(
        queryset=Marketplace.objects.all(),
        empty_label=_("Any marketplace"),
        label=_("Marketplace"),
    )
    status = django_filters.ChoiceFilter(
        choices=OrderStatus.choices, empty_label=_("Any status"), label=_("Status")
    )
    brand = brand_filter("inventory_item__product__brand")
    country = django_filters.CharFilter(
        field_name="buyer_destination_country", lookup_expr="iexact", label=_("Buyer country")
    )
    sold_from = DateFilter(
        field_name="sold_at",
        lookup_expr="date__gte",
        label=_("Sold from"),
    )
    sold_to = DateFilter(
        field_name="sold_at",
        lookup_expr="date__lte",
        label=_("Sold to"),
    )
    cost = django_filters.ChoiceFilter(
        method="filter_cost",
        label=_("Purchase cost"),
        empty_label=_("Any"),
        choices=[("missing", _("Missing")), ("known", _("Known"))],
    )
    batch = django_filters.NumberFilter(method="filter_batch", label=_("Import #"))

    class Meta:
        model = Order
        fields = [
            "q",
            "marketplace",
            "status",
            "brand",
            "country",
            "sold_from",
            "sold_to",
            "cost",
            "batch",
        ]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(external_id__icontains=value)
            | Q(inventory_item__product__name__icontains=value)
            | Q(inventory_item__product__sku__icontains=value)
        )

    def filter_batch(self, queryset, name, value):
        """Orders named in an import batch's rows."""
        numbers = (
            ImportRecord.objects.filter(batch_id=value)
            .exclude(status="rejected")
            .annotate(number=KT("processed_data__order_number"))
            .values("number")
        )
        return queryset.filter(external_id__in=numbers)

    def filter_cost(self, queryset, name, value):
        return queryset.cost_missing() if value == "missing" else queryset.cost_known()
