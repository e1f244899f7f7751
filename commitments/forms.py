"""Forms of the officer's workspace; the rules they apply live in `rules`."""

from django import forms
from django.conf import settings
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from manifeste.concurrency import SaisieConcurrente
from manifeste.maturite import Etat
from manifeste.models import NiveauMaturite

from .models import ActionEvaluation, Evaluation, Preuve
from .reponse import choix_reponse, descripteur_niveau_zero, etat_et_niveau, reponse
from .validation import RegleEnfreinte, erreurs_evaluation, verifier_fichier


class EvaluationForm(SaisieConcurrente, forms.ModelForm):
    """The answer (one choice: a level, « non concerné » or not yet assessed), the reason
    only for « non concerné », what was done, and evidence to add."""

    reponse = forms.ChoiceField(
        label=_("Niveau atteint"),
        choices=choix_reponse,
        widget=forms.RadioSelect,
        error_messages={
            "required": _("Choisissez un niveau de 0 à 4, ou « Non concerné »."),
            "invalid_choice": _(
                "Réponse « %(value)s » inconnue : un niveau de 0 à 4, « Non concerné » ou "
                "« Pas encore évalué »."
            ),
        },
    )
    fichier = forms.FileField(
        label=_("Ajouter un document de preuve"),
        required=False,
        help_text=_("Types acceptés : %(types)s ; %(taille)s Mo au plus.")
        % {
            "types": ", ".join(settings.WAGTAILDOCS_EXTENSIONS),
            "taille": settings.WAGTAILDOCS_MAX_UPLOAD_SIZE // 1024 // 1024,
        },
    )
    fichier_libelle = forms.CharField(
        label=_("Libellé du document"), required=False, max_length=255
    )
    fichier_public = forms.BooleanField(
        label=_("Publier ce document avec l'évaluation"),
        required=False,
        widget=forms.CheckboxInput(attrs={"aria-describedby": "aide-preuves-publiques"}),
    )

    class Meta:
        model = Evaluation
        fields = ["justification", "narratif"]
        labels = {"justification": _("Pourquoi l'engagement ne vous concerne pas")}
        help_texts = {
            "justification": _(
                "Par exemple : compétence exercée par l'intercommunalité. Publiée avec la réponse."
            )
        }
        widgets = {"justification": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        # Stored as a state and a level, edited as one choice (read by SaisieConcurrente).
        stockee = kwargs.get("instance") or Evaluation()
        kwargs["initial"] = {
            "reponse": reponse(stockee.etat, stockee.niveau),
            **kwargs.get("initial", {}),
        }
        super().__init__(*args, **kwargs)
        # Draftail's editable area is a role="textbox" of its own, which the <label for> of the
        # hidden input does not name: point it at the label (rendered with this id).
        widget = self.fields["narratif"].widget
        if hasattr(widget, "options"):
            widget.options = {**widget.options, "ariaLabelledBy": self.id_label_narratif}

    @property
    def id_label_narratif(self):
        return f"{self['narratif'].id_for_label}-label"

    def clean_fichier(self):
        fichier = self.cleaned_data.get("fichier")
        if fichier:
            try:
                verifier_fichier(
                    fichier.name,
                    fichier.size,
                    settings.WAGTAILDOCS_EXTENSIONS,
                    settings.WAGTAILDOCS_MAX_UPLOAD_SIZE,
                    _lire(fichier, settings.WAGTAILDOCS_MAX_UPLOAD_SIZE),
                )
            except RegleEnfreinte as exc:
                raise forms.ValidationError(exc.message) from exc
        return fichier

    def options_reponse(self):
        """Each choice with what it means: the scale's label and this engagement's descriptor
        for a level; level 0 says nothing is under way when the referential has no text."""
        engagement = self.instance.engagement
        textes = {d.niveau: d.texte for d in engagement.descripteurs.all()}
        textes.setdefault(0, descripteur_niveau_zero(engagement))
        libelles = {
            n.niveau: n.libelle
            for n in NiveauMaturite.objects.filter(referentiel=engagement.ambition.referentiel_id)
        }
        options = []
        for choix in self["reponse"]:
            valeur = str(choix.data["value"])
            niveau = int(valeur) if valeur.isdigit() else None
            options.append(
                {
                    "choix": choix,
                    "niveau": niveau,
                    "libelle": libelles.get(niveau, ""),
                    "texte": textes.get(niveau, ""),
                }
            )
        return options

    def clean(self):
        donnees = super().clean()
        if "reponse" in donnees:
            etat, niveau = etat_et_niveau(donnees["reponse"])
            if etat != Etat.NON_CONCERNE and self.add_prefix("justification") in self.data:
                donnees["justification"] = ""  # a reason is given only for « non concerné »
            for constat in erreurs_evaluation(etat, niveau, donnees.get("justification")):
                self.add_error(constat.champ, constat.message)
            self.instance.etat, self.instance.niveau = etat, niveau
        if donnees.get("fichier") and not (donnees.get("fichier_libelle") or "").strip():
            donnees["fichier_libelle"] = donnees["fichier"].name
        return donnees


def _lire(fichier, limite):
    """The upload's bytes (a larger file is refused for its size anyway), the file left ready
    to be stored."""
    fichier.seek(0)
    contenu = fichier.read(limite)
    fichier.seek(0)
    return contenu


class PreuveForm(forms.ModelForm):
    url = forms.URLField(label=_("Lien"), required=False, assume_scheme="https")

    class Meta:
        model = Preuve
        fields = ["libelle", "url", "publique"]
        widgets = {
            "publique": forms.CheckboxInput(attrs={"aria-describedby": "aide-preuves-publiques"})
        }

    def clean(self):
        donnees = super().clean()
        if not donnees.get("url") and not self.instance.document_id:
            self.add_error("url", _("Donnez un lien, ou ajoutez un document ci-dessus."))
        return donnees


class FormSetEnfants(BaseInlineFormSet):
    """Refuses rows whose id is not a child of this assessment (an id edited in the form)."""

    def clean(self):
        super().clean()
        if any(form.instance.pk is None for form in self.initial_forms):
            raise forms.ValidationError(
                _(
                    "Une ligne ne correspond à aucun élément de cette évaluation ; rechargez la page."
                )
            )


ActionFormSet = inlineformset_factory(
    Evaluation,
    ActionEvaluation,
    formset=FormSetEnfants,
    fields=["titre", "echeance", "statut"],
    widgets={"echeance": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")},
    extra=2,
    can_delete=True,
)
PreuveFormSet = inlineformset_factory(Evaluation, Preuve, form=PreuveForm, extra=1, can_delete=True)


class TransitionForm(forms.Form):
    commentaire = forms.CharField(
        label=_("Commentaire (obligatoire pour renvoyer)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Le motif d'un renvoi est montré à la personne qui a soumis l'évaluation."),
    )


class RevueForm(forms.Form):
    commentaire = forms.CharField(label=_("Commentaire de revue"), widget=forms.Textarea)


class ReouvertureForm(forms.Form):
    jusqu_au = forms.DateField(
        label=_("Rouvrir jusqu'au"), widget=forms.DateInput(attrs={"type": "date"})
    )
    motif = forms.CharField(label=_("Motif"), required=False, widget=forms.Textarea)


class InvitationForm(forms.Form):
    collectivite = forms.ModelChoiceField(label=_("Collectivité"), queryset=None)
    email = forms.EmailField(label=_("Adresse électronique"))
    role = forms.ChoiceField(label=_("Rôle"))

    def __init__(self, *args, collectivites, roles, **kwargs):
        super().__init__(*args, **kwargs)
        # Only the collectivities the permission layer lets this user invite into.
        self.fields["collectivite"].queryset = collectivites
        self.fields["role"].choices = roles


class ChoixRoleForm(forms.Form):
    """Accepting an invitation to a lower role than the one held: an explicit choice."""

    abaisser = forms.BooleanField(label=_("Prendre le rôle proposé à la place"), required=False)
