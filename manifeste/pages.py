"""Helpers on Wagtail's page tree shared by the apps' demo seeds (cms, ecosysteme)."""


def page_enfant(parent, modele, slug, **champs):
    """The child page of that type and slug under `parent`, created and published if missing."""
    page = modele.objects.child_of(parent).filter(slug=slug).first()
    if page is None:
        page = parent.add_child(instance=modele(slug=slug, **champs))
    return page
