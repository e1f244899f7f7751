"""The walk of every public page type and of the downloads they link to, in both languages:
what a public figure must never read (tests.figures_helpers.jetons_interdits) is looked for
in each response. Shared by the small demo's and the national picture's tests."""

import re
import time
from urllib.parse import urlencode, urlsplit

from django.test import Client

from benchmarks.pages import PUBLIC_PAGES
from cms.models import CollectivitesPage, EngagementPage, RapportPage, TableauDeBordPage
from indicators.models import Indicateur
from manifeste.models import Collectivite
from tests.figures_helpers import jetons_interdits
from tests.security_helpers import corps, genre_de, texte_de

SANS_DONNEES = "villeurbanne-69266"  # PUBLIC_PAGES' profile « without published data »
# Downloads a page links to: open data files, chart CSVs, reports. PDFs (seconds each) are
# read once per language above.
TELECHARGEMENTS = re.compile(r'href="(/(?:en/)?(?:donnees|rapport)/[^"#]*(?<!\.pdf))"')


def _filtres_tableau(hostile):
    """Each dashboard filter alone, all together (one member left), and each year."""
    tous = hostile.filtres_un_membre
    combinaisons = [{cle: valeur} for cle, valeur in tous.items()]
    combinaisons += [tous, {**tous, "annee": hostile.annee}, {"type": "autre"}]
    combinaisons += [{"annee": a} for a in range(hostile.annee - 3, hostile.annee + 2)]
    return combinaisons


def _profils(monde):
    """Every type's best- and least-documented signatory, and the hostile ones."""
    collectivites = {monde.hostile.unique, monde.hostile.sans_territoire}
    signataires = Collectivite.objects.filter(signature__isnull=False).order_by("pk")
    for type_ in signataires.values_list("type", flat=True).distinct():
        du_type = list(signataires.filter(type=type_)[:200])
        collectivites |= {du_type[0], du_type[-1]}
    return collectivites


def urls_publiques(monde):
    """The public URLs to walk, before the downloads their pages link to."""
    hostile = monde.hostile
    urls = {page.path for page in PUBLIC_PAGES} | {"/donnees/"}
    tableau = TableauDeBordPage.objects.live().first().url
    urls |= {f"{tableau}?{urlencode(f)}" for f in _filtres_tableau(hostile)}
    urls |= {f"{page.url}?annee={hostile.annee}" for page in RapportPage.objects.live()}
    urls |= {page.url for page in EngagementPage.objects.live()}
    collectivites = CollectivitesPage.objects.live().first()
    profils = _profils(monde)
    urls |= {collectivites.url_profil(c) for c in profils}
    for c in (hostile.unique, hostile.sans_territoire):
        urls |= {f"/rapport/{c.slug}/{hostile.annee}/", f"/rapport/{c.slug}/{hostile.annee - 1}/"}
    comparer = collectivites.url + collectivites.reverse_subpage("comparer")
    slugs = "&".join(f"c={c.slug}" for c in sorted(profils, key=lambda c: c.pk)[:6])
    urls |= {f"{comparer}?{slugs}", f"{collectivites.url}?q=syndicat"}
    return urls


def urls_api(monde):
    """The API's public GETs, on the hostile collectivities and indicators."""
    hostile = monde.hostile
    codes = {hostile.inconnu.code, *Indicateur.objects.partages().values_list("code", flat=True)}
    urls = {"/api/v1/collectivites", "/api/v1/evaluations", "/api/v1/indicateurs"}
    for c in (hostile.unique, hostile.sans_territoire):
        for chemin in ("evaluations", "indicateurs/valeurs"):
            urls |= {f"/api/v1/{chemin}?collectivite={c.siren or c.code_insee or c.slug}"}
    urls |= {f"/api/v1/indicateurs/{code}/agregats?annee={hostile.annee}" for code in codes}
    return urls


def _en_anglais(url):
    return url if url.startswith(("/en/", "/api/")) else "/en" + url


def _sorte(lien):
    """A dashboard links one distribution CSV per engagement, under the same filters: one of
    them per filter set is read (they share their code), which keeps the walk short."""
    return re.sub(r"engagement=[^&]*", "", lien)


def parcourir(urls, autres=(), anglais=True):
    """GET every URL (in both languages) and `autres`, then each download the HTML pages link
    to: the (url, token in context) found, the server errors, and the URLs read."""
    client = Client(raise_request_exception=False)
    a_lire = sorted(urls | {_en_anglais(u) for u in urls if anglais} | set(autres))
    vus, sortes, trouves, erreurs = set(), set(), [], []
    while a_lire:
        url = a_lire.pop()
        if url in vus:
            continue
        vus.add(url)
        response = client.get(url)
        if response.status_code >= 500:
            erreurs.append(f"{response.status_code} {url}")
            continue
        genre = genre_de(response)
        texte = texte_de(corps(response), genre)
        trouves += [(url, jeton) for jeton in jetons_interdits(texte)]
        if "html" in response.get("Content-Type", ""):
            for lien in sorted(
                {lien.replace("&amp;", "&") for lien in TELECHARGEMENTS.findall(texte)}
            ):
                if _sorte(lien) not in sortes and lien not in vus:
                    sortes.add(_sorte(lien))
                    a_lire.append(lien)
    return trouves, erreurs, vus


def verifier_parcours(monde, anglais=True):
    """Walk everything public for `monde` (with `hostile`, from durcir()) and fail on any
    server error or forbidden token; the walk must reach every kind of response. `anglais`:
    the English pages too (their figures come from the same code as the French ones)."""
    debut = time.monotonic()
    pdf = f"/rapport/{monde.hostile.unique.slug}/{monde.hostile.annee}.pdf"
    pdfs = {pdf, "/en" + pdf} if anglais else {pdf}
    trouves, erreurs, vus = parcourir(
        urls_publiques(monde), {*urls_api(monde), *pdfs}, anglais=anglais
    )
    assert not erreurs, "\n".join(erreurs)
    assert not trouves, "\n".join(f"{url}: « {contexte} »" for url, contexte in trouves)
    chemins = {urlsplit(u).path for u in vus}
    attendus = ("/donnees/graphiques/", ".xlsx", ".csv", ".zip", ".pdf", "/api/v1/")
    for attendu in attendus + (("/en/",) if anglais else ()):
        assert any(attendu in c for c in chemins), attendu
    print(f"{len(vus)} réponses lues en {time.monotonic() - debut:.1f} s")
