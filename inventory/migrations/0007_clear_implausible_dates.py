from django.db import migrations


class Migration(migrations.Migration):
    """Its own migration (and transaction): rows updated here must not leave pending
    trigger events for the ALTER TABLE that adds the constraints next."""

    dependencies = [
        ('catalog', '0004_product_name_index'),
        ('inventory', '0006_stock_list_indexes'),
        ('suppliers', '0002_payment_token_encrypted'),
    ]

    operations = [
        # Values no business record can carry (typos, 9999-12-31 placeholders) are cleared
        # first, each noted on its row with the value it had, so the constraints can hold.
        migrations.RunSQL(
            """
            UPDATE inventory.stock SET
                notes = concat_ws(E'\n', nullif(notes, ''), 'Implausible purchase date ' || purchase_date::text || ' cleared'),
                purchase_date = NULL
            WHERE purchase_date < '2000-01-01' OR purchase_date >= '2100-01-01';
            UPDATE inventory.stock SET
                notes = concat_ws(E'\n', nullif(notes, ''), 'Implausible delivery date ' || delivery_date::text || ' cleared'),
                delivery_date = NULL
            WHERE delivery_date < '2000-01-01' OR delivery_date >= '2100-01-01';
            """,
            migrations.RunSQL.noop,
        ),
    ]
