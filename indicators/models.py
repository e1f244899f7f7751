"""The shared indicator catalogue and the yearly values collectivities report against it."""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from acces.permissions import collectivites_pour
from acces.roles import Action
from commitments.workflow import EtatPublication, SuitPublication
from manifeste.models import Collectivite, Engagement
from manifeste.translation import Localized


class Nature(models.TextChoices):
    BOOL = "bool", _("oui / non")
    COUNT = "count", _("nombre")
    QUANTITY = "quantity", _("quantité")
    RATIO = "ratio", _("ratio (numérateur / dénominateur)")
    MEAN = "mean", _("moyenne (valeur et poids)")
    SCORE = "score", _("score")


class Sens(models.TextChoices):
    UP = "up", _("plus haut = mieux")
    DOWN = "down", _("plus bas = mieux")
    CONTEXT = "context", _("contexte")


class Agregation(models.TextChoices):
    SUM = "sum", _("somme")
    RATIO_OF_SUMS = "ratio_of_sums", _("ratio des sommes")
    WEIGHTED_MEAN = "weighted_mean", _("moyenne pondérée")
    SHARE_YES = "share_yes", _("part de « oui »")


class Portee(models.TextChoices):
    ORG = "org", _("administration de la collectivité")
    TERR = "terr", _("territoire")


class BasePlausible(models.TextChoices):
    ABSOLUE = "", _("valeur affichée")
    HABITANT = "habitant", _("par habitant de la collectivité")


class Plausibilite(models.TextChoices):
    PLAUSIBLE = "", _("dans la plage plausible")
    A_VERIFIER = "a_verifier", _("à vérifier")
    VERIFIEE = "verifiee", _("vérifiée par un valideur")


# The numbers a value is made of (one, a ratio's two parts or a mean and its weight), then
# with its yes/no answer, then all it holds, published or pending (the correction_* fields
# mirror CONTENU). Declared once here; writes, imports, exports and the API derive from them.
NOMBRES = ("valeur", "numerateur", "denominateur", "poids")
CHAMPS_VALEUR = (*NOMBRES, "booleen")
CONTENU = (*CHAMPS_VALEUR, "commentaire", "justification", "plausibilite")

CHAMPS_CORRECTION = (*(f"correction_{c}" for c in CONTENU), "correction_etat", "correction_par")


class IndicateurQuerySet(models.QuerySet):
    def partages(self):
        """The shared catalogue: local indicators are never compared nor aggregated."""
        return self.filter(collectivite__isnull=True)


class Indicateur(models.Model):
    nom = Localized()

    code = models.CharField(
        _("code"), max_length=20, unique=True, help_text=_("Identifiant stable, jamais réutilisé.")
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        related_name="indicateurs",
        verbose_name=_("engagement"),
    )
    nom_fr = models.CharField(_("nom (français)"), max_length=255)
    nom_en = models.CharField(_("nom (anglais)"), max_length=255, blank=True)
    unite = models.CharField(_("unité"), max_length=60)
    nature = models.CharField(_("nature"), max_length=10, choices=Nature.choices)
    sens = models.CharField(_("sens"), max_length=10, choices=Sens.choices)
    agregation = models.CharField(_("agrégation"), max_length=15, choices=Agregation.choices)
    portee = models.CharField(_("portée"), max_length=5, choices=Portee.choices)
    echelle = models.PositiveIntegerField(
        _("échelle"),
        default=1,
        help_text=_("100 pour un pourcentage, 10 000 pour « pour 10 000 »."),
    )
    numerateur = models.CharField(_("numérateur"), max_length=255, blank=True)
    denominateur = models.CharField(_("dénominateur ou poids"), max_length=255, blank=True)
    partie_du_tout = models.BooleanField(
        _("partie du tout"),
        default=False,
        help_text=_("Le numérateur est une partie du dénominateur : il ne peut pas le dépasser."),
    )
    minimum = models.DecimalField(
        _("valeur minimale"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_(
            "Borne stricte : plus petite valeur possible (1 pour un PUE, 1 pour un score 1-10)."
        ),
    )
    maximum = models.DecimalField(
        _("valeur maximale"),
        max_digits=12,
        decimal_places=4,
        null=True,
        blank=True,
        help_text=_("Borne stricte : plus grande valeur possible (10 pour un score 1-10)."),
    )
    champs_entiers = models.JSONField(
        _("champs entiers"),
        default=list,
        blank=True,
        help_text=_(
            'Champs qui comptent des unités et se saisissent en nombres entiers : ["valeur"], '
            '["numerateur", "denominateur"]…'
        ),
    )
    plausible_min = models.DecimalField(
        _("minimum plausible"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    plausible_max = models.DecimalField(
        _("maximum plausible"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    plausible_par = models.CharField(
        _("plage plausible exprimée"),
        max_length=10,
        choices=BasePlausible.choices,
        blank=True,
        help_text=_(
            "Par habitant : les bornes sont multipliées par la population de la collectivité. "
            "Hors de la plage, une valeur n'est pas refusée : elle doit être justifiée et "
            "vérifiée par un valideur avant d'être publiée."
        ),
    )
    plausible_source = models.TextField(_("source de la plage plausible"), blank=True)
    base = models.TextField(_("base légale ou source"), blank=True)
    cibles = models.JSONField(
        _("cibles légales"),
        default=dict,
        blank=True,
        help_text=_('Par année, en unité d\'affichage : {"2024": 20, "2027": 25}.'),
    )
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="indicateurs_locaux",
        verbose_name=_("collectivité (indicateur local)"),
        help_text=_("Vide pour le catalogue partagé ; un indicateur local n'est jamais agrégé."),
    )

    objects = IndicateurQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("indicateur")
        verbose_name_plural = _("indicateurs")
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} – {self.nom}"

    def cible(self, annee):
        """The legal target in force for `annee`: the latest one set for that year or before."""
        anterieures = [(int(a), v) for a, v in (self.cibles or {}).items() if int(a) <= annee]
        return max(anterieures)[1] if anterieures else None


class ValeurQuerySet(models.QuerySet):
    def reelles(self):
        return self.filter(synthetique=False)

    def publiees(self):
        """The one start of every public read: published, and, when outside its plausible
        range, checked by a validator."""
        return (
            self.reelles()
            .filter(etat=EtatPublication.PUBLIE)
            .exclude(plausibilite=Plausibilite.A_VERIFIER)
        )

    def conformes(self):
        """Without the stored values an aggregate must never sum: a number that cannot be
        stored today (Infinity, NaN on PostgreSQL, 15 digits and more: `nombres.LIMITE`) or
        outside the catalogue's hard bounds (an 11 on a 1-10 score). These are the checks of
        `nombres.arrondir` and `validation.verifier_bornes` that SQL can make without loading
        the rows (loading them raises on SQLite); `anomalies.charger` gives the full reasons."""
        from .numbers import LIMITE  # nombres reads no model; kept local to say where it is

        casse = Q(pk__in=[])
        for champ in NOMBRES:
            casse |= Q(**{f"{champ}__gte": LIMITE}) | Q(**{f"{champ}__lte": -LIMITE})
        casse |= ~Q(indicateur__nature="ratio") & (
            Q(valeur__lt=F("indicateur__minimum")) | Q(valeur__gt=F("indicateur__maximum"))
        )
        return self.exclude(casse)

    def visibles_par(self, user):
        """Published values, plus every state for the collectivities `user` may see."""
        return self.reelles().filter(
            models.Q(etat=EtatPublication.PUBLIE)
            | models.Q(collectivite__in=collectivites_pour(user, Action.VOIR))
        )

    def suivies_par(self, user):
        """Every state of the values of the collectivities `user` may see (their admin
        screens): a contributor, their collectivities only; the national body, all."""
        return self.reelles().filter(collectivite__in=collectivites_pour(user, Action.VOIR))

    def modifiables_par(self, user):
        return self.reelles().filter(collectivite__in=collectivites_pour(user, Action.MODIFIER))


class Valeur(SuitPublication):
    """One collectivity's value for one indicator and one year; which fields hold it depends on the
    indicator's nature (see `validation.champs_attendus`): a rate is never stored, only its two parts."""

    champ_publication = "etat"

    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="valeurs",
        verbose_name=_("collectivité"),
    )
    indicateur = models.ForeignKey(
        Indicateur, on_delete=models.PROTECT, related_name="valeurs", verbose_name=_("indicateur")
    )
    annee = models.PositiveSmallIntegerField(_("année"))
    valeur = models.DecimalField(
        _("valeur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    numerateur = models.DecimalField(
        _("numérateur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    denominateur = models.DecimalField(
        _("dénominateur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    poids = models.DecimalField(_("poids"), max_digits=20, decimal_places=6, null=True, blank=True)
    booleen = models.BooleanField(_("oui / non"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=255, blank=True)
    commentaire = models.TextField(_("commentaire"), blank=True)
    # db_default: bulk writers that name their columns (load tests) need not know these.
    justification = models.TextField(
        _("justification"),
        blank=True,
        db_default="",
        help_text=_("Pourquoi une valeur hors de la plage plausible est juste."),
    )
    plausibilite = models.CharField(
        _("plausibilité"),
        max_length=10,
        choices=Plausibilite.choices,
        db_default=Plausibilite.PLAUSIBLE,
        blank=True,
    )
    etat = models.CharField(
        _("état"), max_length=10, choices=EtatPublication.choices, default=EtatPublication.BROUILLON
    )
    saisi_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("saisi par"),
    )
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)
    # Read by the grid's form and compared on save: a stale form never overwrites a newer value.
    version = models.PositiveIntegerField(_("version"), default=1, db_default=1)
    # A correction of a published value waits here, in its own workflow state, while the fields
    # above stay what the public sees (docs/adr/values-pending-revisions.md).
    correction_valeur = models.DecimalField(
        _("correction : valeur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    correction_numerateur = models.DecimalField(
        _("correction : numérateur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    correction_denominateur = models.DecimalField(
        _("correction : dénominateur"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    correction_poids = models.DecimalField(
        _("correction : poids"), max_digits=20, decimal_places=6, null=True, blank=True
    )
    correction_booleen = models.BooleanField(_("correction : oui / non"), null=True, blank=True)
    correction_commentaire = models.TextField(
        _("correction : commentaire"), blank=True, db_default=""
    )
    correction_justification = models.TextField(
        _("correction : justification"), blank=True, db_default=""
    )
    correction_plausibilite = models.CharField(
        _("correction : plausibilité"),
        max_length=10,
        choices=Plausibilite.choices,
        blank=True,
        db_default=Plausibilite.PLAUSIBLE,
    )
    # NULL, not "": no correction pending (the state read is then Coalesce(correction_etat, etat)).
    correction_etat = models.CharField(  # noqa: DJ001
        _("état de la correction"),
        max_length=10,
        choices=EtatPublication.choices,
        null=True,
        blank=True,
        help_text=_("Vide : aucune correction en attente."),
    )
    correction_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("correction saisie par"),
    )
    # Who submitted what waits (the value or its correction): the campaign's four-eyes rule
    # (commitments.workflow) forbids them to validate or publish it.
    soumis_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("soumis par"),
    )
    synthetique = models.BooleanField(
        _("synthétique"),
        default=False,
        help_text=_("Donnée générée pour les essais de charge, jamais mêlée aux données réelles."),
    )

    objects = ValeurQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("valeur d'indicateur")
        verbose_name_plural = _("valeurs d'indicateurs")
        constraints = [
            # Synthetic load-test values live beside real ones, never in their place.
            models.UniqueConstraint(
                fields=["collectivite", "indicateur", "annee", "synthetique"],
                name="une_valeur_par_annee",
            )
        ]
        indexes = [models.Index(fields=["indicateur", "annee", "synthetique", "etat"])]

    def __str__(self):
        return f"{self.indicateur.code} {self.annee} — {self.collectivite}"

    # Set by a write that only changes the pending correction: the public sees nothing move.
    correction_seule = False

    @property
    def touche_le_public(self):
        return not self.correction_seule and super().touche_le_public

    def publication_enregistree(self):
        super().publication_enregistree()
        self.correction_seule = False

    def save(self, *args, **kwargs):
        # Callers hold the row (select_for_update / SQLite's write lock): no lost increment.
        if not self._state.adding:
            self.version += 1
            if kwargs.get("update_fields") is not None:
                kwargs["update_fields"] = {*kwargs["update_fields"], "version"}
        super().save(*args, **kwargs)

    @property
    def en_correction(self):
        return self.correction_etat is not None

    def contenu(self, publie=False):
        """{field: value} of what is being worked on (the pending correction, if any), or of
        what the public sees (`publie`)."""
        prefixe = "correction_" if self.en_correction and not publie else ""
        return {c: getattr(self, prefixe + c) for c in CONTENU}

    @property
    def etat_travail(self):
        return self.correction_etat or self.etat


class ImportEnAttente(models.Model):
    """A file checked by a dry run, kept in private storage until its owner confirms it: the
    confirmation claims this row in the write's own transaction, so it is consumed once."""

    jeton = models.CharField(_("jeton"), max_length=32, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("par")
    )
    nom = models.CharField(_("nom du fichier"), max_length=255)
    fichier = models.CharField(_("fichier stocké"), max_length=255)
    cree_le = models.DateTimeField(_("déposé le"), auto_now_add=True, db_index=True)
    confirme_le = models.DateTimeField(_("confirmé le"), null=True, blank=True)
    resultat = models.JSONField(_("résultat"), default=dict, blank=True)

    class Meta:
        verbose_name = _("import en attente")
        verbose_name_plural = _("imports en attente")

    def __str__(self):
        return self.nom
