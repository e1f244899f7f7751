"""The figures measured by `make bench` (cms/data/mesures.json), as the statement pages show them.

Read at each request: the file is small and a new bench run must show without a restart.
"""

import json
from datetime import date
from pathlib import Path

MESURES = Path(__file__).resolve().parent / "data" / "mesures.json"


def charger_mesures(path=None):
    """The last measures, or None when no bench has run yet."""
    path = path or MESURES
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    pages = data["pages"]
    return {
        "date": date.fromisoformat(data["date"]),
        "chromium": data.get("chromium", ""),
        "pages": [page | {"kb": round(page["bytes"] / 1024, 1)} for page in pages],
        "ecoindex_moyen": round(sum(p["ecoindex"] for p in pages) / len(pages), 1),
        "violations_bloquantes": sum(p["axe_serious_or_critical"] for p in pages),
        "dans_le_budget": all(
            p["bytes"] / 1024 <= p["max_kb"] and p["requests"] <= p["max_requests"] for p in pages
        ),
    }
