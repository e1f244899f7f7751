"""A throw-away test database of the configured backend (DATABASE_URL), for in-process benches."""

import contextlib
import os


@contextlib.contextmanager
def base_jetable(*commandes):
    """Django set up on a fresh test database loaded by the management `commandes` (quietly),
    destroyed afterwards."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    setup_test_environment()
    ancien = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with open(os.devnull, "w") as silence, contextlib.redirect_stderr(silence):
            for commande in commandes:
                call_command(commande, stdout=silence)
        print(f"Base : {connection.vendor}")
        yield
    finally:
        connection.creation.destroy_test_db(ancien, verbosity=0)
