from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("publication", "0001_chiffres"),
    ]

    operations = [
        migrations.AddField(
            model_name="afaire",
            name="pris_le",
            field=models.DateTimeField(null=True),
        ),
    ]
