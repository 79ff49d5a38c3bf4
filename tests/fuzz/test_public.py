"""Public pages: search, publication filters, and hostile tokens and slugs in URLs."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.factories import (
    CategoryFactory,
    ProgrammePageFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
)
from tests.fuzz.hostile import (
    client_for,
    query_values,
    rolled_back,
    send,
    text_of,
    url_segments,
)

pytestmark = pytest.mark.django_db

SEARCH_ANSWERS = ("Type a word or two", "Nothing matches", " for “")


@pytest.fixture
def publications(home_page):
    index = ReportIndexPageFactory(parent=home_page)
    topic = CategoryFactory(name="Protection", slug="protection")
    for number in range(12):
        ReportPageFactory(
            parent=index,
            title=f"Protection of victims {number}",
            categories=[topic] if number % 2 else [],
        )
    return index


@given(q=query_values, page=query_values)
def test_search_answers_any_query(publications, q, page):
    with rolled_back():
        response = send(client_for(), "get", f"/search/?q={q}&page={page}")
        assert response.status_code == 200
        html = text_of(response)
        assert any(answer in html for answer in SEARCH_ANSWERS)


@given(category=query_values, year=query_values, page=query_values)
def test_publication_filters_answer_any_value(publications, category, year, page):
    with rolled_back():
        response = send(
            client_for(),
            "get",
            f"/publications/?category={category}&year={year}&page={page}",
        )
        assert response.status_code == 200
        assert "Protection of victims" in text_of(response)


@pytest.fixture
def programme(event_page):
    return ProgrammePageFactory(parent=event_page)


@given(
    where=st.sampled_from(
        [
            "/publications/{}/",
            "/events/{}/",
            "/events/{event}/programme/sessions/{}/",
            "/events/{event}/programme/sessions/{}/calendar.ics",
            "/events/{event}/{}/",
            "/calendar/{}.ics",
            "/invitations/{}/",
            "/documents/1/{}",
            "/accounts/password/reset/key/{}/",
            "/{}",
        ]
    ),
    segment=url_segments,
)
def test_hostile_slugs_and_tokens_in_urls_are_not_found(
    publications, event_page, programme, where, segment
):
    with rolled_back():
        path = where.replace("{event}", event_page.slug).format(segment)
        response = send(client_for(), "get", path)
        assert response.status_code in {302, 400, 404}
