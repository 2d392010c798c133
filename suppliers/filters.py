import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Supplier


class SupplierFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(field_name="name", lookup_expr="icontains", label=_("Search"))
    supplier_type = django_filters.ChoiceFilter(
        choices=Supplier.Type.choices, label=_("Type"), empty_label=_("Any type")
    )
    status = django_filters.ChoiceFilter(
        choices=Supplier.Status.choices, label=_("Status"), empty_label=_("Any status")
    )

    class Meta:
        model = Supplier
        fields = ["q", "supplier_type", "status"]
