"""An assessment's history in words: answers by their labels, creation said as such."""

from commitments import services
from commitments.history import VIDE, changements, historique, statut
from commitments.workflow import EtatPublication
from manifeste.maturite import Etat
from tests.commitments_helpers import donnees, url_evaluation

E = EtatPublication


def test_un_niveau_se_dit_avec_les_libelles_des_reponses():
    evalue = {**VIDE, "etat": Etat.EVALUE, "niveau": 2}
    assert changements(VIDE, evalue) == ["Niveau : non renseigné → 2"]
    assert changements(evalue, {**evalue, "niveau": 3}) == ["Niveau : 2 → 3"]
    non_concerne = {**VIDE, "etat": Etat.NON_CONCERNE, "justification": "Compétence de l'EPCI"}
    assert changements(evalue, non_concerne) == [
        "Niveau : 2 → non concerné",
        "Justification : vide → « Compétence de l'EPCI »",
    ]


def test_un_texte_se_dit_sans_balises_et_abrege():
    apres = {**VIDE, "narratif": "<p>Parc <b>inventorié</b></p>" + "<p>suite</p>" * 40}
    (ligne,) = changements(VIDE, apres)
    assert ligne.startswith("Ce qui a été fait : vide → « Parc inventorié suite suite")
    assert "<" not in ligne and len(ligne) < 130
    assert changements(apres, apres) == []


def test_un_changement_de_statut_se_dit_avec_les_libelles():
    assert statut(E.SOUMIS, E.RENVOYE) == "Statut : Soumis → Renvoyé"
    assert statut(E.BROUILLON, E.SOUMIS, sur_correction=True) == (
        "Correction — Statut : Brouillon → Soumis"
    )


def test_la_chronologie_d_une_evaluation(client, monde):
    contributeur, validateur = monde.users["contributeur"], monde.users["validateur"]
    client.force_login(contributeur)
    client.post(url_evaluation(monde, monde.paris), donnees(niveau=2, html="<p>Fait.</p>"))
    client.post(url_evaluation(monde, monde.paris), {"vers": E.SOUMIS})
    evaluation = monde.paris.evaluations.get()
    services.changer_etat(evaluation, E.RENVOYE, validateur, commentaire="Chiffrez le parc.")

    evenements = historique(evaluation)
    assert [(e.qui, e.lignes, e.creation) for e in evenements] == [
        (validateur, ["Statut : Soumis → Renvoyé"], False),
        (contributeur, ["Statut : Brouillon → Soumis"], False),
        (
            contributeur,
            ["Niveau : non renseigné → 2", "Ce qui a été fait : vide → « Fait. »"],
            True,
        ),
    ]
    assert evenements[0].commentaire == "Chiffrez le parc."

    page = client.get(url_evaluation(monde, monde.paris)).content.decode()
    assert "Création : Niveau : non renseigné → 2" in page
    assert "— contributeur, <time" in page
    assert "Chiffrez le parc." in page  # the reason, shown to the officer
    assert "Renvoyée pour modification par validateur" in page
    for brut in ("non_renseigne", "(Créé(e))", "→ evalue"):
        assert brut not in page.replace('value="non_renseigne"', "")
