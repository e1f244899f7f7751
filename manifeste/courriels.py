"""E-mails are sent by a task, one per message (docs/adr/publication-tasks.md).

A slow or failing mail server then neither holds a request nor stops a command half-way, and a
failed message is tried again later. The task is enqueued with the write that causes the
message (an invitation, a reminder's record): with the database backend its row commits with
that write, or not at all; any other backend is asked once the transaction has committed. So a
rolled-back write sends nothing.
"""

from django.core.mail import send_mail
from django.db import transaction
from django_tasks import task
from django_tasks_db import DatabaseBackend

from . import reprises


@task()
def envoyer(sujet, texte, destinataires, essai=0):
    try:
        send_mail(sujet, texte, None, destinataires)
    except Exception:
        reprises.plus_tard(envoyer, essai, sujet, texte, destinataires)
        raise


def programmer(sujet, texte, destinataires):
    """Send this message once the current transaction commits (see the module's docstring)."""
    arguments = (str(sujet), str(texte), list(destinataires))
    if isinstance(envoyer.get_backend(), DatabaseBackend):
        envoyer.enqueue(*arguments)
    else:
        transaction.on_commit(lambda: envoyer.enqueue(*arguments))
