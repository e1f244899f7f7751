"""The directory, the toolbox and the lexicon, moved from the `cms` app (its migration 0007 took
them out of its state).

Nothing is created: the tables are those cms made (models keep them with `db_table`). Wagtail
finds a page's class, and Django a permission's model, by ContentType: renaming the rows'
app_label is enough for every page, revision, permission and log entry to follow, their rows
untouched. On a new database there is no row yet: post_migrate creates them under ecosysteme.
"""

import django.db.models.deletion
import ecosysteme.siret
import modelcluster.fields
import simple_history.models
import wagtail.contrib.routable_page.models
import wagtail.fields
from django.conf import settings
from django.db import migrations, models


MODELES = [
    "acteur",
    "acteurzone",
    "historicalacteur",
    "annuairepage",
    "boiteaoutilspage",
    "ressourcepage",
    "ressourcedocument",
    "lexiquepage",
    "terme",
]


def renommer(apps, schema_editor, depuis, vers):
    """Move the content types of MODELES from one app label to the other; a model that already
    has one under the target label keeps both (never merge rows others may point to)."""
    types = apps.get_model("contenttypes", "ContentType").objects.using(
        schema_editor.connection.alias
    )
    deja = types.filter(app_label=vers, model__in=MODELES).values_list("model", flat=True)
    types.filter(app_label=depuis, model__in=MODELES).exclude(model__in=list(deja)).update(
        app_label=vers
    )


def vers_ecosysteme(apps, schema_editor):
    renommer(apps, schema_editor, "cms", "ecosysteme")


def vers_cms(apps, schema_editor):
    renommer(apps, schema_editor, "ecosysteme", "cms")


class Migration(migrations.Migration):

    initial = True

    dependencies = [
        ('cms', '0007_deplacement_ecosysteme'),
        ('contenttypes', '0002_remove_content_type_name'),
        ('manifeste', '0002_demonstration'),
        ('wagtailcore', '0098_apitoken'),
        ('wagtaildocs', '0014_alter_document_file_size'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='AnnuairePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                    ],
                    options={
                        'verbose_name': 'annuaire des acteurs',
                        'db_table': 'cms_annuairepage',
                    },
                    bases=(wagtail.contrib.routable_page.models.RoutablePageMixin, 'wagtailcore.page'),
                ),
                migrations.CreateModel(
                    name='BoiteAOutilsPage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                    ],
                    options={
                        'verbose_name': 'boîte à outils',
                        'db_table': 'cms_boiteaoutilspage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='LexiquePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('intro', wagtail.fields.RichTextField(blank=True, verbose_name='introduction')),
                    ],
                    options={
                        'verbose_name': 'lexique',
                        'db_table': 'cms_lexiquepage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='Acteur',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(blank=True, max_length=220, unique=True, verbose_name='slug')),
                        ('type', models.CharField(choices=[('prestataire_local', 'Prestataire numérique local'), ('logiciel_libre', 'Entreprise du logiciel libre'), ('reconditionneur', 'Reconditionneur / revendeur'), ('recycleur', 'Recycleur'), ('aide_numerique', "Lieu d'aide numérique"), ('formation', 'Organisme de formation'), ('ess', "Structure de l'ESS"), ('autre', 'Autre')], max_length=20, verbose_name="type d'acteur")),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('siret', models.CharField(blank=True, help_text='14 chiffres ; la clé de contrôle est vérifiée.', max_length=14, validators=[ecosysteme.siret.valider_siret], verbose_name='SIRET')),
                        ('adresse', models.CharField(blank=True, max_length=255, verbose_name='adresse')),
                        ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel de contact')),
                        ('telephone', models.CharField(blank=True, max_length=30, verbose_name='téléphone')),
                        ('site_web', models.URLField(blank=True, verbose_name='site web')),
                        ('labels', models.CharField(blank=True, help_text='Labels détenus, séparés par des virgules.', max_length=255, verbose_name='labels')),
                        ('publie', models.BooleanField(default=False, help_text="Un acteur proposé reste invisible jusqu'à sa validation.", verbose_name='publié')),
                        ('courriel_proposant', models.EmailField(blank=True, max_length=254, verbose_name="courriel de la personne qui l'a proposé")),
                        ('cree_le', models.DateTimeField(auto_now_add=True, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(auto_now=True, verbose_name='modifié le')),
                        ('commune', models.ForeignKey(limit_choices_to={'type': 'commune'}, on_delete=django.db.models.deletion.PROTECT, related_name='acteurs_implantes', to='manifeste.collectivite', verbose_name='commune')),
                        ('engagements', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='acteurs', to='manifeste.engagement', verbose_name='engagements soutenus')),
                    ],
                    options={
                        'verbose_name': 'acteur local',
                        'verbose_name_plural': 'acteurs locaux',
                        'db_table': 'cms_acteur',
                        'ordering': ['nom'],
                    },
                ),
                migrations.CreateModel(
                    name='ActeurZone',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('acteur', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='zones_desservies', to='ecosysteme.acteur')),
                        ('collectivite', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='manifeste.collectivite', verbose_name='collectivité')),
                    ],
                    options={
                        'verbose_name': 'territoire desservi',
                        'verbose_name_plural': 'territoires desservis',
                        'db_table': 'cms_acteurzone',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.AddField(
                    model_name='acteur',
                    name='zone',
                    field=models.ManyToManyField(blank=True, related_name='acteurs_desservant', through='ecosysteme.ActeurZone', to='manifeste.collectivite', verbose_name='territoire desservi'),
                ),
                migrations.CreateModel(
                    name='HistoricalActeur',
                    fields=[
                        ('id', models.BigIntegerField(auto_created=True, blank=True, db_index=True, verbose_name='ID')),
                        ('nom', models.CharField(max_length=200, verbose_name='nom')),
                        ('slug', models.SlugField(blank=True, max_length=220, verbose_name='slug')),
                        ('type', models.CharField(choices=[('prestataire_local', 'Prestataire numérique local'), ('logiciel_libre', 'Entreprise du logiciel libre'), ('reconditionneur', 'Reconditionneur / revendeur'), ('recycleur', 'Recycleur'), ('aide_numerique', "Lieu d'aide numérique"), ('formation', 'Organisme de formation'), ('ess', "Structure de l'ESS"), ('autre', 'Autre')], max_length=20, verbose_name="type d'acteur")),
                        ('description', models.TextField(blank=True, verbose_name='description')),
                        ('siret', models.CharField(blank=True, help_text='14 chiffres ; la clé de contrôle est vérifiée.', max_length=14, validators=[ecosysteme.siret.valider_siret], verbose_name='SIRET')),
                        ('adresse', models.CharField(blank=True, max_length=255, verbose_name='adresse')),
                        ('courriel', models.EmailField(blank=True, max_length=254, verbose_name='courriel de contact')),
                        ('telephone', models.CharField(blank=True, max_length=30, verbose_name='téléphone')),
                        ('site_web', models.URLField(blank=True, verbose_name='site web')),
                        ('labels', models.CharField(blank=True, help_text='Labels détenus, séparés par des virgules.', max_length=255, verbose_name='labels')),
                        ('publie', models.BooleanField(default=False, help_text="Un acteur proposé reste invisible jusqu'à sa validation.", verbose_name='publié')),
                        ('courriel_proposant', models.EmailField(blank=True, max_length=254, verbose_name="courriel de la personne qui l'a proposé")),
                        ('cree_le', models.DateTimeField(blank=True, editable=False, verbose_name='créé le')),
                        ('modifie_le', models.DateTimeField(blank=True, editable=False, verbose_name='modifié le')),
                        ('history_id', models.AutoField(primary_key=True, serialize=False)),
                        ('history_date', models.DateTimeField(db_index=True)),
                        ('history_change_reason', models.CharField(max_length=100, null=True)),
                        ('history_type', models.CharField(choices=[('+', 'Created'), ('~', 'Changed'), ('-', 'Deleted')], max_length=1)),
                        ('commune', models.ForeignKey(blank=True, db_constraint=False, limit_choices_to={'type': 'commune'}, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='manifeste.collectivite', verbose_name='commune')),
                        ('history_user', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'verbose_name': 'historical acteur local',
                        'verbose_name_plural': 'historical acteurs locaux',
                        'db_table': 'cms_historicalacteur',
                        'ordering': ('-history_date', '-history_id'),
                        'get_latest_by': ('history_date', 'history_id'),
                    },
                    bases=(simple_history.models.HistoricalChanges, models.Model),
                ),
                migrations.CreateModel(
                    name='RessourcePage',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('type_ressource', models.CharField(choices=[('guide', 'Guide'), ('modele', 'Modèle de document'), ('clause', "Clause d'achat"), ('formation', 'Formation'), ('outil', 'Outil')], max_length=12, verbose_name='type de ressource')),
                        ('resume', models.TextField(blank=True, verbose_name='résumé')),
                        ('corps', wagtail.fields.RichTextField(blank=True, verbose_name='contenu')),
                        ('lien_externe', models.URLField(blank=True, verbose_name='lien externe')),
                        ('engagements', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='ressources', to='manifeste.engagement', verbose_name='engagements')),
                    ],
                    options={
                        'verbose_name': 'ressource',
                        'verbose_name_plural': 'ressources',
                        'db_table': 'cms_ressourcepage',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.CreateModel(
                    name='RessourceDocument',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('sort_order', models.IntegerField(blank=True, editable=False, null=True)),
                        ('document', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='wagtaildocs.document', verbose_name='document')),
                        ('page', modelcluster.fields.ParentalKey(on_delete=django.db.models.deletion.CASCADE, related_name='documents', to='ecosysteme.ressourcepage')),
                    ],
                    options={
                        'verbose_name': 'document joint',
                        'verbose_name_plural': 'documents joints',
                        'db_table': 'cms_ressourcedocument',
                        'ordering': ['sort_order'],
                        'abstract': False,
                    },
                ),
                migrations.CreateModel(
                    name='Terme',
                    fields=[
                        ('page_ptr', models.OneToOneField(auto_created=True, on_delete=django.db.models.deletion.CASCADE, parent_link=True, primary_key=True, serialize=False, to=settings.WAGTAIL_PAGE_MODEL)),
                        ('definition', wagtail.fields.RichTextField(verbose_name='définition')),
                        ('synonymes', models.CharField(blank=True, help_text='Séparés par des virgules (sigles, formes développées…).', max_length=255, verbose_name='synonymes')),
                        ('engagements', modelcluster.fields.ParentalManyToManyField(blank=True, related_name='termes', to='manifeste.engagement', verbose_name='engagements liés')),
                    ],
                    options={
                        'verbose_name': 'terme du lexique',
                        'verbose_name_plural': 'termes du lexique',
                        'db_table': 'cms_terme',
                    },
                    bases=('wagtailcore.page',),
                ),
                migrations.AddConstraint(
                    model_name='acteurzone',
                    constraint=models.UniqueConstraint(fields=('acteur', 'collectivite'), name='zone_acteur_unique'),
                ),
                migrations.AddIndex(
                    model_name='acteur',
                    index=models.Index(fields=['publie', 'type'], name='cms_acteur_publie_5d4b27_idx'),
                ),
            ],
            database_operations=[],
        ),
        migrations.RunPython(vers_ecosysteme, vers_cms),
    ]
