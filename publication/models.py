"""Published figures, computed once per publication and read by every public page.

A `Chiffre` is one subject (an indicator code, an engagement code, or DECLARANTES) of one year
for one group of collectivities: the group is named by its codes, '' meaning « all » and AUCUN
« none » (a body outside any région). The sums are kept beside the aggregate, so a figure can be
checked and quoted with its parts; quartiles are those of the members' own figures.

An `Edition` is a year's figures frozen when its campaign closed (publication.editions): later
corrections change the live figures, never an edition's.

An `AFaire` row says that a publication touched a subject, a year and a collectivity: the
diffusion task takes it, rewrites the groups it belongs to, then deletes it with the figures
it asked for (publication.diffusion).
"""

from django.db import models
from django.utils.translation import gettext as _

TOUS = "*"  # AFaire: every subject
AUCUN = "-"  # Chiffre: the group of collectivities without that territory
DECLARANTES = "*declarantes"  # Chiffre: collectivities that published anything that year
SIGNATAIRES = "*signataires"  # Chiffre of an edition: the signatories when it was frozen


class Chiffre(models.Model):
    # 0: the live figures, which every publication updates; a year: that year's frozen edition.
    edition = models.PositiveSmallIntegerField(db_default=0)
    sujet = models.CharField(max_length=20)
    annee = models.PositiveSmallIntegerField()
    type = models.CharField(max_length=12, blank=True)
    taille = models.CharField(max_length=12, blank=True)
    region = models.CharField(max_length=3, blank=True)
    departement = models.CharField(max_length=3, blank=True)
    epci = models.CharField(max_length=9, blank=True)
    # Coverage: n members behind the figure out of the group's n_groupe, and their populations.
    n = models.PositiveIntegerField(default=0)
    n_groupe = models.PositiveIntegerField(default=0)
    # Members with a figure of their own (behind the quartiles; an engagement: « évalué »).
    n_chiffres = models.PositiveIntegerField(default=0)
    population = models.FloatField(default=0)
    population_groupe = models.FloatField(default=0)
    # The parts every rule is computed from (indicators.aggregation.COLONNES_SOMMES).
    s_valeur = models.FloatField(default=0)
    s_num = models.FloatField(default=0)
    s_den = models.FloatField(default=0)
    s_vp = models.FloatField(default=0)
    s_poids = models.FloatField(default=0)
    n_oui = models.PositiveIntegerField(default=0)
    # The aggregate (an engagement: the mean level of the « évalué » ones), None if undefined.
    valeur = models.FloatField(null=True)
    q1 = models.FloatField(null=True)
    mediane = models.FloatField(null=True)
    q3 = models.FloatField(null=True)
    niveaux = models.JSONField(null=True)  # an engagement: {level label: count}
    calcule_le = models.DateTimeField(db_index=True)  # the pages' « à jour à »

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=[
                    "sujet",
                    "annee",
                    "type",
                    "taille",
                    "region",
                    "departement",
                    "epci",
                    "edition",
                ],
                name="chiffre_unique",
            )
        ]
        indexes = [models.Index(fields=["annee", "type", "taille", "region", "departement"])]

    def __str__(self):
        return (
            f"{self.sujet} {self.annee} {self.type}/{self.taille}/{self.region}/{self.departement}"
        )


class AFaire(models.Model):
    """A publication touched `sujet` (TOUS: all) of `annee` (0: all) for `collectivite_id`
    (0: every collectivity): its groups wait to be computed again. `pris_le`: when a
    computation took it (publication.diffusion); it is deleted once that year is written."""

    sujet = models.CharField(max_length=20)
    annee = models.PositiveSmallIntegerField()
    collectivite_id = models.PositiveIntegerField()
    le = models.DateTimeField()
    pris_le = models.DateTimeField(null=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["sujet", "annee", "collectivite_id"], name="a_faire_unique"
            )
        ]

    def __str__(self):
        return f"{self.sujet} {self.annee} {self.collectivite_id}"


class Edition(models.Model):
    """« Édition 2025 »: the figures of a year as they were when frozen, with what they were
    computed from (the referential's versions, the catalogue) and who had published."""

    annee = models.PositiveSmallIntegerField(unique=True)
    figee_le = models.DateTimeField()
    figee_par = models.CharField(max_length=150, blank=True)  # a username: kept if deleted
    referentiels = models.JSONField(default=list)  # versions of the year's assessments
    catalogue = models.JSONField(default=list)  # the shared indicators' definitions
    contributeurs = models.JSONField(default=list)  # [{code_insee, type, nom}] who published
    # The open-data zip built when it was frozen (publication.editions), never again.
    archive = models.CharField(max_length=200, blank=True)
    sha256 = models.CharField(max_length=64, blank=True)

    class Meta:
        ordering = ["-annee"]

    def __str__(self):
        return self.libelle

    @property
    def libelle(self):
        return _("Édition %(annee)s") % {"annee": self.annee}
