"""Published assessments in the public API: drafts never exposed, filters, plain-text narrative."""

from commitments.models import Evaluation
from commitments.queries import texte_narratif
from manifeste.maturite import Etat
from manifeste.models import Engagement

API = "/api/v1/evaluations"


def test_only_published_assessments_with_sanitised_narrative(
    client, monde, evaluation_paris, evaluation_lyon
):
    evaluation_paris.etat_publication = "publie"
    evaluation_paris.narratif = "<p>Fait <b>bien</b>.</p><script>alert(1)</script><p>Suite</p>"
    evaluation_paris.save()
    data = client.get(API).json()
    assert data["count"] == 1  # Lyon's draft is never exposed
    [item] = data["items"]
    assert item["collectivite"]["code_insee"] == "75056"
    assert item["niveau"] == 2 and item["engagement"] == monde.engagement.code
    assert "<" not in item["narratif"] and item["narratif"].startswith("Fait bien.")
    assert "Secret de Lyon" not in str(data)


def test_filters_collectivite_engagement_year(client, monde, evaluation_paris, evaluation_lyon):
    autre = Engagement.objects.exclude(pk=monde.engagement.pk).first()
    Evaluation.objects.create(
        collectivite=monde.lyon,
        engagement=autre,
        campagne=monde.campagne,
        etat=Etat.NON_CONCERNE,
        justification="Pas de compétence",
        etat_publication="publie",
    )
    Evaluation.objects.filter(pk__in=[evaluation_paris.pk, evaluation_lyon.pk]).update(
        etat_publication="publie"
    )
    assert client.get(API).json()["count"] == 3
    lyon = client.get(API, {"collectivite": "69123", "type": "commune"}).json()
    assert lyon["count"] == 2
    par_engagement = client.get(API, {"engagement": autre.code.lower()}).json()
    assert [i["etat"] for i in par_engagement["items"]] == ["non_concerne"]
    assert client.get(API, {"annee": monde.campagne.annee}).json()["count"] == 3
    assert client.get(API, {"annee": monde.campagne.annee - 1}).json()["count"] == 0
    page = client.get(API, {"limit": 2, "offset": 2}).json()
    assert page["count"] == 3 and len(page["items"]) == 1
    assert client.get(API, {"collectivite": "000000000"}).status_code == 404


def test_texte_narratif_keeps_paragraphs_drops_markup():
    assert texte_narratif("<p>Un &amp; deux</p><ul><li>a</li><li>b</li></ul>") == (
        "Un & deux\n\na\n\nb"
    )
    assert texte_narratif("") == ""
