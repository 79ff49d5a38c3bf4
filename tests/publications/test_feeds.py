import datetime
import xml.etree.ElementTree as ET

import pytest

from publications.models import ReportAuthor
from tests.factories import CategoryFactory, PersonFactory, ReportPageFactory

ATOM = "{http://www.w3.org/2005/Atom}"


def parse(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/atom+xml; charset=utf-8"
    return ET.fromstring(response.content)  # noqa: S314 - our own output


def test_feed_is_valid_atom_with_absolute_links_newest_first(client, report_index):
    older = ReportPageFactory(
        parent=report_index,
        title="Older",
        slug="older",
        publication_date=datetime.date(2014, 1, 1),
    )
    newer = ReportPageFactory(
        parent=report_index,
        title="Newer & better",
        slug="newer",
        publication_date=datetime.date(2015, 2, 1),
        last_updated=datetime.date(2015, 2, 13),
        authors=[ReportAuthor(person=PersonFactory(name="Margareth Sembiring"))],
        categories=[CategoryFactory(name="Non-Traditional Security", slug="nts")],
    )

    feed = parse(client.get("/publications/feed/"))

    assert feed.tag == f"{ATOM}feed"
    assert feed.find(f"{ATOM}title").text == "Publications"
    assert feed.find(f"{ATOM}id").text == "http://testserver/publications/"
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links == {
        "alternate": "http://testserver/publications/",
        "self": "http://testserver/publications/feed/",
    }
    assert feed.find(f"{ATOM}updated").text == "2015-02-13T00:00:00+00:00"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.find(f"{ATOM}title").text for e in entries] == [newer.title, older.title]
    first = entries[0]
    assert first.find(f"{ATOM}id").text == "http://testserver/publications/newer/"
    assert (
        first.find(f"{ATOM}link").get("href") == "http://testserver/publications/newer/"
    )
    assert first.find(f"{ATOM}published").text == "2015-02-01T00:00:00+00:00"
    assert first.find(f"{ATOM}updated").text == "2015-02-13T00:00:00+00:00"
    assert first.find(f"{ATOM}author/{ATOM}name").text == "Margareth Sembiring"
    assert [c.get("term") for c in first.findall(f"{ATOM}category")] == [
        "Non-Traditional Security"
    ]
    assert first.find(f"{ATOM}summary").text == (
        "What the roundtable concluded about protecting victims."
    )


@pytest.mark.usefixtures("no_page_cache")
def test_feed_query_count_is_constant(
    client, report_index, django_assert_max_num_queries
):
    for _ in range(25):
        ReportPageFactory(
            parent=report_index,
            authors=[ReportAuthor(person=PersonFactory())],
            categories=[CategoryFactory()],
        )
    client.get("/publications/feed/")
    with django_assert_max_num_queries(10):
        feed = parse(client.get("/publications/feed/"))
    assert len(feed.findall(f"{ATOM}entry")) == 20


def test_feed_of_an_empty_index_is_valid(client, report_index):
    feed = parse(client.get("/publications/feed/"))
    assert feed.findall(f"{ATOM}entry") == []


def test_feed_summaries_keep_their_paragraphs_apart(client, report_index):
    ReportPageFactory(
        parent=report_index,
        summary="<p>First finding &amp; its reason.</p><p>Second\nfinding.</p>"
        "<ul><li>One</li><li>Two</li></ul>",
    )
    [entry] = parse(client.get("/publications/feed/")).findall(f"{ATOM}entry")
    assert entry.find(f"{ATOM}summary").text == (
        "First finding & its reason.\n\nSecond finding.\n\nOne\n\nTwo"
    )


def test_plain_paragraphs_doctests_pass():
    import doctest

    import publications.feeds

    assert doctest.testmod(publications.feeds).failed == 0
