"""The dry run's preview: every changed cell old → new, every new value, the unchanged count,
before anything is written; bounded on screen with its totals, whole as CSV."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from indicators.imports import importer
from indicators.models import Indicateur, Valeur
from indicators.preview import apercu
from manifeste.models import Collectivite

pytestmark = pytest.mark.django_db

ENTETE = (
    "collectivite;type_collectivite;indicateur;annee;valeur;numerateur;denominateur;commentaire\n"
)


def _csv(*lignes):
    return (ENTETE + "\n".join(lignes) + "\n").encode()


def _stocker(paris, code, **champs):
    return Valeur.objects.create(
        collectivite=paris, indicateur=Indicateur.objects.get(code=code), annee=2025, **champs
    )


@pytest.fixture
def existantes(paris):
    _stocker(paris, "A1E1-01", numerateur=40, denominateur=100)
    _stocker(paris, "A3E2-01", booleen=True, etat="publie")
    _stocker(paris, "A1E2-01", valeur=Decimal("12.345678"), etat="valide")
    _stocker(paris, "A1E2-03", numerateur=5, denominateur=10, commentaire="ok")


FICHIER = _csv(
    "75056;commune;A1E1-01;2025;;45;100;",  # numerator 40 → 45
    "75056;commune;A3E2-01;2025;non;;;",  # published oui → non
    "75056;commune;A1E2-01;2025;12,345679;;;",  # a change in the sixth decimal
    "75056;commune;A1E2-03;2025;;5;10;ok",  # unchanged
    "75056;commune;A2E1-01;2025;3;;;nouveau poste",  # new
)


def test_every_changed_cell_old_to_new_and_every_new_value(paris, contributeur, existantes):
    avant = list(Valeur.objects.order_by("pk").values())
    rapport = importer(FICHIER, "v.csv", contributeur, essai=True)
    assert rapport.erreurs == [], rapport.texte()
    assert list(Valeur.objects.order_by("pk").values()) == avant  # nothing written
    vue = apercu(rapport)
    assert [
        (c.ligne, c.collectivite.nom, c.indicateur.code, c.annee, c.champ, c.ancienne, c.nouvelle)
        for c in vue["modifications"]
    ] == [
        (2, "Paris", "A1E1-01", 2025, "numérateur", "40", "45"),
        (3, "Paris", "A3E2-01", 2025, "valeur (oui / non)", "oui", "non"),
        (4, "Paris", "A1E2-01", 2025, "valeur", "12,345678", "12,345679"),
    ]
    etats = [c.etat for c in vue["modifications"]]
    assert etats[0] == "Brouillon" and etats[1].startswith("Publiée : reste publiée")
    assert etats[2] == "Validé : repasse en brouillon"
    assert (vue["valeurs_modifiees"], vue["cellules_modifiees"], rapport.inchangees) == (3, 3, 1)
    ((nouvelle, collectivite, indicateur, texte),) = vue["nouvelles"]
    assert (nouvelle.ligne, collectivite, indicateur.code, texte) == (
        6,
        paris,
        "A2E1-01",
        "3 t CO2e / an",
    )
    assert nouvelle.nouveau["commentaire"] == "nouveau poste"


def rapport_sans_erreur(reponse):
    return reponse.context["rapport"].erreurs == []


def test_the_page_shows_the_changes_then_confirms_them(client, paris, contributeur, existantes):
    client.force_login(contributeur)
    essai = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", FICHIER)}
    )
    html = essai.content.decode()
    assert "Cellules modifiées : ancienne valeur → nouvelle valeur" in html
    assert "<td>40</td><td><strong>45</strong></td>" in html
    assert rapport_sans_erreur(essai)
    assert "1 nouvelle valeur" in html and "1 valeur inchangée" in html
    assert "3 valeurs modifiées (3 cellules)" in html
    complet = client.get(f"/admin/indicateurs/import/{essai.context['jeton']}/changements.csv")
    lignes = complet.content.decode("utf-8-sig").splitlines()
    assert (
        lignes[1]
        == "2;Paris;A1E1-01;Démarches en ligne doublées d'une aide humaine;2025;numérateur;40;45;Brouillon"
    )
    assert len(lignes) == 1 + 3 + 2  # header, 3 changed cells, the new value's 2 cells
    client.post("/admin/indicateurs/import/confirmer/", {"jeton": essai.context["jeton"]})
    assert Valeur.objects.get(indicateur__code="A1E1-01").numerateur == 45
    # confirmed: the pending file is gone, and with it its list
    assert (
        client.get(
            f"/admin/indicateurs/import/{essai.context['jeton']}/changements.csv"
        ).status_code
        == 404
    )


def test_a_file_that_changes_nothing_offers_nothing_to_confirm(
    client, paris, contributeur, existantes
):
    client.force_login(contributeur)
    fichier = _csv("75056;commune;A1E2-03;2025;;5;10;ok")
    html = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", fichier)}
    ).content.decode()
    assert "Ce fichier ne change rien" in html and "Confirmer l&#x27;import" not in html


def test_a_large_file_is_listed_up_to_the_cap_with_its_totals(client, admin_user, paris):
    codes = list(
        Indicateur.objects.partages().filter(nature="count").values_list("code", flat=True)
    )
    lignes = [
        f"{c.identifiant};{c.type};{code};{annee};0;;;"
        for c in Collectivite.objects.all()
        for code in codes
        for annee in (2023, 2024, 2025)
    ]
    assert len(lignes) > 200
    client.force_login(admin_user)
    essai = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", _csv(*lignes))}
    )
    html = essai.content.decode()
    assert f"les 200 premières sur {len(lignes)}" in html
    assert len(essai.context["apercu"]["nouvelles"]) == 200
    assert essai.context["apercu"]["total_nouvelles"] == len(lignes)
    other = client.get(f"/admin/indicateurs/import/{essai.context['jeton']}/changements.csv")
    assert len(other.content.decode("utf-8-sig").splitlines()) == 1 + len(lignes)


def test_the_list_is_its_importers_only(client, paris, contributeur, existantes, django_user_model):
    client.force_login(contributeur)
    essai = client.post(
        "/admin/indicateurs/import/", {"fichier": SimpleUploadedFile("v.csv", FICHIER)}
    )
    client.force_login(django_user_model.objects.create_superuser("autre", "a@example.org", "pw"))
    url = f"/admin/indicateurs/import/{essai.context['jeton']}/changements.csv"
    assert client.get(url).status_code == 404
