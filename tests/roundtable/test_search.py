import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils.html import escape

from roundtable.search import excerpt, highlight, query_terms
from tests.factories import ReportPageFactory


def test_search_finds_public_pages_and_highlights_the_terms(client, report_index):
    report = ReportPageFactory(
        parent=report_index,
        title="Protection of trafficking victims",
        summary="<p>Victims need trust &amp; care.</p>",
    )
    response = client.get("/search/", {"q": "victims"})
    assert response.status_code == 200
    assert [page.pk for page in response.context["results"]] == [report.pk]
    html = response.content.decode()
    assert (
        f'<a href="{report.url}">Protection of trafficking <mark>victims</mark></a>'
        in html
    )
    assert "<p><mark>Victims</mark> need trust &amp; care.</p>" in html
    assert "1 result for “victims”" in html


@pytest.mark.parametrize("as_user", [False, True])
def test_search_never_returns_a_private_page(client, private_page, user, as_user):
    if as_user:
        client.force_login(user)
    response = client.get("/search/", {"q": "zebracorn"})
    assert response.status_code == 200
    assert list(response.context["results"]) == []
    html = response.content.decode()
    assert "Confidential" not in html
    assert "hotel rooms" not in html
    assert "Nothing matches “zebracorn”." in html


def test_search_empty_query_shows_the_prompt(client, home_page):
    response = client.get("/search/")
    assert response.status_code == 200
    assert response.context["results"] is None
    assert "Type a word or two to search the public pages" in (
        response.content.decode()
    )


def test_search_escapes_the_query(client, home_page):
    response = client.get("/search/", {"q": '<script>alert("x")</script>'})
    html = response.content.decode()
    assert '<script>alert("x")</script>' not in html
    assert escape('<script>alert("x")</script>') in html


def test_search_with_a_bad_page_number_does_not_fail(client, report_index):
    ReportPageFactory(parent=report_index, title="Victims report")
    response = client.get("/search/", {"q": "victims", "page": "zz"})
    assert response.status_code == 200
    assert len(response.context["results"]) == 1


def test_highlight_escapes_before_marking():
    assert highlight("<b>Trafficking</b> & traffic", ["traffic"]) == (
        "&lt;b&gt;<mark>Traffic</mark>king&lt;/b&gt; &amp; <mark>traffic</mark>"
    )


def test_highlight_cannot_be_tricked_by_a_term_matching_an_entity():
    assert highlight("a & b", ["amp"]) == "a &amp; b"


def test_query_terms_are_distinct_words_longest_first():
    assert query_terms("Victims, victims of TIP! a") == ["victims", "tip", "of"]


def test_excerpt_starts_near_the_first_term():
    text = "word " * 100 + "reintegration " + "word " * 100
    snippet = excerpt(text, ["reintegration"], length=60)
    assert "reintegration" in snippet
    assert snippet.startswith("…")
    assert snippet.endswith("…")


@pytest.mark.django_db
@pytest.mark.parametrize("count", [3, 12])
def test_search_counts_with_a_second_query_only_when_results_pass_a_page(
    client, report_index, count
):
    for number in range(count):
        ReportPageFactory(
            parent=report_index,
            title=f"Quillwort report {number}",
            slug=f"quillwort-{number}",
        )
    with CaptureQueriesContext(connection) as queries:
        response = client.get("/search/", {"q": "quillwort"})
    counted = any("COUNT(" in query["sql"].upper() for query in queries)
    assert counted is (count > 10)
    assert response.context["results"].paginator.count == count
    assert len(response.context["results"].object_list) == min(count, 10)
    if count > 10:
        second = client.get("/search/", {"q": "quillwort", "page": 2})
        assert len(second.context["results"].object_list) == count - 10
