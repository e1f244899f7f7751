from benchmarks.browser import axe_violations, describe_violations


def assert_no_serious_a11y_violations(page):
    """Fail, listing them, on axe-core violations of impact serious or critical."""
    violations = axe_violations(page)
    assert not violations, (
        f"{len(violations)} violation(s) axe graves ou critiques sur {page.url} :\n"
        + describe_violations(violations)
    )
