"""Concurrent writers on the file database: two batches of the same keys, grid saves during an
import. Real threads, each with its own connection, as two requests of a server would be."""

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.db import connection
from django.test import Client
from wagtail.models import APIToken

from commitments.models import Membre, ProfilNational
from indicators.imports import analyser, ecrire
from indicators.models import Indicateur, Valeur
from indicators.resources import COLONNES
from manifeste.models import Collectivite
from tests.grille_helpers import enregistrer as enregistrer_grille

# Flushed after each test, the database gets back what the migrations wrote (the site's pages):
# the tests that follow in this process need them.
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def en_parallele(*fonctions):
    """Run each function in its own thread, started together; returns results or exceptions."""
    depart = threading.Barrier(len(fonctions))

    def lancer(fonction):
        depart.wait()
        try:
            return fonction()
        except Exception as erreur:  # reported to the test, which asserts there is none
            return erreur
        finally:
            connection.close()

    with ThreadPoolExecutor(len(fonctions)) as pool:
        return list(pool.map(lancer, fonctions))


JUSTIFICATION = "valeur d'essai"  # some counts are beyond a small commune's plausible range


def rangs(valeur, annees=(2024, 2025)):
    """Every active collectivity × count indicator × year, with `valeur` (justified)."""
    indicateurs = (
        Indicateur.objects.partages().filter(nature="count").values_list("code", flat=True)
    )
    return [
        [c.code_insee, c.type, code, annee, valeur, None, None, None, "", JUSTIFICATION]
        for c in Collectivite.objects.filter(code_insee__gt="")
        for code in indicateurs
        for annee in annees
    ]


def historique():
    types = {}
    for cle, type_ in Valeur.history.values_list("id", "history_type"):
        types.setdefault(cle, []).append(type_)
    return types


@pytest.mark.parametrize("autre_valeur", [3, 4], ids=["same-values", "other-values"])
def test_two_batches_of_the_same_new_keys_run_as_one_after_the_other(
    territoires, catalogue, autre_valeur
):
    # Both dry runs see the keys as new: the race the writes must survive.
    premier = analyser(COLONNES, rangs(3))
    second = analyser(COLONNES, rangs(autre_valeur))
    assert premier.nouvelles and len(second.nouvelles) == len(premier.nouvelles)
    n = len(premier.nouvelles)

    resultats = en_parallele(lambda: ecrire(premier), lambda: ecrire(second))

    assert [r.ecrit for r in resultats] == [True, True], resultats
    assert Valeur.objects.count() == n
    assert set(Valeur.objects.values_list("valeur", flat=True)) in ({3}, {autre_valeur})
    creations = sorted(len(r.nouvelles) for r in resultats)
    assert creations == [0, n]  # one batch created every value, the other found them
    changes = n if autre_valeur != 3 else 0
    assert sorted(len(r.modifiees) for r in resultats) == [0, changes]
    attendu = ["+", "~"] if changes else ["+"]
    assert all(sorted(t) == attendu for t in historique().values())
    assert len(historique()) == n


def test_two_api_batches_at_once_never_answer_500(territoires, catalogue, django_user_model):
    user = django_user_model.objects.create_user("api")
    ProfilNational.objects.create(user=user, role="administrateur")
    entete = {"Authorization": f"Bearer {APIToken.create_token(user=user, name='t')[1]}"}
    lot = {
        "valeurs": [
            dict(
                zip(
                    (
                        "collectivite",
                        "type_collectivite",
                        "indicateur",
                        "annee",
                        "valeur",
                        "justification",
                    ),
                    [*r[:5], r[-1]],
                    strict=True,
                )
            )
            for r in rangs(3)
        ]
    }

    def poster():
        return Client().post(
            "/api/v1/indicateurs/valeurs", lot, content_type="application/json", headers=entete
        )

    reponses = en_parallele(poster, poster, poster)

    assert [r.status_code for r in reponses] == [200, 200, 200], reponses
    corps = [r.json() for r in reponses]
    n = len(lot["valeurs"])
    assert sorted(c["nouvelles"] for c in corps) == [0, 0, n]
    assert sorted(c["inchangees"] for c in corps) == [0, n, n]
    assert Valeur.objects.count() == n and Valeur.history.count() == n


def test_grid_saves_wait_for_an_import_instead_of_failing(
    territoires, catalogue, django_user_model
):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    user = django_user_model.objects.create_user("contrib")
    Membre.objects.create(user=user, collectivite=paris, role="contributeur")
    annees = {2023, 2024, 2025}
    gros = analyser(COLONNES, rangs(7))  # 2024 and 2025; the grid saves 2023
    assert len(gros.nouvelles) > 200
    fini = threading.Event()
    sauvegardes = []

    def importer():
        try:
            return ecrire(gros)
        finally:
            fini.set()

    def saisir():
        # As long as the import runs: at least the first save overlaps it.
        k = 0
        while not fini.is_set() or k == 0:
            k += 1
            enregistrer_grille(paris, 2023, annees, {"A1E2-01__valeur": str(k)}, user)
            sauvegardes.append(k)
        return k

    resultats = en_parallele(importer, saisir, saisir)

    assert not [r for r in resultats if isinstance(r, Exception)], resultats
    assert resultats[0].ecrit and sauvegardes
    assert Valeur.objects.filter(annee__in=[2024, 2025]).count() == len(gros.nouvelles)
    grille = Valeur.objects.get(collectivite=paris, indicateur__code="A1E2-01", annee=2023)
    assert grille.saisi_par == user and int(grille.valeur) in sauvegardes


def test_two_confirmations_at_once_write_once(territoires, catalogue, django_user_model):
    from indicators import pending
    from indicators.models import ImportEnAttente

    user = django_user_model.objects.create_user("admin")
    ProfilNational.objects.create(user=user, role="administrateur")
    lignes = ["collectivite;type_collectivite;indicateur;annee;valeur;justification"]
    lignes += [";".join(map(str, [*r[:5], r[-1]])) for r in rangs(3)]
    jeton = pending.deposer("\n".join(lignes).encode(), "v.csv", user)
    en_attente = ImportEnAttente.objects.get(jeton=jeton)

    resultats = en_parallele(
        lambda: pending.confirmer(en_attente, user), lambda: pending.confirmer(en_attente, user)
    )

    assert resultats[0] == resultats[1] and resultats[0]["ecrit"], resultats
    assert Valeur.objects.count() == len(lignes) - 1 == Valeur.history.count()
    assert not pending.stockage().exists(en_attente.fichier)
