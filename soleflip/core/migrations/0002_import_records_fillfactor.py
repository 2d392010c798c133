from django.db import migrations


class Migration(migrations.Migration):
    """Import records are written once and then get their outcome; free space on each page
    lets PostgreSQL update the status in place (a HOT update) instead of copying rows."""

    dependencies = [("core", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE integration.import_records SET (fillfactor = 70)",
            "ALTER TABLE integration.import_records RESET (fillfactor)",
        )
    ]
