"""Pure rules of an assessment, on plain values."""

import io
import zipfile

import openpyxl
import pytest

from commitments.validation import (
    RegleEnfreinte,
    avertissements_evaluation,
    delai_applicable,
    erreurs_evaluation,
    manques,
    manques_avant_soumission,
    verifier_description,
    verifier_edition,
    verifier_fichier,
    verifier_soumission,
)
from commitments.workflow import EtatPublication
from manifeste.maturite import Etat, moyenne_niveaux, taux_completion


def champs(constats):
    return [c.champ for c in constats]


@pytest.mark.parametrize("niveau", [0, 1, 2, 3, 4])
def test_un_niveau_de_l_echelle_est_accepte(niveau):
    assert erreurs_evaluation(Etat.EVALUE, niveau, "") == []


@pytest.mark.parametrize("niveau", [5, 9, -1])
def test_un_niveau_inconnu_est_refuse(niveau):
    assert champs(erreurs_evaluation(Etat.EVALUE, niveau, "")) == ["reponse"]


def test_evalue_sans_niveau_est_refuse():
    assert champs(erreurs_evaluation(Etat.EVALUE, None, "")) == ["reponse"]


def test_non_concerne_sans_raison_est_refuse():
    assert champs(erreurs_evaluation(Etat.NON_CONCERNE, None, "  ")) == ["justification"]
    assert erreurs_evaluation(Etat.NON_CONCERNE, None, "Compétence de l'EPCI") == []


def test_un_niveau_hors_evaluation_est_refuse():
    assert champs(erreurs_evaluation(Etat.NON_RENSEIGNE, 2, "")) == ["reponse"]


@pytest.mark.parametrize(
    ("niveau", "preuves", "averti"), [(2, 0, True), (4, 0, True), (1, 0, False), (3, 1, False)]
)
def test_niveau_superieur_a_1_sans_preuve_averti_sans_bloquer(niveau, preuves, averti):
    assert bool(avertissements_evaluation(Etat.EVALUE, niveau, preuves)) is averti
    assert erreurs_evaluation(Etat.EVALUE, niveau, "") == []


def test_manques():
    assert manques(Etat.NON_RENSEIGNE, None, "", 0) == ["niveau"]
    assert manques(Etat.EVALUE, 3, "", 0) == ["description", "preuve"]
    assert manques(Etat.EVALUE, 3, "<p>ok</p>", 1) == []
    assert manques(Etat.NON_CONCERNE, None, "", 0) == []


def test_non_renseigne_et_non_concerne_hors_des_moyennes():
    # Levels of: assessed 4, assessed 2, non concerné (None), non renseigné (None).
    assert moyenne_niveaux([4, 2, None, None]) == 3
    assert moyenne_niveaux([None, None]) is None
    etats = [Etat.EVALUE, Etat.NON_CONCERNE, Etat.NON_RENSEIGNE, Etat.NON_RENSEIGNE]
    assert taux_completion(etats) == 0.5


@pytest.mark.parametrize(
    ("etat", "narratif", "justification", "champ"),
    [
        (Etat.NON_RENSEIGNE, "<p>ok</p>", "", "reponse"),
        (Etat.EVALUE, "<p></p>", "", "narratif"),
        (Etat.NON_CONCERNE, "", " ", "justification"),
    ],
)
def test_ce_qui_manque_avant_de_soumettre_est_nomme(etat, narratif, justification, champ):
    assert champs(manques_avant_soumission(etat, narratif, justification)) == [champ]
    with pytest.raises(RegleEnfreinte, match="Avant de soumettre") as refus:
        verifier_soumission(etat, narratif, justification)
    assert refus.value.champ == champ


def test_une_reponse_complete_se_soumet():
    assert manques_avant_soumission(Etat.EVALUE, "<p>Fait.</p>", "") == []
    verifier_soumission(Etat.EVALUE, "<p>Fait.</p>", "")
    verifier_soumission(Etat.NON_CONCERNE, "", "Compétence de l'EPCI")


def test_sans_description_ni_validation_ni_publication():
    with pytest.raises(RegleEnfreinte, match="ni validée ni publiée"):
        verifier_description(Etat.EVALUE, "<p><br></p>")
    verifier_description(Etat.EVALUE, "<p>Fait.</p>")
    verifier_description(Etat.NON_CONCERNE, "")  # its justification says why


def test_edition_campagne_close_refusee_sauf_reouverture():
    with pytest.raises(RegleEnfreinte, match="close"):
        verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=False, reouverte=False)
    verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=False, reouverte=True)
    verifier_edition(EtatPublication.BROUILLON, campagne_ouverte=True, reouverte=False)


def test_fichiers():
    verifier_fichier("rapport.PDF", 1000, ["pdf"], 10_000)
    with pytest.raises(RegleEnfreinte, match="exe"):
        verifier_fichier("virus.exe", 10, ["pdf"], 10_000)
    with pytest.raises(RegleEnfreinte, match="trop lourd"):
        verifier_fichier("gros.pdf", 20_000, ["pdf"], 10_000)
    with pytest.raises(RegleEnfreinte, match="« vide.pdf » est vide"):
        verifier_fichier("vide.pdf", 0, ["pdf"], 10_000, b"")


def _zip(**entrees):
    tampon = io.BytesIO()
    with zipfile.ZipFile(tampon, "w") as archive:
        for nom, contenu in entrees.items():
            archive.writestr(nom.replace("__", "/"), contenu)
    return tampon.getvalue()


def _xlsx():
    classeur = openpyxl.Workbook()
    classeur.active["A1"] = "Parc"
    tampon = io.BytesIO()
    classeur.save(tampon)
    return tampon.getvalue()


EXTENSIONS = ["csv", "docx", "odt", "ods", "pdf", "png", "jpg", "txt", "xlsx"]
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 24


@pytest.mark.parametrize(
    ("nom", "contenu"),
    [
        ("rapport.pdf", b"%PDF-1.7\n%\xe2\xe3\n1 0 obj"),
        ("photo.png", PNG),
        ("photo.jpg", b"\xff\xd8\xff\xe0\x00\x10JFIF\x00"),
        ("tableau.xlsx", _xlsx()),
        ("note.odt", _zip(mimetype="application/vnd.oasis.opendocument.text")),
        # An office file whose telling entry is not among the first: read from the archive.
        ("note.docx", _zip(**{f"docProps__p{i}.xml": "x" * 3000 for i in range(5)}, word__d="x")),
        ("valeurs.csv", "code;valeur\nA1;12,5\n".encode("cp1252")),
        ("lisez-moi.txt", "Délibération n° 12\n".encode()),
    ],
)
def test_un_fichier_est_accepte_sur_son_contenu(nom, contenu):
    verifier_fichier(nom, len(contenu), EXTENSIONS, 10_000_000, contenu)


@pytest.mark.parametrize(
    ("nom", "contenu", "nature"),
    [
        ("rapport.pdf", b"<!DOCTYPE html><html><script>alert(1)</script>", "HTML"),
        ("rapport.pdf", b"\xef\xbb\xbf  <html><body>", "HTML"),
        ("valeurs.csv", b"<svg onload=alert(1)>", "HTML"),
        ("photo.png", b"%PDF-1.4", "PDF"),
        ("tableau.xlsx", _zip(mimetype="application/vnd.oasis.opendocument.text"), "ODT"),
        ("note.docx", b"MZ\x90\x00\x03\x00\x00\x00", "EXE"),
        ("note.txt", b"\x00\x01\x02\x03", "format inconnu"),
    ],
)
def test_un_fichier_renomme_est_refuse_en_nommant_son_contenu(nom, contenu, nature):
    with pytest.raises(RegleEnfreinte, match=f"ne contient pas un fichier .*{nature}") as refus:
        verifier_fichier(nom, len(contenu), EXTENSIONS, 10_000_000, contenu)
    assert refus.value.champ == "fichier"
    assert nom in refus.value.message


@pytest.mark.parametrize(
    ("jours", "attendu"),
    [(40, None), (30, 30), (12, 30), (7, 7), (5, 7), (1, 1), (0, 1), (-1, None)],
)
def test_delai_applicable(jours, attendu):
    assert delai_applicable(jours, [30, 7, 1]) == attendu
