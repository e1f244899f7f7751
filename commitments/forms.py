"""Forms of the officer's workspace; the rules they apply live in `rules`."""

from django import forms
from django.conf import settings
from django.forms.models import BaseInlineFormSet, inlineformset_factory
from django.utils.translation import gettext_lazy as _

from manifeste.concurrency import SaisieConcurrente
from manifeste.maturite import NIVEAUX

from .models import ActionEvaluation, Evaluation, Preuve
from .validation import RegleEnfreinte, erreurs_evaluation, verifier_fichier


class EvaluationForm(SaisieConcurrente, forms.ModelForm):
    niveau = forms.TypedChoiceField(
        label=_("Niveau"),
        choices=[("", _("Aucun"))] + [(n, str(n)) for n in NIVEAUX],
        coerce=int,
        empty_value=None,
        required=False,
        widget=forms.RadioSelect,
        error_messages={"invalid_choice": _("Niveau « %(value)s » inconnu : 0 à 4.")},
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
        fields = ["etat", "niveau", "justification", "narratif"]
        widgets = {"etat": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
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
                )
            except RegleEnfreinte as exc:
                raise forms.ValidationError(exc.message) from exc
        return fichier

    def clean(self):
        donnees = super().clean()
        if "etat" in donnees and "niveau" not in self.errors:
            for constat in erreurs_evaluation(
                donnees["etat"], donnees.get("niveau"), donnees.get("justification")
            ):
                self.add_error(constat.champ, constat.message)
        if donnees.get("fichier") and not (donnees.get("fichier_libelle") or "").strip():
            donnees["fichier_libelle"] = donnees["fichier"].name
        return donnees


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
    commentaire = forms.CharField(label=_("Commentaire"), required=False, widget=forms.Textarea)


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
