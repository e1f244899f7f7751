"""The admin home's panels: what accueil.py computed, rendered with Wagtail's dashboard look."""

from wagtail.admin.ui.components import Component

from acces.permissions import a_action_nationale
from acces.roles import Action

from . import accueil, services


class Panneau(Component):
    """A dashboard panel: one template and the data it shows."""

    class Media:
        css = {"all": ["css/accueil.css"]}

    def __init__(self, name, template_name, order, **donnees):
        self.name = name
        self.template_name = template_name
        self.order = order
        self.donnees = donnees

    def get_context_data(self, parent_context=None):
        return self.donnees


def panneaux(user, jour=None):
    """The panels `user` has a use for, first the ones that ask them to act."""
    campagne = services.campagne_courante(jour)
    if campagne is None:
        return []
    resultat = []
    suivis = accueil.suivis(user, campagne, jour)
    a_valider = [s for s in suivis if s.peut_valider]
    if a_valider:
        resultat.append(
            Panneau(
                "a_valider",
                "commitments/accueil/a_valider.html",
                50,
                suivis=a_valider,
                campagne=campagne,
            )
        )
    if suivis:
        resultat.append(
            Panneau(
                "mes_collectivites",
                "commitments/accueil/collectivites.html",
                60,
                suivis=suivis,
                campagne=campagne,
                plusieurs=len(suivis) > 1,
            )
        )
    if a_action_nationale(user, Action.VOIR):
        resultat.append(
            Panneau(
                "campagne_nationale",
                "commitments/accueil/national.html",
                70,
                synthese=accueil.synthese_nationale(campagne),
                calendrier=accueil.calendrier(
                    campagne.date_ouverture,
                    campagne.date_cloture,
                    jour or services.aujourd_hui(),
                ),
                campagne=campagne,
                administrateur=a_action_nationale(user, Action.ADMINISTRER),
            )
        )
    return resultat
