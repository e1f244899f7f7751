from pathlib import Path

FICHIER_CARTE = Path(__file__).parent / "data" / "departements.json"
