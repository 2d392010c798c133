import django_filters

from .models import Supplier


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label="Search")
    supplier_type = django_filters.ChoiceFilter(
        choices=Supplier.Type.choices, empty_label="Any type"
    )
    status = django_filters.ChoiceFilter(choices=Supplier.Status.choices, empty_label="Any status")

    class Meta:
        model = Supplier
        fields = ["q", "supplier_type", "status"]
