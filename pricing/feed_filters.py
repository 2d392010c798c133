import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .feed_models import SourcePrice

MATCHED, UNMATCHED = "matched", "unmatched"


def retailer_choices() -> list[tuple[str, str]]:
    names = (
        SourcePrice.objects.order_by("supplier_name")
        .values_list("supplier_name", flat=True)
        .distinct()
    )
    return [(name, name) for name in names]


def match_choices() -> list[tuple[str, str]]:
    return [
        (MATCHED, _("Matched (any way)")),
        (UNMATCHED, _("Not matched")),
        *[(k, v) for k, v in SourcePrice.Match.choices if k != SourcePrice.Match.NONE],
    ]


class SourcePriceFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="search", label=_("Search"))
    retailer = django_filters.ChoiceFilter(
        field_name="supplier_name",
        choices=retailer_choices,
        label=_("Retailer"),
        empty_label=_("All retailers"),
    )
    match = django_filters.ChoiceFilter(
        method="matched_by", choices=match_choices, label=_("Match"), empty_label=_("All")
    )
    stock = django_filters.ChoiceFilter(
        method="stocked",
        choices=[("yes", _("In stock")), ("no", _("Out of stock"))],
        label=_("Stock"),
        empty_label=_("All"),
    )
    brand = django_filters.CharFilter(
        field_name="brand_name", lookup_expr="icontains", label=_("Brand")
    )

    class Meta:
        model = SourcePrice
        fields = ["q", "retailer", "match", "stock", "brand"]

    def search(self, queryset, name, value):
        return queryset.filter(
            Q(title__icontains=value)
            | Q(ean=value.strip())
            | Q(style_code__icontains=value.strip())
            | Q(product__sku__icontains=value.strip())
        )

    def matched_by(self, queryset, name, value):
        if value == MATCHED:
            return queryset.matched()
        if value == UNMATCHED:
            return queryset.unmatched()
        return queryset.filter(match=value)

    def stocked(self, queryset, name, value):
        in_stock = queryset.in_stock()
        return in_stock if value == "yes" else queryset.exclude(pk__in=in_stock.values("pk"))
