import django_filters

from .models import ImportBatch


class BatchFilter(django_filters.FilterSet):
    source_type = django_filters.ChoiceFilter(
        choices=ImportBatch.Source.choices, empty_label="Any source", label="Source"
    )
    status = django_filters.ChoiceFilter(
        choices=ImportBatch.Status.choices, empty_label="Any status"
    )

    class Meta:
        model = ImportBatch
        fields = ["source_type", "status"]
