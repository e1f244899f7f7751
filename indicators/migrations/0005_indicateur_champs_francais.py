"""Indicateur's kind, scope, scale, direction and aggregation are named in French (nature,
portee, echelle, sens, agregation); the columns are renamed in place, so every value is kept."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("indicators", "0004_valeurs_version_corrections"),
    ]

    operations = [
        migrations.RenameField(model, ancien, nouveau)
        for model in ("indicateur", "historicalindicateur")
        for ancien, nouveau in (
            ("kind", "nature"),
            ("scope", "portee"),
            ("scale", "echelle"),
            ("direction", "sens"),
            ("aggregation", "agregation"),
        )
    ]
