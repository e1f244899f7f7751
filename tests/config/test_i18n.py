import ast
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext, ngettext

PO_FILE = Path(settings.BASE_DIR) / "locale" / "en" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\([A-Za-z_][A-Za-z0-9_]*\)[-+ #0-9.]*[sdif]|%[sdif]|\{[A-Za-z_0-9]*\}")
TAG = re.compile(r"</?[a-zA-Z][^>]*>")


@pytest.mark.parametrize(
    ("french", "english"),
    [
        ("Aller au contenu", "Skip to content"),
        ("Trois ambitions, neuf engagements", "Three ambitions, nine commitments"),
        ("Navigation principale", "Main navigation"),
        ("Accueil", "Home"),
        ("Espace collectivités", "Local authority workspace"),
        ("Enregistrer", "Save"),
    ],
)
def test_ui_strings_are_translated_to_english(french, english):
    with translation.override("en"):
        assert gettext(french) == english
    with translation.override("fr"):
        assert gettext(french) == french


def test_plural_forms_are_translated():
    with translation.override("en"):
        assert ngettext("%(n)s acteur", "%(n)s acteurs", 1) % {"n": 1} == "1 organisation"
        assert ngettext("%(n)s acteur", "%(n)s acteurs", 3) % {"n": 3} == "3 organisations"


def test_english_home_page_shows_english_ui(client, referentiel):
    html = client.get("/en/").content.decode()
    assert "Skip to content" in html
    assert "Three ambitions, nine commitments" in html
    assert "Aller au contenu" not in html


def _entries(path):
    """Minimal .po parser: yield (msgid, msgid_plural, [msgstr...], flags)."""
    entry, key = {}, None
    for line in path.read_text(encoding="utf-8").splitlines() + [""]:
        if not line.strip():
            if entry.get("msgid"):
                yield entry
            entry, key = {}, None
            continue
        if line.startswith("#,"):
            entry.setdefault("flags", set()).update(f.strip() for f in line[2:].split(","))
            continue
        if line.startswith("#"):
            continue
        match = re.match(r"(msgctxt|msgid_plural|msgid|msgstr(?:\[\d+\])?)\s+(\".*\")$", line)
        if match:
            key = match.group(1)
            entry[key] = ast.literal_eval(match.group(2))
        else:
            entry[key] += ast.literal_eval(line)


def test_po_file_is_complete_and_placeholders_match():
    entries = list(_entries(PO_FILE))
    assert len(entries) > 500
    for entry in entries:
        assert "fuzzy" not in entry.get("flags", set()), entry["msgid"]
        sources = [entry["msgid"]]
        targets = [v for k, v in entry.items() if k.startswith("msgstr")]
        if "msgid_plural" in entry:
            sources.append(entry["msgid_plural"])
        expected = {frozenset(PLACEHOLDER.findall(s)) for s in sources}
        for target in targets:
            assert target, f"untranslated: {entry['msgid']!r}"
            assert frozenset(PLACEHOLDER.findall(target)) in expected, (entry["msgid"], target)
            assert sorted(TAG.findall(target)) == sorted(TAG.findall(entry["msgid"])), target
