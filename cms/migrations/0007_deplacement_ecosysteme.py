"""The directory, the toolbox and the lexicon move to their own app, `ecosysteme`: their models
leave this app's state only. Their tables stay as they are (the models keep them with
`db_table`) and ecosysteme's 0001_initial takes them over."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('cms', '0006_chiffre_cle_annee'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.RemoveField(
                    model_name='acteurzone',
                    name='acteur',
                ),
                migrations.RemoveField(
                    model_name='acteurzone',
                    name='collectivite',
                ),
                migrations.RemoveField(
                    model_name='annuairepage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='boiteaoutilspage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='historicalacteur',
                    name='commune',
                ),
                migrations.RemoveField(
                    model_name='historicalacteur',
                    name='history_user',
                ),
                migrations.RemoveField(
                    model_name='lexiquepage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='ressourcedocument',
                    name='document',
                ),
                migrations.RemoveField(
                    model_name='ressourcedocument',
                    name='page',
                ),
                migrations.RemoveField(
                    model_name='ressourcepage',
                    name='engagements',
                ),
                migrations.RemoveField(
                    model_name='ressourcepage',
                    name='page_ptr',
                ),
                migrations.RemoveField(
                    model_name='terme',
                    name='engagements',
                ),
                migrations.RemoveField(
                    model_name='terme',
                    name='page_ptr',
                ),
                migrations.DeleteModel(
                    name='Acteur',
                ),
                migrations.DeleteModel(
                    name='ActeurZone',
                ),
                migrations.DeleteModel(
                    name='AnnuairePage',
                ),
                migrations.DeleteModel(
                    name='BoiteAOutilsPage',
                ),
                migrations.DeleteModel(
                    name='HistoricalActeur',
                ),
                migrations.DeleteModel(
                    name='LexiquePage',
                ),
                migrations.DeleteModel(
                    name='RessourceDocument',
                ),
                migrations.DeleteModel(
                    name='RessourcePage',
                ),
                migrations.DeleteModel(
                    name='Terme',
                ),
            ],
            database_operations=[],
        ),
    ]
