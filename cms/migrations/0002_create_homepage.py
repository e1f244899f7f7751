from django.db import migrations

HOME = {
    "title": "Territoires numériques responsables",
    "slug": "accueil",
    "chapo": (
        "Les collectivités signataires du manifeste « Pour des territoires numériques "
        "responsables » rendent compte, chaque année, de leurs engagements."
    ),
}


def create_homepage(apps, schema_editor):
    """Replace Wagtail's default welcome page by ours, as the root of the default site."""
    ContentType = apps.get_model("contenttypes.ContentType")
    Page = apps.get_model("wagtailcore.Page")
    Site = apps.get_model("wagtailcore.Site")
    HomePage = apps.get_model("cms.HomePage")
    Locale = apps.get_model("wagtailcore.Locale")

    Page.objects.filter(depth=2, content_type__app_label="wagtailcore").delete()
    content_type, _ = ContentType.objects.get_or_create(model="homepage", app_label="cms")
    locale = Locale.objects.get_or_create(language_code="fr")[0]
    home = HomePage.objects.create(
        content_type=content_type, path="00010001", depth=2, numchild=0,
        url_path="/accueil/", locale=locale, draft_title=HOME["title"], live=True, **HOME,
    )
    Site.objects.update_or_create(
        is_default_site=True,
        defaults={"hostname": "localhost", "port": 80, "root_page_id": home.id,
                  "site_name": HOME["title"]},
    )


def remove_homepage(apps, schema_editor):
    apps.get_model("cms.HomePage").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("cms", "0001_initial"),
        ("wagtailcore", "0098_apitoken"),
    ]

    operations = [migrations.RunPython(create_homepage, remove_homepage)]
