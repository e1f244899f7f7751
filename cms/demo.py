"""Demo content of the public site, one module per feature."""

from cms import demo_tableaux


def seed(log):
    demo_tableaux.seed(log)
