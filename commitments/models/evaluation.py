"""Yearly assessments of the engagements, their actions, evidence, transitions and reopenings."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from wagtail.fields import RichTextField

from acces.permissions import collectivites_pour
from acces.roles import Action
from manifeste.concurrency import CLE_DE_BLOC
from manifeste.maturite import Etat
from manifeste.models import Collectivite, Engagement

from ..workflow import EtatPublication, SuitPublication, champ_etat_publication
from .participation import Campagne

NARRATIF_FEATURES = ["bold", "italic", "ol", "ul", "link", "h3", "h4"]


class EvaluationQuerySet(models.QuerySet):
    def publiees(self):
        return self.filter(etat_publication=EtatPublication.PUBLIE)

    def visibles_par(self, user):
        """Published ones for everyone; drafts only where the permission layer lets `user` see."""
        return self.filter(
            models.Q(etat_publication=EtatPublication.PUBLIE)
            | models.Q(collectivite__in=collectivites_pour(user, Action.VOIR))
        )

    def modifiables_par(self, user):
        return self.filter(collectivite__in=collectivites_pour(user, Action.MODIFIER))


class ContenuEvaluation(models.Model):
    """What an assessment says: published as such, or waiting as a correction."""

    CHAMPS = ("etat", "niveau", "justification", "narratif")

    etat = models.CharField(
        _("état"), max_length=20, choices=Etat.choices, default=Etat.NON_RENSEIGNE
    )
    niveau = models.PositiveSmallIntegerField(_("niveau"), null=True, blank=True)
    justification = models.TextField(
        _("justification"),
        blank=True,
        help_text=_("Obligatoire pour « non concerné »."),
    )
    narratif = RichTextField(_("ce qui a été fait"), blank=True, features=NARRATIF_FEATURES)

    class Meta:
        abstract = True
        constraints = [
            # A level exists only on the scale, and only for an assessed engagement.
            models.CheckConstraint(
                condition=(
                    models.Q(etat=Etat.EVALUE, niveau__isnull=False, niveau__lte=4)
                    | (~models.Q(etat=Etat.EVALUE) & models.Q(niveau__isnull=True))
                ),
                name="%(class)s_niveau_seulement_si_evalue",
            ),
        ]

    def contenu(self):
        return {champ: getattr(self, champ) for champ in self.CHAMPS}

    def meme_contenu(self, autre):
        """Whether both say the same; the editor's block keys are not content."""

        def comparable(contenu):
            return {**contenu, "narratif": CLE_DE_BLOC.sub("", contenu["narratif"] or "")}

        return comparable(self.contenu()) == comparable(autre.contenu())


class Evaluation(SuitPublication, ContenuEvaluation):
    """Where one collectivity stands on one engagement for one campaign.

    The engagement belongs to a referential version, so past years keep the version they used.
    """

    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="evaluations",
        verbose_name=_("collectivité"),
    )
    engagement = models.ForeignKey(
        Engagement,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("engagement"),
    )
    campagne = models.ForeignKey(
        Campagne,
        on_delete=models.PROTECT,
        related_name="evaluations",
        verbose_name=_("campagne"),
    )
    etat_publication = champ_etat_publication()
    reporte = models.BooleanField(
        _("reporté de l'an dernier"),
        default=False,
        help_text=_("Repris de la campagne précédente et pas encore modifié."),
    )
    revu_par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revu par"),
    )
    revu_le = models.DateTimeField(_("revu le"), null=True, blank=True)
    revu_commentaire = models.TextField(_("commentaire de revue"), blank=True)
    cree_le = models.DateTimeField(_("créé le"), auto_now_add=True)
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])
    objects = EvaluationQuerySet.as_manager()

    class Meta:
        verbose_name = _("évaluation")
        verbose_name_plural = _("évaluations")
        ordering = ["campagne", "collectivite", "engagement__ambition__ordre", "engagement__ordre"]
        constraints = [
            models.UniqueConstraint(
                fields=["collectivite", "engagement", "campagne"],
                name="une_evaluation_par_engagement_et_campagne",
            ),
            *ContenuEvaluation.Meta.constraints,
        ]

    def __str__(self):
        return f"{self.collectivite} — {self.engagement.code} — {self.campagne.annee}"

    @property
    def est_revue(self):
        return self.revu_le is not None

    @property
    def correction_en_attente(self):
        """The pending correction of this published assessment, if any (one query at most)."""
        try:
            return self.correction
        except CorrectionEvaluation.DoesNotExist:
            return None

    @property
    def etat_en_cours(self):
        """The workflow state the collectivity works in: its pending correction's, if any."""
        correction = self.correction_en_attente if self.pk else None
        return correction.etat_publication if correction else self.etat_publication


class CorrectionEvaluation(ContenuEvaluation):
    """A correction of a published assessment, waiting for a validator. The public keeps reading
    the published content until « Publié » copies the correction over it (as a Wagtail page
    keeps its live version while a draft revision waits). Its state is never « Publié »."""

    evaluation = models.OneToOneField(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="correction",
        verbose_name=_("évaluation"),
    )
    etat_publication = champ_etat_publication()
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    modifie_le = models.DateTimeField(_("modifié le"), auto_now=True)

    history = HistoricalRecords(excluded_fields=["modifie_le"])

    class Meta(ContenuEvaluation.Meta):
        verbose_name = _("correction d'évaluation")
        verbose_name_plural = _("corrections d'évaluation")

    def __str__(self):
        return _("Correction de %(evaluation)s") % {"evaluation": self.evaluation}


class StatutAction(models.TextChoices):
    A_FAIRE = "a_faire", _("À faire")
    EN_COURS = "en_cours", _("En cours")
    FAITE = "faite", _("Faite")


class ActionEvaluation(models.Model):
    """An action done or planned for the engagement."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="actions", verbose_name=_("évaluation")
    )
    titre = models.CharField(_("titre"), max_length=255)
    echeance = models.DateField(_("échéance"), null=True, blank=True)
    statut = models.CharField(
        _("statut"), max_length=10, choices=StatutAction.choices, default=StatutAction.A_FAIRE
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("action")
        verbose_name_plural = _("actions")
        ordering = ["echeance", "pk"]

    def __str__(self):
        return self.titre


class PreuveQuerySet(models.QuerySet):
    def lisibles_par(self, user):
        """Evidence of the collectivities whose drafts `user` may see; elsewhere, only what the
        collectivity chose to publish with a published assessment."""
        return self.filter(
            models.Q(evaluation__collectivite__in=collectivites_pour(user, Action.VOIR))
            | models.Q(
                publique=True,
                avec_correction=False,
                evaluation__etat_publication=EtatPublication.PUBLIE,
            )
        )


class Preuve(models.Model):
    """Evidence: a document of Wagtail's library, or a link."""

    evaluation = models.ForeignKey(
        Evaluation, on_delete=models.CASCADE, related_name="preuves", verbose_name=_("évaluation")
    )
    libelle = models.CharField(_("libellé"), max_length=255)
    document = models.ForeignKey(
        "wagtaildocs.Document",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("document"),
    )
    url = models.URLField(_("lien"), blank=True)
    publique = models.BooleanField(
        _("publique une fois l'évaluation publiée"),
        default=False,
        help_text=_(
            "Sinon, seuls les membres de la collectivité et l'équipe nationale la consultent."
        ),
    )

    avec_correction = models.BooleanField(
        _("ajoutée avec une correction en attente"),
        default=False,
        help_text=_("Publique seulement quand la correction est publiée."),
    )

    history = HistoricalRecords()
    objects = PreuveQuerySet.as_manager()

    class Meta:
        verbose_name = _("preuve")
        verbose_name_plural = _("preuves")
        ordering = ["pk"]

    def __str__(self):
        return self.libelle

    @property
    def adresse(self):
        return self.document.url if self.document else self.url


class TransitionEvaluation(models.Model):
    """Who moved an assessment from one publication state to another, when, and why."""

    evaluation = models.ForeignKey(
        Evaluation,
        on_delete=models.CASCADE,
        related_name="transitions",
        verbose_name=_("évaluation"),
    )
    de = models.CharField(_("de"), max_length=20, choices=EtatPublication.choices)
    vers = models.CharField(_("vers"), max_length=20, choices=EtatPublication.choices)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    le = models.DateTimeField(_("le"), default=timezone.now)
    commentaire = models.TextField(_("commentaire"), blank=True)
    sur_correction = models.BooleanField(
        _("sur une correction"),
        default=False,
        help_text=_(
            "Le changement porte sur la correction en attente, pas sur la version publiée."
        ),
    )

    class Meta:
        verbose_name = _("changement d'état")
        verbose_name_plural = _("changements d'état")
        ordering = ["le", "pk"]

    def __str__(self):
        texte = f"{self.get_de_display()} → {self.get_vers_display()}"
        return _("Correction : %(texte)s") % {"texte": texte} if self.sur_correction else texte


class ReouvertureQuerySet(models.QuerySet):
    def en_cours(self, jour):
        return self.filter(jusqu_au__gte=jour)


class Reouverture(models.Model):
    """A national admin reopens a closed campaign for one collectivity, until a date."""

    campagne = models.ForeignKey(
        Campagne, on_delete=models.CASCADE, related_name="reouvertures", verbose_name=_("campagne")
    )
    collectivite = models.ForeignKey(
        Collectivite,
        on_delete=models.CASCADE,
        related_name="reouvertures",
        verbose_name=_("collectivité"),
    )
    jusqu_au = models.DateField(_("rouverte jusqu'au"))
    motif = models.TextField(_("motif"), blank=True)
    par = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("par"),
    )
    le = models.DateTimeField(_("le"), default=timezone.now)

    objects = ReouvertureQuerySet.as_manager()

    class Meta:
        verbose_name = _("réouverture de campagne")
        verbose_name_plural = _("réouvertures de campagne")
        ordering = ["-le"]
        constraints = [
            models.UniqueConstraint(
                fields=["campagne", "collectivite"], name="une_reouverture_par_collectivite"
            )
        ]

    def __str__(self):
        return f"{self.campagne} — {self.collectivite}"
