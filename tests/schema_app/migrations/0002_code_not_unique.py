from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("schema_app", "0001_initial")]

    operations = [
        migrations.AlterField("parent", "code", models.CharField(max_length=20)),
    ]
