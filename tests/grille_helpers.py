"""The entry grid's POST as a browser sends it: every line with its version and the values the
form was read with, then what the user typed over it."""

from indicators import grid


def formulaire(lignes, saisies=None):
    donnees = {}
    for ligne in lignes:
        code = ligne.indicateur.code
        donnees[f"{code}__version"] = ligne.version
        for champ, texte in ligne.lu.items():
            donnees[f"{code}__{champ}__lu"] = texte
        affiches = [*ligne.champs, "commentaire"]
        if ligne.demande_justification:
            affiches.append("justification")
        for champ in affiches:
            donnees[f"{code}__{champ}"] = ligne.saisie[champ]
        if ligne.conflit is not None:
            donnees[f"{code}__conflit"] = "1"
    donnees.update(saisies or {})
    return donnees


def poster(client, url, saisies=None):
    """Open the grid at `url`, type `saisies` ({"A1E2-01__valeur": "3"}), save."""
    return client.post(url, formulaire(client.get(url).context["lignes"], saisies))


def enregistrer(collectivite, annee, annees, saisies, user, actions=frozenset()):
    """The same without HTTP: read the grid, then save it."""
    donnees = formulaire(grid.lignes(collectivite, annee), saisies)
    return grid.enregistrer(collectivite, annee, annees, donnees, user, actions)
