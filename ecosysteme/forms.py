"""Public forms of the directory: the search filters and the suggestion of an actor."""

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from ecosysteme.models.acteurs import Acteur, ActeurZone, TypeActeur
from ecosysteme.siret import normaliser_siret, valider_siret
from ecosysteme.territoire import resoudre_territoire
from manifeste.models import Engagement, TypeCollectivite


def choix_engagements():
    return [("", _("Tous les engagements"))] + [
        (e.code, f"{e.code} – {e.titre}") for e in Engagement.objects.courants()
    ]


class FiltreAnnuaireForm(forms.Form):
    q = forms.CharField(label=_("Nom"), required=False, max_length=100)
    type = forms.ChoiceField(
        label=_("Type d'acteur"),
        required=False,
        choices=[("", _("Tous les types")), *TypeActeur.choices],
    )
    engagement = forms.ChoiceField(label=_("Engagement"), required=False)
    territoire = forms.CharField(
        label=_("Territoire"),
        required=False,
        max_length=120,
        help_text=_("Nom ou code (INSEE, SIREN) d'une commune, d'un EPCI, département, région."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["engagement"].choices = choix_engagements()


class Etendue(models.TextChoices):
    """The suggestion form's area served, read from the commune's hierarchy."""

    COMMUNE = "commune", _("La commune")
    EPCI = "epci", _("Son intercommunalité (EPCI)")
    DEPARTEMENT = "departement", _("Son département")
    REGION = "region", _("Sa région")


def zone_selon_etendue(commune, etendue):
    return commune if etendue == Etendue.COMMUNE else getattr(commune, etendue)


class SuggestionActeurForm(forms.ModelForm):
    siret = forms.CharField(label=_("SIRET"), required=False, max_length=20)
    site_web = forms.URLField(label=_("Site web"), required=False, assume_scheme="https")
    commune_saisie = forms.CharField(
        label=_("Commune"),
        max_length=120,
        help_text=_("Nom ou code INSEE de la commune où l'acteur est installé."),
    )
    etendue = forms.ChoiceField(
        label=_("Territoire desservi"),
        choices=Etendue.choices,
        initial=Etendue.COMMUNE,
        widget=forms.RadioSelect,
    )
    engagements = forms.ModelMultipleChoiceField(
        label=_("Engagements du manifeste que l'acteur aide à tenir"),
        queryset=Engagement.objects.courants(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    # Honeypot: hidden from people (CSS and aria-hidden), filled by naive bots.
    website = forms.CharField(label=_("Laissez ce champ vide"), required=False)

    class Meta:
        model = Acteur
        fields = [
            "nom",
            "type",
            "description",
            "siret",
            "adresse",
            "courriel",
            "telephone",
            "site_web",
            "labels",
            "courriel_proposant",
        ]

    field_order = [
        "nom",
        "type",
        "description",
        "siret",
        "adresse",
        "commune_saisie",
        "etendue",
        "engagements",
        "courriel",
        "telephone",
        "site_web",
        "labels",
        "courriel_proposant",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["courriel_proposant"].required = True
        self.fields["courriel_proposant"].label = _("Votre courriel (non publié)")
        self.fields["website"].widget.attrs.update(tabindex="-1", autocomplete="off")

    def est_un_robot(self):
        return bool(self.cleaned_data.get("website"))

    def clean_siret(self):
        siret = normaliser_siret(self.cleaned_data["siret"])
        valider_siret(siret)
        return siret

    def clean_commune_saisie(self):
        texte = self.cleaned_data["commune_saisie"]
        communes = resoudre_territoire(texte, types=[TypeCollectivite.COMMUNE])
        if not communes:
            raise forms.ValidationError(_("Aucune commune ne correspond à « %s ».") % texte)
        if len(communes) > 1:
            raise forms.ValidationError(
                _("Plusieurs communes correspondent : %s. Indiquez le code INSEE.")
                % ", ".join(str(c) for c in communes)
            )
        return communes[0]

    def clean(self):
        cleaned = super().clean()
        commune = cleaned.get("commune_saisie")
        etendue = cleaned.get("etendue")
        if commune and etendue:
            zone = zone_selon_etendue(commune, etendue)
            if zone is None:
                self.add_error("etendue", _("Cette commune n'a pas de collectivité de ce niveau."))
            cleaned["zone"] = zone
        return cleaned

    def save(self, commit=True):
        acteur = super().save(commit=False)
        acteur.commune = self.cleaned_data["commune_saisie"]
        acteur.publie = False  # a suggestion waits for a validator, whatever was posted
        acteur.engagements = self.cleaned_data["engagements"]
        acteur.zones_desservies = [ActeurZone(collectivite=self.cleaned_data["zone"])]
        acteur.save()
        return acteur
