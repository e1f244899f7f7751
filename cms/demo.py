"""Demo content of the public site, one module per feature."""

from cms import demo_dashboards, demo_ecosysteme


def seed(log):
    demo_dashboards.seed(log)
    demo_ecosysteme.seed(log)
