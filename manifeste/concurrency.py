"""Optimistic concurrency for edit forms: a save never overwrites what someone else stored
since the form was read.

The form carries, in one hidden field, the values it was read with. On save, a field is either
untouched here (what is stored now is kept, even if someone changed it meanwhile), typed over
a value nobody changed since (written), or typed over a value changed since: a conflict.
Then nothing is saved and the field shows the stored value beside the typed one; sending the
form again keeps the typed value, since it now carries the new reading. A field absent from
the POST is never written. The indicator grid does the same line by line (indicators.grid).
"""

import json
import re
from decimal import Decimal

from django import forms
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

CHAMP = "valeurs_lues"
# The rich-text editor's block keys change with each editor session; they are not content.
CLE_DE_BLOC = re.compile(r'\s+data-block-key="[^"]*"')


def forme(champ, valeur):
    """`valeur` of the form field `champ` as a comparable JSON string or list."""
    valeur = champ.prepare_value(valeur)
    if isinstance(valeur, list | tuple):
        return sorted(str(v) for v in valeur)
    if isinstance(valeur, Decimal):
        return format(valeur.normalize(), "f")
    if valeur is None:
        return ""
    return CLE_DE_BLOC.sub("", str(valeur))


class SaisieConcurrente:
    """A ModelForm mixin (put it first among the bases) for optimistic concurrency."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields[CHAMP] = forms.CharField(widget=forms.HiddenInput, required=False)
        self.initial[CHAMP] = json.dumps(self.lecture())

    def suivis(self):
        """The model fields this form edits."""
        return [
            nom
            for nom, champ in self.fields.items()
            if nom in self.initial
            and nom != CHAMP
            and not champ.disabled
            and not isinstance(champ, forms.FileField)
        ]

    def lecture(self):
        """What is stored now (the instance the form was built on), field by field."""
        return {
            nom: forme(self.fields[nom], self.get_initial_for_field(self.fields[nom], nom))
            for nom in self.suivis()
        }

    def clean(self):
        donnees = super().clean()
        if self.instance.pk is None:
            return donnees
        for nom in self.suivis():
            widget = self.fields[nom].widget
            if widget.value_omitted_from_data(self.data, self.files, self.add_prefix(nom)):
                self.garder_stockee(donnees, nom)
        try:
            lues = json.loads(self.data.get(self.add_prefix(CHAMP)) or "null")
        except ValueError:
            lues = None
        if not isinstance(lues, dict):
            return donnees  # a client that does not say what it read: no merge to make
        stockees = self.lecture()
        conflits = False
        for nom, stockee in stockees.items():
            lue = lues.get(nom, stockee)
            if nom not in donnees or lue == stockee:
                continue  # invalid, omitted, or nobody changed it since the form was read
            tapee = forme(self.fields[nom], donnees[nom])
            if tapee == lue:
                self.garder_stockee(donnees, nom)  # untouched here: the newer value stays
            elif tapee != stockee:
                conflits = True
                self.add_error(nom, self.message_conflit(nom))
        if conflits:
            # Sent again, the form says it read today's values: the typed ones win.
            self.data = self.data.copy()
            self.data[self.add_prefix(CHAMP)] = json.dumps(stockees)
        return donnees

    def garder_stockee(self, donnees, nom):
        """Keep the stored value of `nom`, in cleaned form, so that the form's own checks
        (which follow) judge what will really be saved."""
        champ = self.fields[nom]
        try:
            donnees[nom] = champ.clean(champ.prepare_value(self.get_initial_for_field(champ, nom)))
        except forms.ValidationError:
            donnees.pop(nom, None)  # construct_instance then leaves the stored value

    def message_conflit(self, nom):
        champ, valeur = self.fields[nom], self.get_initial_for_field(self.fields[nom], nom)
        if isinstance(champ, forms.ModelMultipleChoiceField):
            texte = ", ".join(str(objet) for objet in champ.queryset.filter(pk__in=valeur or []))
        elif isinstance(champ, forms.ModelChoiceField):
            texte = str(champ.queryset.filter(pk=valeur).first() or "") if valeur else ""
        elif isinstance(valeur, str | int) and valeur in dict(getattr(champ, "choices", ())):
            texte = dict(champ.choices)[valeur]
        else:
            texte = Truncator(strip_tags(str(valeur if valeur is not None else ""))).chars(120)
        return _(
            "Modifié entre-temps par quelqu'un d'autre : la valeur enregistrée est « %(valeur)s ». "
            "Envoyez à nouveau pour garder votre saisie, ou reprenez la valeur enregistrée."
        ) % {"valeur": texte or _("vide")}
