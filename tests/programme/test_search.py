"""Sessions in the site search: found by what the public may read of them."""

import pytest
from wagtail.models import PageViewRestriction

from programme.models import Session
from programme.search import session_results
from tests.factories import PersonFactory, SessionFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def sessions(event_page, programme_page):
    speaker = PersonFactory(name="Quillon Marrowby")
    return {
        "public": SessionFactory(
            event=event_page,
            title="Zebracorn protection in open session",
            description="Shelters and zebracorn referral.",
            roles=[(speaker, "speaker")],
        ),
        "outline": SessionFactory(
            event=event_page,
            title="Closed zebracorn breakout",
            description="Hush-hush quagmirewort detail.",
            visibility=Session.Visibility.PARTICIPANTS,
            roles=[(PersonFactory(name="Ottoline Voss"), "chair")],
        ),
        "draft": SessionFactory(
            event=event_page, title="Draft zebracorn idea", publish=False
        ),
    }


def titles(terms):
    return sorted(result["title"] for result in session_results(terms))


def test_public_sessions_are_found_by_title_description_and_people(sessions):
    assert titles(["shelters"]) == ["Zebracorn protection in open session"]
    assert titles(["marrowby"]) == ["Zebracorn protection in open session"]
    assert titles(["zebracorn"]) == [
        "Closed zebracorn breakout",
        "Zebracorn protection in open session",
    ]


def test_a_participants_only_session_is_found_by_its_title_alone(sessions):
    assert titles(["quagmirewort"]) == []  # its description is private
    assert titles(["voss"]) == []  # and so are its people
    [outline] = session_results(["closed"])
    assert outline["text"] == ""


def test_drafts_and_sessions_of_private_events_are_never_found(
    sessions, event_page, programme_page
):
    assert "Draft zebracorn idea" not in titles(["zebracorn"])
    PageViewRestriction.objects.create(
        page=event_page, restriction_type=PageViewRestriction.LOGIN
    )
    assert titles(["zebracorn"]) == []


def test_sessions_of_an_unpublished_programme_are_not_found(sessions, programme_page):
    programme_page.unpublish()
    assert titles(["zebracorn"]) == []


@pytest.mark.parametrize("who", ["anonymous", "outsider", "participant"])
def test_search_page_shows_the_same_public_sessions_to_everyone(
    client, sessions, event_page, who
):
    if who == "outsider":
        client.force_login(UserFactory())
    elif who == "participant":
        client.force_login(UserFactory(groups=[event_page.participant_group]))
    for private_word in ("quagmirewort", "voss"):
        response = client.get("/search/", {"q": private_word})
        assert response.context["groups"] == []
        assert f"Nothing matches “{private_word}”" in response.content.decode()
    html = client.get("/search/", {"q": "zebracorn"}).content.decode()
    assert "<mark>Zebracorn</mark> protection in open session" in html
    assert "Closed <mark>zebracorn</mark> breakout" in html
    assert "Hush-hush" not in html
    assert "Draft" not in html


def test_every_page_has_the_search_box(client, home_page):
    html = client.get("/").content.decode()
    assert (
        '<form class="site-search" action="/search/" method="get" role="search">'
        in (html)
    )
    assert '<label class="visually-hidden" for="site-search-query">' in html


def test_a_programme_published_after_a_search_is_searched_at_once(
    sessions, programme_page
):
    programme_page.unpublish()
    assert titles(["zebracorn"]) == []  # the public programmes are remembered
    programme_page.save_revision().publish()  # and publishing purges them
    assert "Zebracorn protection in open session" in titles(["zebracorn"])
