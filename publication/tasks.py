"""Background work of the read side, on Django's tasks API (docs/adr/publication-tasks.md).

`diffuser` shows a publication: it computes the stored figures the publication touched
(publication.diffusion), switches the public cache's namespace, then has the downloads visitors
took built again. It is enqueued in the publication's transaction
(programmer): with the database backend the task row commits with the data, or not at all,
and waits for a worker if none runs. A failure is retried with a growing delay.
"""

from django.db.models import Q
from django.utils import timezone
from django_tasks import TaskResultStatus, task

from manifeste import reprises
from manifeste.exports import files
from publication import cache as tableaux
from publication import diffusion, editions, report_pdf, stored
from publication.models import AFaire


@task()
def diffuser(essai=0):
    """Show the publications committed so far; returns the new namespace."""
    try:
        return diffuser_maintenant()
    except Exception:
        reprises.plus_tard(diffuser, essai)
        raise


def diffuser_maintenant(progression=None):
    """What `diffuser` does, in this process (a command): the figures the publications
    touched computed again, then shown."""
    if not diffusion.a_la_lecture():
        diffusion.calculer_a_faire(progression)
    precedente, nouvelle = tableaux.nouvelle_publication()
    construire_fichiers.enqueue(precedente, nouvelle)
    return nouvelle


@task()
def construire_fichiers(precedente, version):
    """The downloads visitors took of the former figures, built again for the new ones; the
    reports' PDF of older versions dropped (each is built again when asked)."""
    report_pdf.oublier(precedente, version)
    return files.preconstruire(precedente, version)


@task()
def figer_edition(annee, par):
    """Freeze the edition of `annee` and build its archive (publication.editions); asked for
    from the admin by sorties.demander, under the archive's name."""
    return editions.figer(annee, par).sha256


def _en_file():
    """Whether a `diffuser` task waits already (it will show every publication committed before
    it runs): only the database backend can tell; others always enqueue."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(diffuser.get_backend(), DatabaseBackend):
        return False
    return DBTaskResult.objects.ready().filter(task_path=diffuser.module_path).exists()


def _diffuser_attend_ou_tourne():
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(diffuser.get_backend(), DatabaseBackend):
        return False
    recent = timezone.now() - diffusion.DUREE_MAX
    taches = DBTaskResult.objects.filter(task_path=diffuser.module_path)
    return taches.filter(
        Q(status=TaskResultStatus.READY)
        | Q(status=TaskResultStatus.RUNNING, started_at__gte=recent)
    ).exists()


def etat():
    """{"en_cours": whether publications are on their way to the public pages (marks wait, or
    a `diffuser` task, which takes them first, waits or runs), "mis_a_jour": when the figures
    were last computed}."""
    return {
        "en_cours": AFaire.objects.exists() or _diffuser_attend_ou_tourne(),
        "mis_a_jour": stored.mis_a_jour(),
    }


def programmer():
    """Ask for the publications to be shown, unless a task already waits to."""
    if not _en_file():
        diffuser.enqueue()
