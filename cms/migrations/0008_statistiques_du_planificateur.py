"""Fresh statistics for the query planner. Databases filled by an earlier release's demo (a
bulk load) had none for the assessments: SQLite then counted the national dashboard's
declaring collectivities through the campaign's index, 433 s instead of 0.06 s. SQLite never
gathers statistics by itself; PostgreSQL's autovacuum does, later. Runs once, in seconds."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0007_deplacement_ecosysteme"),
        ("commitments", "0004_corrections_evaluations"),
        ("ecosysteme", "0001_initial"),
        ("indicators", "0005_indicateur_champs_francais"),
        ("manifeste", "0002_demonstration"),
    ]

    operations = [migrations.RunSQL("ANALYZE", reverse_sql=migrations.RunSQL.noop)]
