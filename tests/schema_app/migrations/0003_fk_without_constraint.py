from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schema_app", "0002_code_not_unique")]

    operations = [
        migrations.AlterField(
            "child",
            "parent",
            models.ForeignKey(
                on_delete=models.deletion.DO_NOTHING, to="schema_app.parent", db_constraint=False
            ),
        ),
        migrations.RenameIndex(
            "parent", new_name="schematest_pair_idx", old_name="schematest_code_name_idx"
        ),
    ]
