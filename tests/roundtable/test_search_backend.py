"""roundtable.search_backend against Wagtail's own SQLite backend: the same
results, in the same order, with the same scores, in a number of queries that
does not grow with the matches."""

import sys

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from modelsearch.backends import database, get_search_backend
from modelsearch.query import Not, PlainText
from wagtail.models import Page

from publications.models import ReportPage
from roundtable import search_backend
from tests.factories import ReportPageFactory

sqlite_only = pytest.mark.skipif(
    connection.vendor != "sqlite",
    reason="the one-pass ranking replaces only the SQLite backend's",
)

# Titles and summaries that score differently, and pairs that tie (the same
# words), so that the order within a tie (newest first) is compared too.
TEXTS = [
    ("Protection of victims", "Protection, protection and more protection."),
    ("Victims and the law", "What protection the law gives victims."),
    ("Humanitarian protection", "Victims of trafficking need protection."),
    ("Humanitarian protection", "Victims of trafficking need protection."),
    ("Labour migration", "Recruitment fees and debt bondage."),
    ("Protection at sea", "Fishing crews held at sea."),
    ("Protection at sea", "Fishing crews held at sea."),
    ("Referral mechanisms", "Shelters, protection and referral of victims."),
    ("Data and evidence", "Counting victims is hard."),
    ("Protection", ""),
    ("Regional cooperation", "ASEAN and protection of victims across borders."),
    ("Regional cooperation", "ASEAN and protection of victims across borders."),
]

QUERIES = [
    ("protection", "or"),
    ("protection victims", "or"),
    ("protection victims", "and"),
    ("victims", "or"),
    ("sea", "or"),
    ("nothing-matches-this", "or"),
]

SLICES = [(None, None), (0, 5), (5, 10), (3, 4), (10, 30)]


@pytest.fixture
def reports(report_index):
    made = [
        ReportPageFactory(parent=report_index, title=title, summary=f"<p>{text}</p>")
        for title, text in TEXTS
    ]
    # Entries indexed one by one each keep the title weighting of their moment;
    # a rebuild weighs every title alike, so that the same texts tie.
    call_command("update_index", verbosity=0)
    return made


@pytest.fixture
def stock():
    from modelsearch.backends.database.sqlite.sqlite import SQLiteSearchBackend

    return SQLiteSearchBackend({})


@pytest.fixture
def ours():
    from roundtable.search_backend.sqlite import SQLiteSearchBackend

    backend = get_search_backend()
    assert isinstance(backend, SQLiteSearchBackend)
    return backend


def public_pages():
    """What the site search searches: live pages, as their specific classes."""
    return Page.objects.filter(depth__gt=1, live=True).specific()


def pks(results):
    return [page.pk for page in results]


@sqlite_only
@pytest.mark.parametrize("terms,operator", QUERIES)
def test_results_and_order_are_the_stock_backends(
    reports, stock, ours, terms, operator
):
    for queryset in (public_pages(), ReportPage.objects.live()):
        theirs = stock.search(terms, queryset, operator=operator)
        mine = ours.search(terms, queryset, operator=operator)
        assert pks(mine) == pks(theirs)
        assert mine.count() == theirs.count()
        for start, stop in SLICES:
            assert pks(mine[start:stop]) == pks(theirs[start:stop]), (start, stop)


@sqlite_only
def test_the_comparison_has_ties_and_several_scores(reports, stock):
    scores = [
        page._score
        for page in stock.search("protection", ReportPage.objects.all()).annotate_score(
            "_score"
        )
    ]
    assert len(scores) == 10
    assert len(set(scores)) < len(scores)  # ties
    assert len(set(scores)) > 3  # and a real ranking


@sqlite_only
def test_scores_are_the_stock_backends(reports, stock, ours):
    theirs = stock.search("protection victims", ReportPage.objects.all())
    mine = ours.search("protection victims", ReportPage.objects.all())
    expected = [(p.pk, p.score) for p in theirs.annotate_score("score")]
    assert [(p.pk, p.score) for p in mine.annotate_score("score")] == expected


@sqlite_only
def test_unranked_results_with_scores_are_the_stock_backends(reports, stock, ours):
    queryset = ReportPage.objects.order_by("title", "id")
    theirs = stock.search("protection", queryset, order_by_relevance=False)
    mine = ours.search("protection", queryset, order_by_relevance=False)
    assert pks(mine) == pks(theirs)
    expected = [(p.pk, p.s) for p in theirs.annotate_score("s")[2:6]]
    assert [(p.pk, p.s) for p in mine.annotate_score("s")[2:6]] == expected


@sqlite_only
@pytest.mark.parametrize(
    "query",
    [PlainText("protection"), Not(PlainText("protection"))],
    ids=["plain", "negated"],
)
def test_fields_and_negation_are_the_stock_backends(reports, stock, ours, query):
    theirs = stock.search(query, ReportPage.objects.all(), fields=["title"])
    mine = ours.search(query, ReportPage.objects.all(), fields=["title"])
    assert pks(mine) == pks(theirs)
    assert mine.count() == theirs.count()


@sqlite_only
def test_autocomplete_is_the_stock_backends(reports, stock, ours):
    theirs = stock.autocomplete("prot", ReportPage.objects.all())
    mine = ours.autocomplete("prot", ReportPage.objects.all())
    assert pks(mine) and pks(mine) == pks(theirs)


@sqlite_only
def test_queries_do_not_grow_with_the_matches(report_index, ours):
    def queries_for_a_page_of_results():
        with CaptureQueriesContext(connection) as queries:
            list(ours.search("protection", ReportPage.objects.all())[:10])
        return len(queries)

    ReportPageFactory.create_batch(3, parent=report_index)
    few = queries_for_a_page_of_results()
    ReportPageFactory.create_batch(40, parent=report_index)
    assert queries_for_a_page_of_results() == few == 2


def test_other_databases_keep_wagtails_backend():
    backend = search_backend.SearchBackend({})
    if connection.vendor == "sqlite":
        assert type(backend).__module__ == "roundtable.search_backend.sqlite"
    else:
        # Wagtail's own, and the SQLite module (whose models exist only on
        # SQLite) was never imported.
        assert type(backend) is type(database.SearchBackend({}))
        assert "roundtable.search_backend.sqlite" not in sys.modules
