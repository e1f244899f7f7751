"""Indicators: import speed vs plain bulk insert; national aggregate vs raw SQL GROUP BY.

Runs on a throw-away test database of the configured backend (DATABASE_URL). Scale by env:
BENCH_ROWS (default 100000 import rows), BENCH_YEARS (default 2025; `2021-2026` = full
national scale, ≈ 8.7 M synthetic values).
"""

import os

from benchmarks.jetable import base_jetable


def run():
    with base_jetable("load_referential", "load_territories"):
        from benchmarks import cases

        cases.preparer()
        cases.import_contre_bulk(int(os.environ.get("BENCH_ROWS", "100000")))
        cases.agregat_contre_sql(os.environ.get("BENCH_YEARS", "2025"))
