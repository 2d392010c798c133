from django.db import migrations


class Migration(migrations.Migration):
    """Its own migration (and transaction): rows updated here must not leave pending
    trigger events for the ALTER TABLE that adds the constraints next."""

    dependencies = [
        ('inventory', '0008_plausible_dates'),
        ('sales', '0005_order_net_profit_desc_index'),
    ]

    operations = [
        # Values no business record can carry (typos, 9999-12-31 placeholders) are cleared
        # first, each noted on its row with the value it had, so the constraints can hold.
        migrations.RunSQL(
            """
            UPDATE sales."order" SET
                notes = concat_ws(E'\n', nullif(notes, ''), 'Implausible sale date ' || sold_at::text || ' cleared'),
                sold_at = NULL
            WHERE sold_at < '2000-01-01' OR sold_at >= '2100-01-01';
            UPDATE sales."order" SET
                notes = concat_ws(E'\n', nullif(notes, ''), 'Implausible payout date ' || payout_date::text || ' cleared'),
                payout_date = NULL
            WHERE payout_date < '2000-01-01' OR payout_date >= '2100-01-01';
            """,
            migrations.RunSQL.noop,
        ),
    ]
