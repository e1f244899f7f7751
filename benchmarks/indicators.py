"""Indicators: import speed vs plain bulk insert; national aggregate vs raw SQL GROUP BY.

Runs on a throw-away test database of the configured backend (DATABASE_URL). Scale by env:
BENCH_ROWS (default 100000 import rows), BENCH_YEARS (default 2025; `2021-2026` = full
national scale, ≈ 8.7 M synthetic values).
"""

import os


def run():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test.utils import setup_test_environment

    from benchmarks import cases

    setup_test_environment()
    ancien = connection.settings_dict["NAME"]
    connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        with open(os.devnull, "w") as silence:
            call_command("load_referential", stdout=silence)
            call_command("load_territories", stdout=silence)
        cases.preparer()
        print(f"Base : {connection.vendor}")
        cases.import_contre_bulk(int(os.environ.get("BENCH_ROWS", "100000")))
        cases.agregat_contre_sql(os.environ.get("BENCH_YEARS", "2025"))
    finally:
        connection.creation.destroy_test_db(ancien, verbosity=0)
