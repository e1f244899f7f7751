"""Who may do what, decided once: the roles table, the checks, and Wagtail's view of them.

The foundation every app imports downward. It names the models it governs by label, as
Django names the user model, so that it imports no app above it.
"""
