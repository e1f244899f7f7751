"""The walk of tests.test_figures_honest on the national picture (1,300-odd signatories, six
years of values), made hostile the same way: no public page nor download reads « nan »,
« None » or « inf » at national scale either."""

from types import SimpleNamespace

import pytest
from django.db import transaction

from tests.figures_helpers import durcir
from tests.parcours_public import SANS_DONNEES, verifier_parcours


@pytest.fixture(scope="module")
def monde(demo_nationale, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        yield SimpleNamespace(hostile=durcir(exclure=[SANS_DONNEES]))
        transaction.set_rollback(True)


def test_no_public_page_nor_download_of_the_national_picture_reads_nan_none_or_inf(monde, db):
    verifier_parcours(monde)
