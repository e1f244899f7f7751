"""Demo content of the public site, one module per feature."""

from cms import demo_dashboards


def seed(log):
    demo_dashboards.seed(log)
