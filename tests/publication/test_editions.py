"""A frozen edition keeps a year's figures as they were: corrections change the live ones only."""

import hashlib
import io
import zipfile

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django.utils.formats import date_format

from commitments.models import Campagne
from indicators.models import Valeur
from publication import diffusion, editions, figures, stored
from publication.filters import FiltresTableau
from publication.models import SIGNATAIRES, Chiffre, Edition

pytestmark = pytest.mark.django_db


def _close():
    """The latest year whose campaign is closed (the demo's latest one is still open)."""
    return Campagne.objects.filter(date_cloture__lt=timezone.localdate()).latest("annee").annee


@pytest.fixture
def edition(demo):
    return editions.figer(_close(), par="admin-national")


def _national(code, annee, **filtres):
    [ligne] = stored.lignes([code], filtres, annee=annee).to_dict("records")
    return ligne


def test_an_edition_copies_the_years_figures_with_what_they_come_from(edition):
    annee = edition.annee
    vivants = Chiffre.objects.filter(edition=0, annee=annee)
    figes = Chiffre.objects.filter(edition=annee)
    assert figes.exclude(sujet=SIGNATAIRES).count() == vivants.count() > 0
    national = dict.fromkeys(("type", "taille", "region", "departement", "epci"), "")
    assert figes.get(sujet=SIGNATAIRES, **national).n == figures.signataires()
    assert edition.libelle == f"Édition {annee}" and edition.figee_par == "admin-national"
    assert {i["code"] for i in edition.catalogue} >= {"A1E1-01", "A2E3-01"}
    assert edition.referentiels and edition.contributeurs
    assert {"code_insee", "type", "nom"} == set(edition.contributeurs[0])


def test_a_later_correction_changes_the_live_figures_never_the_edition(edition):
    annee = edition.annee
    valeur = Valeur.objects.publiees().filter(annee=annee, indicateur__code="A1E2-01").first()
    avant = _national("A1E2-01", annee)
    valeur.valeur += 1000
    valeur.save()
    diffusion.calculer_a_faire()
    assert _national("A1E2-01", annee)["valeur"] == avant["valeur"] + 1000  # a sum
    assert _national("A1E2-01", annee, edition=annee)["valeur"] == avant["valeur"]


def test_an_edition_is_frozen_once(edition):
    with pytest.raises(editions.EditionRefusee):
        editions.figer(edition.annee)
    with pytest.raises(CommandError, match=f"L'édition {edition.annee} est déjà figée."):
        call_command("figer_edition", str(edition.annee), stdout=io.StringIO())


def test_an_open_campaign_or_a_year_without_figures_is_not_frozen(demo):
    ouverte = Campagne.objects.filter(date_cloture__gte=timezone.localdate()).first()
    with pytest.raises(editions.EditionRefusee, match=f"La campagne {ouverte.annee} est ouverte"):
        editions.figer(ouverte.annee)
    with pytest.raises(editions.EditionRefusee, match="Aucun chiffre publié pour 2019."):
        editions.figer(2019)
    assert not Edition.objects.exists() and not Chiffre.objects.exclude(edition=0).exists()


def test_the_dashboard_offers_the_editions_once_there_are_some(client, demo):
    assert "edition" not in FiltresTableau().fields
    annee = _close()
    call_command("figer_edition", str(annee), stdout=io.StringIO())
    formulaire = FiltresTableau({"edition": str(annee), "annee": str(annee - 1)})
    assert formulaire.filtres()["annee"] == annee  # an edition describes its own year
    html = client.get(f"/tableau-de-bord/?edition={annee}").content.decode()
    assert f"Édition {annee}, figée le" in html and "Signataires à la date de l'édition" in html
    assert f'<option value="{annee}" selected>Édition {annee} (figée)</option>' in html
    assert f'<option value="{annee}" selected>{annee}</option>' in html  # its year, shown
    assert client.get("/tableau-de-bord/?edition=2022").status_code == 200  # no such edition: said
    assert (
        "Sélectionnez un choix valide"
        in client.get("/tableau-de-bord/?edition=2022").content.decode()
    )
    vivant = client.get("/tableau-de-bord/").content.decode()
    assert 'id="edition"' not in vivant
    dernier = timezone.localtime(Chiffre.objects.filter(edition=0).latest("calcule_le").calcule_le)
    assert f"Chiffres à jour au {date_format(dernier, 'DATETIME_FORMAT')}" in vivant
    assert 'id="mis-a-jour"' not in html  # an edition says when it was frozen instead
    assert 'id="mis-a-jour"' in client.get("/engagements/a1e2/").content.decode()


def test_the_editions_archive_never_changes_and_its_checksum_is_published(client, edition):
    def telecharger():
        reponse = client.get(f"/donnees/editions/{edition.annee}.zip")
        assert reponse.status_code == 200 and "immutable" in reponse["Cache-Control"]
        return b"".join(reponse.streaming_content)

    contenu = telecharger()
    assert hashlib.sha256(contenu).hexdigest() == edition.sha256
    with zipfile.ZipFile(io.BytesIO(contenu)) as archive:
        assert "datapackage.json" in archive.namelist()
    valeur = Valeur.objects.publiees().filter(annee=edition.annee).first()
    valeur.valeur = (valeur.valeur or 0) + 1000
    valeur.save()  # a correction, published: the live files are built again, never the edition's
    diffusion.calculer_a_faire()
    assert telecharger() == contenu
    page = client.get("/donnees/").content.decode()
    assert edition.sha256 in page and f"/donnees/editions/{edition.annee}.zip" in page
    assert client.get("/donnees/editions/2022.zip").status_code == 404


def test_the_api_reads_the_live_figures_or_an_edition(client, edition):
    annee = edition.annee
    api = "/api/v1/indicateurs/A1E2-01/agregats"
    [avant] = client.get(api, {"annee": annee}).json()
    assert (avant["edition"], avant["valeur"]) == (None, _national("A1E2-01", annee)["valeur"])
    valeur = Valeur.objects.publiees().filter(annee=annee, indicateur__code="A1E2-01").first()
    valeur.valeur += 1000
    valeur.save()
    [vivant] = client.get(api, {"annee": annee}).json()
    [fige] = client.get(api, {"edition": annee}).json()
    assert vivant["valeur"] == avant["valeur"] + 1000
    assert (fige["edition"], fige["valeur"], fige["n"]) == (annee, avant["valeur"], avant["n"])
    assert fige["q1"] <= fige["mediane"] <= fige["q3"]
    jamais = client.get(api, {"edition": annee - 1})
    assert jamais.status_code == 404
    assert jamais.json() == {"detail": f"Aucune édition {annee - 1} n'a été figée."}


def test_the_api_checks_its_filters_as_the_dashboard_does(client, edition):
    api = "/api/v1/indicateurs/A1E2-01/agregats"

    def refus(**parametres):
        reponse = client.get(api, parametres)
        assert reponse.status_code == 422
        return [(e["loc"][-1], e["msg"]) for e in reponse.json()["detail"]]

    assert refus() == [("annee", "Donnez l'année (annee) ou une édition (edition).")]
    annee = edition.annee
    assert refus(edition=annee, annee=annee - 1) == [
        ("annee", f"L'édition {annee} ne porte que sur l'année {annee}.")
    ]
    assert refus(annee=annee, region="84", departement="75") == [
        ("departement", "Ce département n'est pas dans la région choisie.")
    ]
    [(champ, message)] = refus(annee=1999)
    assert champ == "annee" and "Sélectionnez un choix valide" in message
    communes = client.get(api, {"annee": annee, "type": "commune", "groupe": "region"}).json()
    attendu = stored.lignes(["A1E2-01"], {"type": "commune"}, ("region",), annee=annee)
    assert {r["groupe"]["region"]: r["n"] for r in communes} == {
        None if r == "-" else r: n for r, n in zip(attendu["region"], attendu["n"], strict=True)
    }


def test_an_engagement_page_reads_an_edition(client, edition):
    annee = edition.annee
    page = f"/engagements/a1e2/?annee={annee}"
    valeur = Valeur.objects.publiees().filter(annee=annee, indicateur__code="A1E2-01").first()
    avant = client.get(page).context["agregats"]
    valeur.valeur += 1000
    valeur.save()
    diffusion.calculer_a_faire()

    def national(reponse):
        [ligne] = [a for a in reponse.context["agregats"] if a["code"] == "A1E2-01"]
        return ligne["valeur"]

    [ancien] = [a["valeur"] for a in avant if a["code"] == "A1E2-01"]
    assert national(client.get(page)) == ancien + 1000
    figee = client.get(f"/engagements/a1e2/?edition={annee}")
    assert national(figee) == ancien
    html = figee.content.decode()
    assert f"Édition {annee}, figée le" in html and "restent à jour" in html
    assert f'<option value="{annee}" selected>Édition {annee} (figée)</option>' in html
    assert (
        "Sélectionnez un choix valide"
        in client.get("/engagements/a1e2/?edition=2022").content.decode()
    )
