"""The permission matrix: each role × own/other collectivity × each view and action.

Paris is "own" for lecteur, contributeur and validateur; "autre" is a validator of Lyon only.
Seeing something one may not see is a 404 (never data); seeing but not acting is a 403.
"""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from commitments.models import ActionEvaluation, Evaluation, Invitation
from commitments.workflow import EtatPublication
from tests.commitments_helpers import donnees, url_evaluation

ROLES = ["lecteur", "contributeur", "validateur", "analyste", "admin", "autre"]


def attendu(role, permis, visibles=frozenset(ROLES) - {"autre"}):
    if role in permis:
        return "ok"
    return "interdit" if role in visibles else "introuvable"


def obtenu(reponse):
    """Wagtail's admin turns a PermissionDenied into a redirect to its home with a message."""
    if reponse.status_code == 403 or (
        reponse.status_code == 302 and reponse["Location"] == reverse("wagtailadmin_home")
    ):
        return "interdit"
    return {200: "ok", 302: "ok", 404: "introuvable"}.get(reponse.status_code, reponse.status_code)


def verifier(reponse, issue):
    assert obtenu(reponse) == issue
    if issue != "ok":
        assert b"Secret" not in reponse.content and b"Texte" not in reponse.content


@pytest.mark.parametrize("role", ROLES)
def test_voir_une_evaluation(client, monde, evaluation_paris, role):
    client.force_login(monde.users[role])
    reponse = client.get(url_evaluation(monde, monde.paris))
    verifier(reponse, attendu(role, {"lecteur", "contributeur", "validateur", "analyste", "admin"}))


@pytest.mark.parametrize("role", ROLES)
def test_modifier_une_evaluation(client, monde, evaluation_paris, role):
    client.force_login(monde.users[role])
    reponse = client.post(url_evaluation(monde, monde.paris), donnees(niveau=4))
    issue = attendu(role, {"contributeur", "validateur", "admin"})
    verifier(reponse, issue)
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.niveau == 4) is (issue == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_soumettre(client, monde, evaluation_paris, role):
    client.force_login(monde.users[role])
    reponse = client.post(
        reverse("commitments_transition", args=[evaluation_paris.pk]), {"vers": "soumis"}
    )
    issue = attendu(role, {"contributeur", "validateur", "admin"})
    verifier(reponse, issue)
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.etat_publication == "soumis") is (issue == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_valider_par_la_vue(client, monde, evaluation_paris, role):
    Evaluation.objects.filter(pk=evaluation_paris.pk).update(etat_publication="soumis")
    client.force_login(monde.users[role])
    client.post(reverse("commitments_transition", args=[evaluation_paris.pk]), {"vers": "valide"})
    evaluation_paris.refresh_from_db()
    assert (evaluation_paris.etat_publication == "valide") is (role in {"validateur", "admin"})


@pytest.mark.parametrize("role", ROLES)
def test_revoir(client, monde, evaluation_paris, role):
    client.force_login(monde.users[role])
    reponse = client.post(
        reverse("commitments_revue", args=[evaluation_paris.pk]), {"commentaire": "vu"}
    )
    verifier(reponse, attendu(role, {"admin"}))
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.est_revue is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_rouvrir(client, monde, role):
    client.force_login(monde.users[role])
    jusqu_au = (timezone.localdate() + timedelta(days=3)).isoformat()
    reponse = client.post(
        reverse("commitments_rouvrir", args=[monde.paris.pk, monde.campagne.annee]),
        {"jusqu_au": jusqu_au},
    )
    verifier(reponse, attendu(role, {"admin"}))
    assert monde.paris.reouvertures.exists() is (role == "admin")


@pytest.mark.parametrize("role", ROLES)
def test_reporter(client, monde, role):
    Evaluation.objects.create(
        collectivite=monde.paris,
        engagement=monde.engagement,
        campagne=monde.precedente,
        etat="evalue",
        niveau=1,
    )
    client.force_login(monde.users[role])
    reponse = client.post(
        reverse("commitments_reporter", args=[monde.paris.pk, monde.campagne.annee])
    )
    issue = attendu(role, {"contributeur", "validateur", "admin"})
    verifier(reponse, issue)
    copie = Evaluation.objects.filter(collectivite=monde.paris, campagne=monde.campagne)
    assert copie.exists() is (issue == "ok")


@pytest.mark.parametrize("role", ROLES)
def test_liste_nationale_et_export(client, monde, role):
    client.force_login(monde.users[role])
    permis = role in {"analyste", "admin"}
    for url in (
        reverse("commitments_signataires"),
        reverse("commitments_export", args=["csv"]),
        reverse("commitments_export", args=["xlsx"]),
    ):
        assert obtenu(client.get(url)) == ("ok" if permis else "interdit")


@pytest.mark.parametrize("role", ROLES)
def test_inviter(client, monde, role):
    client.force_login(monde.users[role])
    reponse = client.post(
        reverse("commitments_inviter"),
        {"collectivite": monde.paris.pk, "email": "x@example.org", "role": "lecteur"},
    )
    permis = role in {"validateur", "admin"}
    # The Lyon validator reaches the form but Paris is not among the choices.
    assert obtenu(reponse) == (
        "interdit" if role in {"lecteur", "contributeur", "analyste"} else "ok"
    )
    assert Invitation.objects.filter(collectivite=monde.paris).exists() is permis


@pytest.mark.parametrize("role", ROLES)
def test_mes_collectivites_ne_montre_que_les_siennes(client, monde, evaluation_lyon, role):
    client.force_login(monde.users[role])
    reponse = client.get(reverse("commitments_mes_collectivites"))
    assert reponse.status_code == 200
    contenu = reponse.content.decode()
    assert ("Paris" in contenu) is (role in {"lecteur", "contributeur", "validateur"})
    assert ("Lyon" in contenu) is (role == "autre")


def test_ouvrir_la_collectivite_d_un_autre_par_l_url(client, monde, evaluation_lyon):
    client.force_login(monde.users["validateur"])
    url = reverse("commitments_mes_collectivites") + f"?collectivite={monde.lyon.pk}"
    assert client.get(url).status_code == 404
    client.force_login(monde.users["analyste"])
    assert client.get(url).status_code == 200


def test_poster_l_id_d_une_action_d_un_autre_est_refuse(
    client, monde, evaluation_paris, evaluation_lyon
):
    action_lyon = ActionEvaluation.objects.create(evaluation=evaluation_lyon, titre="Lyon")
    client.force_login(monde.users["contributeur"])
    data = donnees(
        niveau=1,
        **{
            "actions-TOTAL_FORMS": "1",
            "actions-INITIAL_FORMS": "1",
            "actions-0-id": str(action_lyon.pk),
            "actions-0-titre": "Détourné",
            "actions-0-statut": "faite",
        },
    )
    reponse = client.post(url_evaluation(monde, monde.paris), data)
    assert reponse.status_code == 200  # the form again, with an error
    action_lyon.refresh_from_db()
    assert (action_lyon.titre, action_lyon.evaluation_id) == ("Lyon", evaluation_lyon.pk)
    evaluation_paris.refresh_from_db()
    assert evaluation_paris.niveau == 2  # nothing saved half-way


def test_transition_sur_l_evaluation_d_un_autre(client, monde, evaluation_lyon):
    client.force_login(monde.users["validateur"])
    reponse = client.post(
        reverse("commitments_transition", args=[evaluation_lyon.pk]), {"vers": "soumis"}
    )
    assert reponse.status_code == 404
    evaluation_lyon.refresh_from_db()
    assert evaluation_lyon.etat_publication == EtatPublication.BROUILLON


def test_anonyme_renvoye_vers_la_connexion(client, monde, evaluation_paris):
    reponse = client.get(url_evaluation(monde, monde.paris))
    assert reponse.status_code == 302
    assert "login" in reponse["Location"]


class TestQuerysets:
    @pytest.fixture
    def evaluations(self, monde, evaluation_paris, evaluation_lyon):
        publiee = Evaluation.objects.create(
            collectivite=monde.lyon,
            engagement=monde.engagement,
            campagne=monde.precedente,
            etat="evalue",
            niveau=1,
            etat_publication=EtatPublication.PUBLIE,
        )
        return evaluation_paris, evaluation_lyon, publiee

    def test_publiees(self, evaluations):
        assert list(Evaluation.objects.publiees()) == [evaluations[2]]

    @pytest.mark.parametrize(
        ("role", "visibles"),
        [
            ("lecteur", {0, 2}),
            ("contributeur", {0, 2}),
            ("autre", {1, 2}),
            ("analyste", {0, 1, 2}),
            ("admin", {0, 1, 2}),
        ],
    )
    def test_visibles_par(self, monde, evaluations, role, visibles):
        qs = Evaluation.objects.visibles_par(monde.users[role])
        assert set(qs) == {evaluations[i] for i in visibles}

    def test_visibles_par_un_anonyme(self, evaluations):
        from django.contrib.auth.models import AnonymousUser

        assert list(Evaluation.objects.visibles_par(AnonymousUser())) == [evaluations[2]]

    @pytest.mark.parametrize(
        ("role", "modifiables"),
        [("lecteur", set()), ("contributeur", {0}), ("analyste", set()), ("admin", {0, 1})],
    )
    def test_modifiables_par(self, monde, evaluations, role, modifiables):
        qs = Evaluation.objects.modifiables_par(monde.users[role]).filter(campagne=monde.campagne)
        assert set(qs) == {evaluations[i] for i in modifiables}


@pytest.mark.parametrize("role", ROLES)
def test_gestion_des_campagnes_et_membres_reservee_a_l_admin_national(client, monde, role):
    client.force_login(monde.users[role])
    reponse = client.get(reverse("wagtailsnippets_commitments_campagne:list"))
    assert obtenu(reponse) == ("ok" if role == "admin" else "interdit")
    reponse = client.get(reverse("wagtailsnippets_commitments_membre:list"))
    assert obtenu(reponse) == ("ok" if role == "admin" else "interdit")
