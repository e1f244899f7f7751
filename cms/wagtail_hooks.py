from cms import wagtail_hooks_annuaire  # noqa: F401  (directory admin: snippets, menus, urls)
