from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True
    dependencies = []

    operations = [
        migrations.RunSQL(
            "CREATE SCHEMA IF NOT EXISTS schematest", "DROP SCHEMA IF EXISTS schematest"
        ),
        migrations.CreateModel(
            name="Parent",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                ("code", models.CharField(max_length=20, unique=True)),
                ("name", models.CharField(max_length=50, db_index=True)),
            ],
            options={
                "db_table": 'schematest"."parent',
                "indexes": [models.Index(fields=["code", "name"], name="schematest_code_name_idx")],
                "constraints": [
                    models.CheckConstraint(
                        condition=~models.Q(code=""), name="schematest_code_not_empty"
                    )
                ],
            },
        ),
        migrations.CreateModel(
            name="Child",
            fields=[
                ("id", models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name="ID")),
                (
                    "parent",
                    models.ForeignKey(
                        on_delete=models.deletion.DO_NOTHING, to="schema_app.parent"
                    ),
                ),
            ],
            options={"db_table": 'schematest"."child'},
        ),
    ]
