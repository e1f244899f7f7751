"""Every chart block an editor can place renders, in Wagtail's preview and once published, on
the demo made hostile (tests.figures_helpers): each block kind × grouping × form.

One page per (kind, grouping, form) holds one block per kind of indicator of the catalogue
(each nature × portée, plus the one nobody answered), so a page is rendered twice, not once per
indicator.
"""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse
from wagtail.test.utils.form_data import nested_form_data, streamfield

from cms.blocks.figures import GROUPES, NIVEAUX_CARTE, TYPES_GRAPHIQUE
from cms.models import HomePage, RapportPage
from indicators.models import Indicateur, Portee
from manifeste.loaders.referentiel import charger_referentiel
from manifeste.loaders.territoires import charger_territoires
from manifeste.models import Engagement
from tests.conftest import DATA
from tests.figures_helpers import jetons_interdits, semer_hostile


@pytest.fixture(scope="module")
def hostile(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        charger_referentiel()
        charger_territoires(DATA / "territoires-mini.csv")
        yield semer_hostile()
        transaction.set_rollback(True)


def representatifs(carte=False):
    """One shared indicator per (nature, portée) and the unanswered one; a map shows no `terr`
    indicator (it is never summed across levels)."""
    qs = Indicateur.objects.partages().order_by("code")
    if carte:
        qs = qs.exclude(portee=Portee.TERR)
    choisis = {}
    for indicateur in qs:
        choisis.setdefault((indicateur.nature, indicateur.portee), indicateur.code)
    return sorted(set(choisis.values()) | {qs.last().code})


def blocs(kind, groupe, forme, annee):
    if kind == "graphique":
        return [
            (
                "graphique",
                {"indicateur": code, "titre": "", "groupe": groupe, "annees": "", "type": forme},
            )
            for code in representatifs()
        ]
    if kind == "carte":
        sujets = [e.code for e in Engagement.objects.courants()[:1]] + representatifs(True)
        return [
            ("carte", {"indicateur": code, "titre": "", "annee": annee, "niveau": groupe})
            for code in sujets
        ]
    return [
        (
            "chiffre_cle",
            {"indicateur": code, "libelle": "", "valeur": None, "unite": "", "source": ""},
        )
        for code in representatifs(True)
    ] + [
        (
            "chiffre_cle",
            {"indicateur": "", "libelle": "signataires", "valeur": 9, "unite": "", "source": ""},
        )
    ]


# (kind, grouping, form): every grouping and form each block offers.
CAS = (
    [("graphique", g, t) for g, _l in GROUPES for t, _l2 in TYPES_GRAPHIQUE]
    + [("carte", n, "carte") for n, _l in NIVEAUX_CARTE]
    + [("chiffre_cle", "national", "chiffre")]
)


def test_the_cases_cover_every_grouping_and_form_the_blocks_offer():
    groupes = {g for _k, g, _f in CAS}
    formes = {f for _k, _g, f in CAS}
    assert {"national", "type", "taille", "region", "departement"} <= groupes
    assert {"line", "bar", "carte"} <= formes


@pytest.mark.parametrize(("kind", "groupe", "forme"), CAS)
def test_every_chart_block_renders_in_preview_and_published(hostile, db, kind, groupe, forme):
    from django.contrib.auth import get_user_model

    corps = blocs(kind, groupe, forme, hostile.annee)
    page = HomePage.objects.first().add_child(
        instance=RapportPage(
            title=f"Blocs {kind} {groupe} {forme}",
            slug=f"blocs-{kind}-{groupe}-{forme}",
            corps=corps,
        )
    )
    editeur = get_user_model().objects.get(username="admin")
    client = Client(raise_request_exception=True)
    client.force_login(editeur)
    apercu_url = reverse("wagtailadmin_pages:preview_on_edit", args=[page.pk])
    formulaire = nested_form_data(
        {
            "title": page.title,
            "slug": page.slug,
            "chapo": "",
            "corps": streamfield(
                [
                    (nom, {k: "" if v is None else v for k, v in valeur.items()})
                    for nom, valeur in corps
                ]
            ),
        }
    )
    reponse = client.post(apercu_url, formulaire)
    assert reponse.json() == {"is_valid": True, "is_available": True}, reponse.content
    apercu = client.get(apercu_url)
    publiee = Client(raise_request_exception=True).get(page.url)
    for nom, reponse in (("aperçu", apercu), ("page publiée", publiee)):
        assert reponse.status_code == 200, nom
        html = reponse.content.decode()
        assert html.count('class="key-figure"' if kind == "chiffre_cle" else "<figure") >= len(
            corps
        ), nom
        assert not jetons_interdits(html), (nom, jetons_interdits(html))
