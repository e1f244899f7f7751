"""The admin list of indicator values (« à vérifier » found by validators and the national
reviewer, each user seeing only what the permission layer gives) and the catalogue's form
refusing incoherent bounds."""

import pytest
from django.contrib.auth.models import Permission

from commitments.models import Membre, ProfilNational
from indicators.models import Indicateur, Valeur
from indicators.validation import incoherences_catalogue
from manifeste.models import Collectivite
from tests.valeurs_cassees import casser

pytestmark = pytest.mark.django_db
LISTE = "/admin/valeurs_indicateurs/"


def _admin_user(django_user_model, nom):
    user = django_user_model.objects.create_user(nom, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    return user


@pytest.fixture
def valeurs(territoires, catalogue):
    paris = Collectivite.objects.get(code_insee="75056", type="commune")
    lyon = Collectivite.objects.get(code_insee="69123", type="commune")
    compte = Indicateur.objects.get(code="A2E1-04")
    Valeur.objects.create(
        collectivite=paris,
        indicateur=compte,
        annee=2025,
        valeur=10,
        justification="Nouveau centre de données",
        plausibilite="a_verifier",
        etat="soumis",
    )
    Valeur.objects.create(
        collectivite=lyon, indicateur=compte, annee=2025, valeur=20, commentaire="Lyon seule"
    )
    casse = Valeur.objects.create(collectivite=lyon, indicateur=compte, annee=2024, valeur=1)
    casser(casse, "valeur", float("inf"))
    return paris, lyon


def _lignes(reponse):
    """The table's rows (the filters' options name every collectivity followed)."""
    assert reponse.status_code == 200
    page = reponse.content.decode()
    if "listing" not in page:
        return ""
    debut = page.index('class="listing')
    return page[debut : page.index("</table>", debut)]


@pytest.mark.parametrize("role", ["contributeur", "validateur"])
def test_un_membre_ne_voit_que_ses_collectivites(client, valeurs, django_user_model, role):
    paris, _lyon = valeurs
    user = _admin_user(django_user_model, role)
    Membre.objects.create(user=user, collectivite=paris, role=role)
    client.force_login(user)
    page = _lignes(client.get(LISTE))
    assert "Nouveau centre de données" in page and "à vérifier" in page
    assert "Lyon" not in page
    assert f"/admin/indicateurs/{paris.pk}/2025/" in page  # corrected in the grid
    # nothing is edited here
    valeur = Valeur.objects.get(collectivite=paris)
    assert client.get(f"{LISTE}edit/{valeur.pk}/").status_code in (302, 403)
    assert client.get(f"{LISTE}new/").status_code in (302, 403)


def test_l_administrateur_national_filtre_a_verifier_sans_500(client, valeurs, django_user_model):
    user = _admin_user(django_user_model, "national")
    ProfilNational.objects.create(user=user, role="administrateur")
    client.force_login(user)
    tout = _lignes(client.get(LISTE))
    assert "Paris" in tout and "Lyon seule" not in tout  # the comment is searchable, not listed
    assert "illisible" in tout  # a stored Infinity is listed with its reason
    a_verifier = _lignes(client.get(LISTE, {"plausibilite": "a_verifier"}))
    assert "Nouveau centre de données" in a_verifier and "Lyon" not in a_verifier
    cherche = _lignes(client.get(LISTE, {"q": "Lyon seule"}))
    assert "Lyon" in cherche and "Paris" not in cherche
    assert "Paris" not in _lignes(client.get(LISTE, {"annee": 2024}))


def test_sans_collectivite_pas_d_acces(client, valeurs, django_user_model):
    client.force_login(_admin_user(django_user_model, "personne"))
    assert client.get(LISTE).status_code in (302, 403)


def test_incoherences_du_catalogue():
    assert incoherences_catalogue({"minimum": 10, "maximum": 1}) == [
        ("maximum", "inférieur à la valeur minimale")
    ]
    ((champ, _raison),) = incoherences_catalogue(
        {"minimum": 1, "maximum": 10, "plausible_min": 0, "plausible_par": ""}
    )
    assert champ == "plausible_min"
    # per inhabitant, a range is not in the displayed unit: not compared to the bounds
    assert not incoherences_catalogue(
        {"minimum": 0, "maximum": 10, "plausible_max": 50, "plausible_par": "habitant"}
    )
    assert incoherences_catalogue({"champs_entiers": ["booleen"]})[0][0] == "champs_entiers"


def test_formulaire_du_catalogue_refuse_des_bornes_incoherentes(client, catalogue, admin_user):
    client.force_login(admin_user)
    indicateur = Indicateur.objects.get(code="A1E1-05")
    url = f"/admin/snippets/indicators/indicateur/edit/{indicateur.pk}/"
    page = client.get(url).content.decode().lower()
    assert (
        "plage plausible" in page and "maximum plausible" in page and "source de la plage" in page
    )
    from wagtail.test.utils.form_data import nested_form_data

    donnees = client.get(url).context["form"].initial
    assert donnees
    reponse = client.post(
        url,
        nested_form_data(
            {
                **{k: v for k, v in donnees.items() if v is not None and k != "code"},
                "engagement": indicateur.engagement_id,
                "cibles": "{}",
                "champs_entiers": "[]",
                "minimum": "10",
                "maximum": "1",
            }
        ),
    )
    assert reponse.status_code == 200
    assert "inférieur à la valeur minimale" in reponse.content.decode()
    indicateur.refresh_from_db()
    assert indicateur.maximum != 1
