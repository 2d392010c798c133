"""Column types shared by the list tables."""

import django_tables2 as tables

from soleflip.lib.formats import format_euro


class MoneyColumn(tables.Column):
    """Right-aligned EUR amount with two decimals; blank when unknown."""

    def __init__(self, *args, **kwargs):
        attrs = {"td": {"class": "money"}, "th": {"class": "money"}}
        super().__init__(*args, attrs=attrs, **kwargs)

    def render(self, value):
        return format_euro(value)


class BatchTable(tables.Table):
    id = tables.Column(verbose_name="#", linkify=("imports:batch-detail", {"pk": tables.A("pk")}))
    created_at = tables.DateTimeColumn(format="Y-m-d H:i", verbose_name="Started")
    source_type = tables.Column(verbose_name="Source")
    source_file = tables.Column(verbose_name="File")
    status = tables.TemplateColumn(
        template_name="core/_batch_status.html", verbose_name="Status", order_by="status"
    )
    total_records = tables.Column(verbose_name="Rows")
    created_records = tables.Column(verbose_name="Created")
    updated_records = tables.Column(verbose_name="Updated")
    unchanged_records = tables.Column(verbose_name="Unchanged")
    error_records = tables.Column(verbose_name="Errors")
    created_by = tables.Column(
        accessor="created_by__username", verbose_name="By", default="command"
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
