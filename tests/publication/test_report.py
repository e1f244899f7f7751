"""The yearly report: its data function, the HTML page and the PDF."""

import datetime
import io

import pypdf
import pytest

from commitments.models import Signature
from manifeste.maturite import Etat
from manifeste.models import Collectivite
from manifeste.pdf import FichiersStatiques
from publication import report


@pytest.fixture
def lyon(referentiel, territoires):
    lyon = Collectivite.objects.get(type="commune", code_insee="69123")
    Signature.objects.create(
        collectivite=lyon, date_signature=datetime.date(2022, 3, 1), elu_signataire="Mme Adjointe"
    )
    return lyon


def texte_pdf(octets):
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(octets)).pages)


def test_report_has_one_row_per_engagement_none_assessed_yet(lyon):
    rapport = report.rapport_collectivite(lyon, 2025)
    assert [ligne.code for ligne in rapport.engagements] == [
        f"A{a}E{e}" for a in (1, 2, 3) for e in (1, 2, 3)
    ]
    assert [code for code, _, _ in rapport.ambitions] == ["A1", "A2", "A3"]
    assert rapport.nb_evalues == 0 and rapport.completion == 0
    assert rapport.signature.elu_signataire == "Mme Adjointe"


def test_published_assessments_fill_level_descriptor_and_narrative(lyon, monkeypatch):
    monkeypatch.setattr(
        report,
        "evaluations_publiees",
        lambda c, a: {
            "A1E1": (Etat.EVALUE, 3, "Un guichet numérique accompagné."),
            "A2E1": (Etat.NON_CONCERNE, None, ""),
        },
    )
    rapport = report.rapport_collectivite(lyon, 2025)
    a1e1 = rapport.engagements[0]
    assert (a1e1.niveau, a1e1.libelle_niveau) == (3, "Déployé")
    assert a1e1.descripteur and a1e1.recit == "Un guichet numérique accompagné."
    assert rapport.nb_evalues == 2
    assert rapport.completion == pytest.approx(2 / 9)


def test_report_page(client, lyon):
    response = client.get("/rapport/lyon-69123/2025/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Lyon" in html and "Rapport annuel 2025" in html
    assert html.count("Aucune évaluation publiée pour 2025.") == 9
    assert "Aucune valeur d'indicateur publiée pour 2025." in html
    assert "/static/css/print-report.css" in html
    assert "/rapport/lyon-69123/2025.pdf" in html


def test_pdf_is_generated_with_the_collectivity_in_its_text(client, lyon):
    response = client.get("/rapport/lyon-69123/2025.pdf")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    octets = response.getvalue()
    assert octets.startswith(b"%PDF")
    texte = texte_pdf(octets)
    assert "Lyon" in texte
    assert "216901231" in texte
    assert "Mme Adjointe" in texte
    assert "A3E3" in texte
    assert "Télécharger le PDF" not in texte


def test_unknown_collectivity_report_is_404(client, referentiel):
    assert client.get("/rapport/nulle-part/2025/").status_code == 404
    assert client.get("/rapport/nulle-part/2025.pdf").status_code == 404
    assert client.get("/rapport/lyon-69123/0000/").status_code == 404


def test_pdf_rendering_never_fetches_from_the_network():
    fetcher = FichiersStatiques()
    with pytest.raises(ValueError, match="externe"):
        fetcher.fetch("https://cdn.example.org/style.css")
    with pytest.raises(ValueError, match="introuvable"):
        fetcher.fetch("http://rapport.invalid/static/css/absent.css")
    response = fetcher.fetch("http://rapport.invalid/static/css/print-report.css")
    assert b"@page" in response.read()


def test_page_writes_levels_out_for_black_and_white(client, lyon, monkeypatch):
    monkeypatch.setattr(
        report,
        "evaluations_publiees",
        lambda c, a: {"A1E1": (Etat.EVALUE, 3, ""), "A2E1": (Etat.NON_CONCERNE, None, "")},
    )
    html = client.get("/rapport/lyon-69123/2025/").content.decode()
    assert "Niveau 3 sur 4 : Déployé" in html
    assert "■■■□" in html
    assert "Non concerné" in html
    assert html.count("Aucune évaluation publiée pour 2025.") == 7


def test_published_data_fill_the_report_and_its_pdf(client, lyon, catalogue, monkeypatch):
    from commitments.models import Campagne, Evaluation
    from indicators.models import Indicateur, Valeur
    from manifeste.models import Engagement

    Evaluation.objects.create(
        collectivite=lyon,
        engagement=Engagement.objects.get(code="A1E1"),
        campagne=Campagne.objects.get(annee=2025),
        etat=Etat.EVALUE,
        niveau=3,
        narratif="<p>Un <b>guichet</b> accompagné.</p>",
        etat_publication="publie",
    )
    ratio = Indicateur.objects.get(code="A1E1-01")
    ratio.cibles = {"2024": 10}
    ratio.save()
    for annee, num, etat in [(2024, 1, "publie"), (2025, 1, "publie")]:
        Valeur.objects.create(
            collectivite=lyon,
            indicateur=ratio,
            annee=annee,
            numerateur=num,
            denominateur=8 if annee == 2025 else 20,
            etat=etat,
        )
    brouillon = Indicateur.objects.get(code="A1E2-01")
    Valeur.objects.create(collectivite=lyon, indicateur=brouillon, annee=2025, valeur=42)

    rapport = report.rapport_collectivite(lyon, 2025)
    assert rapport.engagements[0].recit == "Un guichet accompagné."
    [ligne] = rapport.indicateurs  # the draft value is left out
    assert ligne.valeur == "12,50" and [a for a, _ in ligne.tendance] == [2024, 2025]
    assert ligne.cible == 10 and ligne.cible_atteinte is True
    texte = texte_pdf(client.get("/rapport/lyon-69123/2025.pdf").getvalue())
    assert "12,50" in texte and "Un guichet accompagné." in texte
    assert "42" not in texte
