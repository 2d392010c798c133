import django_filters
from django.utils.translation import gettext_lazy as _

from .models import ImportBatch


class BatchFilter(django_filters.FilterSet):
    source_type = django_filters.ChoiceFilter(
        choices=ImportBatch.Source.choices, empty_label=_("Any source"), label=_("Source")
    )
    status = django_filters.ChoiceFilter(
        choices=ImportBatch.Status.choices, empty_label=_("Any status"), label=_("Status")
    )

    class Meta:
        model = ImportBatch
        fields = ["source_type", "status"]
