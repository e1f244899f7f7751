"""The test database as the migrations left it (Wagtail's page tree, the home page, the
campaigns…), saved once and put back after a test that flushed it: a transactional test
(flushed at its end) or a module that loaded the national demo. Without it, the tests that
follow in the same process would find no site (every page a 404)."""

from django.apps import apps
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection

_instantane = []


def prendre():
    if not _instantane:
        _instantane.append(connection.creation.serialize_db_to_string())
    return _instantane[0]


def restaurer():
    """Empty the database (no post_migrate rows: the snapshot holds them) and put the
    snapshot back; the id sequences (PostgreSQL) follow the restored rows."""
    call_command("flush", interactive=False, verbosity=0, inhibit_post_migrate=True)
    connection.creation.deserialize_db_from_string(prendre())
    with connection.cursor() as cursor:
        for requete in connection.ops.sequence_reset_sql(no_style(), apps.get_models()):
            cursor.execute(requete)
