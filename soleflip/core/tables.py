"""Column types shared by the list tables."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from soleflip.lib.formats import format_euro


class MoneyColumn(tables.Column):
    """Right-aligned EUR amount in the active language's format (format_euro); "–" when
    unknown."""

    def __init__(self, *args, **kwargs):
        attrs = {"td": {"class": "money"}, "th": {"class": "money"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_euro(value)


class BatchTable(tables.Table):
    id = tables.Column(verbose_name="#", linkify=("imports:batch-detail", {"pk": tables.A("pk")}))
    created_at = tables.DateTimeColumn(verbose_name=_("Started"))
    source_type = tables.Column(verbose_name=_("Source"))
    source_file = tables.Column(verbose_name=_("File"))
    status = tables.TemplateColumn(
        template_name="core/_batch_status.html", verbose_name=_("Status"), order_by="status"
    )
    total_records = tables.Column(verbose_name=_("Rows"))
    created_records = tables.Column(verbose_name=_("Created"))
    updated_records = tables.Column(verbose_name=_("Updated"))
    unchanged_records = tables.Column(verbose_name=_("Unchanged"))
    error_records = tables.Column(verbose_name=_("Errors"))
    created_by = tables.Column(
        accessor="created_by__username", verbose_name=_("By"), default=_("command")
    )

    class Meta:
        fields = ()
        sequence = (
            "id",
            "created_at",
            "source_type",
            "source_file",
            "status",
            "total_records",
            "created_records",
            "updated_records",
            "unchanged_records",
            "error_records",
            "created_by",
        )
        attrs = {"class": "table table-sm table-hover align-middle mb-0"}
        order_by = "-created_at"

    def render_source_type(self, record):
        return record.get_source_type_display()
