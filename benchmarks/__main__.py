"""`python -m benchmarks [name …]`: run every bench of BENCHES, or only the named ones."""

import importlib
import sys

from benchmarks import server

# One line per bench: the module's `run()` prints its own table.
BENCHES = {
    "pages": "benchmarks.pages",
    "load": "benchmarks.load",
    "indicators": "benchmarks.indicators",
    "chiffres": "benchmarks.chiffres",
    "ecritures": "benchmarks.concurrency",
    "national": "benchmarks.national",
}


def main(argv):
    unknown = [name for name in argv if name not in BENCHES]
    if unknown:
        sys.exit(f"Bench inconnu : {', '.join(unknown)} (connus : {', '.join(BENCHES)})")
    try:
        for name in argv or BENCHES:
            print(f"\n=== {name} ===", flush=True)
            importlib.import_module(BENCHES[name]).run()
    finally:
        server.stop()


if __name__ == "__main__":
    main(sys.argv[1:])
