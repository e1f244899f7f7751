"""What a browser posts for a rendered HTML form: every named field with its shown value."""

from html.parser import HTMLParser


class _Formulaire(HTMLParser):
    def __init__(self, contient):
        super().__init__(convert_charrefs=True)
        self.contient, self.formulaires, self._pile = contient, [], None
        self._select = self._textarea = None

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "form":
            self._pile = []
        if self._pile is None:
            return
        nom = a.get("name")
        if tag == "input" and nom and a.get("type") not in ("submit", "button", "file", "image"):
            coche = a.get("type") in ("checkbox", "radio")
            if not coche or "checked" in a:
                self._pile.append((nom, a.get("value") or ("on" if coche else "")))
        elif tag == "select" and nom:
            self._select = [nom, "multiple" in a, None, []]
        elif tag == "option" and self._select is not None:
            valeur = a.get("value", "")
            if self._select[2] is None:
                self._select[2] = valeur  # a single select sends its first option by default
            if "selected" in a:
                self._select[3].append(valeur)
        elif tag == "textarea" and nom:
            self._textarea = [nom, ""]

    def handle_data(self, data):
        if self._textarea is not None:
            self._textarea[1] += data

    def handle_endtag(self, tag):
        if self._pile is None:
            return
        if tag == "select" and self._select is not None:
            nom, multiple, premier, choisis = self._select
            for valeur in choisis or ([] if multiple or premier is None else [premier]):
                self._pile.append((nom, valeur))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            nom, texte = self._textarea
            # As browsers do: the newline right after <textarea> is not content.
            self._pile.append((nom, texte[1:] if texte.startswith("\n") else texte))
            self._textarea = None
        elif tag == "form":
            self.formulaires.append(self._pile)
            self._pile = None


def donnees_formulaire(html, contient="valeurs_lues"):
    """{name: value or [values]} of the first form holding a field named `contient`."""
    lecteur = _Formulaire(contient)
    lecteur.feed(html)
    champs = next(f for f in lecteur.formulaires if any(nom == contient for nom, _v in f))
    donnees = {}
    for nom, valeur in champs:
        donnees.setdefault(nom, []).append(valeur)
    return {nom: v[0] if len(v) == 1 else v for nom, v in donnees.items()}
