import pytest

from benchmarks.browser import weigh
from benchmarks.pages import PUBLIC_PAGES

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("page_type", PUBLIC_PAGES, ids=lambda p: p.path)
def test_public_page_stays_within_its_budget(context, site, page_type):
    # The test server sends static files uncompressed: these figures bound production's from above.
    weight = weigh(context, site + page_type.path)
    assert weight.kb <= page_type.max_kb, f"{page_type.name} : {weight.kb:.1f} Ko"
    assert weight.requests <= page_type.max_requests, f"{page_type.name} : {weight.requests}"


def test_weigh_counts_every_request_and_byte(context, site):
    # The home page loads its HTML and one stylesheet, nothing else.
    weight = weigh(context, site + "/")
    assert weight.requests == 2
    assert weight.bytes > 1024
