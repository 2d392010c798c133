from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schema_app", "0004_drop_index_change_check")]

    operations = [
        # varchar -> text drops the varchar_pattern_ops "_like" index and creates another.
        migrations.AlterField("parent", "name", models.TextField(db_index=True)),
        migrations.AlterModelTable("child", 'schematest"."kid'),
    ]
