"""An imported order points to its import row, which holds the raw row; the copy in
raw_data goes. Orders imported before are linked to the row they were written from (the
newest whose raw values are the order's raw_data) and lose the copy."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0011_import_rows_compact"),
        ("sales", "0015_drop_redundant_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="source_record",
            field=models.ForeignKey(
                blank=True,
                db_constraint=False,
                db_index=False,
                null=True,
                on_delete=django.db.models.deletion.SET_NULL,
                related_name="orders",
                to="core.importrecord",
                verbose_name="import row",
            ),
        ),
        migrations.RunSQL(
            """
            UPDATE sales."order" o SET source_record_id = r.id, raw_data = '{}'
            FROM (
                SELECT DISTINCT ON (o2.id) o2.id AS order_id, r2.id
                FROM sales."order" o2
                JOIN integration.import_records r2
                  ON r2.processed_data->>'order_number' = o2.external_id
                 AND r2.source_data = o2.raw_data AND r2.status <> 'rejected'
                WHERE o2.raw_data <> '{}'
                ORDER BY o2.id, r2.id DESC
            ) r
            WHERE o.id = r.order_id
            """,
            migrations.RunSQL.noop,
        ),
    ]
