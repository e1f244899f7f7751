"""A frozen edition keeps a year's figures as they were: corrections change the live ones only."""

import io

import pytest
from django.core.management import CommandError, call_command

from indicators.models import Valeur
from publication import diffusion, editions, figures, stored
from publication.filters import FiltresTableau
from publication.models import SIGNATAIRES, Chiffre

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition(demo):
    diffusion.calculer_a_faire()
    return editions.figer(figures.derniere_annee_publiee(), par="admin-national")


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
    with pytest.raises(editions.EditionExistante):
        editions.figer(edition.annee)
    with pytest.raises(CommandError, match=f"L'édition {edition.annee} est déjà figée."):
        call_command("figer_edition", str(edition.annee), stdout=io.StringIO())


def test_the_dashboard_offers_the_editions_once_there_are_some(client, demo):
    assert "edition" not in FiltresTableau().fields
    diffusion.calculer_a_faire()
    call_command("figer_edition", str(figures.derniere_annee_publiee()), stdout=io.StringIO())
    annee = figures.derniere_annee_publiee()
    formulaire = FiltresTableau({"edition": str(annee), "annee": str(annee - 1)})
    assert formulaire.filtres()["annee"] == annee  # an edition describes its own year
    html = client.get(f"/tableau-de-bord/?edition={annee}").content.decode()
    assert f"Édition {annee}, figée le" in html and "Signataires à la date de l'édition" in html
    assert f'<option value="{annee}" selected>Édition {annee} (figée)</option>' in html
    assert 'id="edition"' not in client.get("/tableau-de-bord/").content.decode()
