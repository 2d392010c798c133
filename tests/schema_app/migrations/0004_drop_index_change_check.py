from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schema_app", "0003_fk_without_constraint")]

    operations = [
        migrations.RemoveIndex("parent", "schematest_pair_idx"),
        migrations.RemoveConstraint("parent", "schematest_code_not_empty"),
        migrations.AddConstraint(
            "parent",
            models.CheckConstraint(
                condition=models.Q(code__regex=r"^.{2,}$"), name="schematest_code_min_len"
            ),
        ),
    ]
