"""The filters' select, written in Python, is Django's select minus the whitespace."""

import re

from django import forms

from publication.filters import Liste


def _lu(html):
    """The select's attributes in any order, and its options without whitespace."""
    ouverture, _, options = html.partition(">")
    return sorted(re.findall(r'[\w-]+(?:="[^"]*")?', ouverture)), re.sub(
        r">\s+<", "><", options.strip()
    )


def test_the_quick_select_renders_as_djangos_own(db):
    class Formulaire(forms.Form):
        choix = [("", "Toutes"), ("84", "Auvergne-Rhône-Alpes"), ("93", "Provence <&> Côte")]
        rapide = forms.ChoiceField(choices=choix, widget=Liste)
        django = forms.ChoiceField(choices=choix)

    formulaire = Formulaire({"rapide": "93", "django": "93"})
    assert formulaire.is_valid()
    invalide = Formulaire({"rapide": "xx", "django": "xx"})
    assert not invalide.is_valid()
    for f in (formulaire, invalide):
        rapide = _lu(str(f["rapide"]).replace("rapide", "champ"))
        assert rapide == _lu(str(f["django"]).replace("django", "champ"))
    assert '<option value="93" selected>Provence &lt;&amp;&gt; Côte</option>' in str(
        formulaire["rapide"]
    )
    assert 'aria-invalid="true"' in str(invalide["rapide"])
