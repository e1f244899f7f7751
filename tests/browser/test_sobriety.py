import pytest

from benchmarks.browser import weigh
from benchmarks.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


def test_every_public_page_stays_within_its_budget(context, site, capsys):
    # One walk through every page type: each test would cost a fresh copy of the demo data.
    # The live server compresses as production does, at a lower level: these figures bound
    # production's from above (see tests/browser/conftest.py).
    lignes, depassements = [], []
    for page_type in PUBLIC_PAGES:
        weight = weigh(context, site + page_type.path)
        lignes.append(
            f"{page_type.name[:40]:40} {weight.kb:6.1f} KB {weight.requests:3d} req"
            f" (≤ {page_type.max_kb} KB, ≤ {page_type.max_requests} req)"
        )
        if weight.kb > page_type.max_kb or weight.requests > page_type.max_requests:
            depassements.append(lignes[-1])
    with capsys.disabled():
        print("\n" + "\n".join(lignes))
    assert not depassements, "Budgets dépassés :\n" + "\n".join(depassements)


def test_weigh_counts_every_request_and_byte(context, site):
    # The home page loads its HTML and one stylesheet, nothing else.
    weight = weigh(context, site + "/")
    assert weight.requests == 2
    assert weight.bytes > 1024
