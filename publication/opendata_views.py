"""/donnees/: the dataset list with schemas, downloads (CSV, XLSX) and the yearly zip."""

from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, JsonResponse, StreamingHttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from commitments.models import Campagne
from manifeste.exports import TYPES, datasets, files
from manifeste.exports.formats import csv_morceaux
from manifeste.params import ParametreInvalide, lire_annee
from manifeste.sorties import servir
from publication import editions
from publication.models import Edition

SEPARATEURS = {",": ",", ";": ";", "virgule": ",", "point-virgule": ";"}
CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def lire_parametres(get, dataset):
    sep = get.get("sep", ",")
    if sep not in SEPARATEURS:
        raise ParametreInvalide("sep", _("séparateur attendu : « , » ou « ; »"))
    bom = get.get("bom", "0")
    if bom not in ("0", "1"):
        raise ParametreInvalide("bom", _("0 ou 1 attendu"))
    annee = lire_annee(get.get("annee"), requise=dataset.annuel)
    if annee is not None and not dataset.annuel:
        annee = None  # the file does not depend on it: one file, whatever the query
    return annee, SEPARATEURS[sep], bom == "1"


def trouver(slug):
    dataset = datasets().get(slug)
    if dataset is None:
        raise Http404(_("Jeu de données inconnu."))
    return dataset


def nom_fichier(dataset, annee, extension):
    suffixe = f"-{annee}" if annee else ""
    return f"{dataset.slug}{suffixe}.{extension}"


@require_safe
def index(request):
    annees = list(Campagne.objects.order_by("-annee").values_list("annee", flat=True))
    contexte = {"datasets": datasets().values(), "types": TYPES, "annees": annees}
    return render(request, "donnees/index.html", contexte | {"editions": editions.avec_archive()})


@require_safe
def archive_edition(request, annee):
    """A frozen edition's zip: the same bytes for ever, which its published SHA-256 checks."""
    edition = get_object_or_404(Edition.objects.exclude(sha256=""), annee=int(annee))
    reponse = FileResponse(
        default_storage.open(edition.archive, "rb"),
        as_attachment=True,
        filename=edition.archive.rsplit("/", 1)[-1],
        content_type="application/zip",
    )
    patch_cache_control(reponse, public=True, max_age=365 * 24 * 3600, immutable=True)
    return reponse


@require_safe
@cache_control(public=True, max_age=3600)
def schema(request, slug):
    dataset = trouver(slug)
    return JsonResponse(
        {
            "name": dataset.slug,
            "title": str(dataset.titre),
            "description": str(dataset.description),
            "annual": dataset.annuel,
            "schema": dataset.table_schema(),
        },
        json_dumps_params={"ensure_ascii": False, "indent": 2},
    )


def fichier(request, slug, annee, extension, filename, content_type):
    """A heavy file of the current version; only the file itself may be kept by a shared cache
    (the page that waits for it must not)."""
    version = files.version()
    reponse = servir(
        request,
        files.construire_fichier,
        files.nom(slug, annee, extension, version),
        {"slug": slug, "annee": annee, "extension": extension, "version_": version},
        filename,
        content_type,
    )
    if reponse.status_code == 200:
        patch_cache_control(reponse, public=True, max_age=3600)
    return reponse


@require_safe
def telecharger(request, slug, extension):
    dataset = trouver(slug)
    annee, separateur, bom = lire_parametres(request.GET, dataset)
    nom = nom_fichier(dataset, annee, extension)
    if extension == "xlsx":
        return fichier(request, dataset.slug, annee, "xlsx", nom, CONTENT_TYPES["xlsx"])
    response = StreamingHttpResponse(
        csv_morceaux(dataset, annee, separateur, bom), content_type=CONTENT_TYPES["csv"]
    )
    response["Content-Disposition"] = f'attachment; filename="{nom}"'
    patch_cache_control(response, public=True, max_age=3600)
    return response


@require_safe
def archive(request, annee):
    annee = lire_annee(annee, requise=True)
    nom = f"territoires-numeriques-responsables-{annee}.zip"
    return fichier(request, "archive", annee, "zip", nom, "application/zip")
