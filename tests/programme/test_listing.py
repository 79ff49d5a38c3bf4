"""The programme listing's rows and the Session model are one shape.

`programme.listing` reads sessions as plain rows for speed; everything a row
says must be what the model says of the same session, so the programme card
and the session page cannot disagree.
"""

import doctest

import pytest

import programme.facts
from programme import listing
from programme.models import Session
from roundtable.models import EventTheme
from tests.factories import SessionFactory

from .conftest import at

pytestmark = pytest.mark.django_db

# Keys a listing row shares with the model, by the model's attribute names.
SHARED = [
    "pk",
    "slug",
    "title",
    "kind",
    "status",
    "visibility",
    "start",
    "end",
    "room",
    "capacity",
    "description",
    "is_cancelled",
    "facts",
    "css_class",
]


def test_facts_doctests_pass():
    assert doctest.testmod(programme.facts).failed == 0


def sessions_of_every_shape(event_page):
    theme = EventTheme.objects.create(page=event_page, title="Protection")
    return [
        SessionFactory(event=event_page, kind=Session.Kind.PLENARY, room=""),
        SessionFactory(
            event=event_page,
            kind=Session.Kind.BREAKOUT,
            room="Room 2",
            capacity=1,
            start=at(event_page, 1, 10, 45),
            end=at(event_page, 1, 12, 15),
            theme=theme,
        ),
        SessionFactory(
            event=event_page,
            kind=Session.Kind.BREAKOUT,
            room="Room 3",
            capacity=14,
            visibility=Session.Visibility.PARTICIPANTS,
            description="Closed-door discussion.",
            start=at(event_page, 2, 9),
        ),
        SessionFactory(
            event=event_page,
            kind=Session.Kind.PANEL,
            status=Session.Status.CANCELLED,
            start=at(event_page, 2, 14),
        ),
    ]


@pytest.mark.parametrize("show_private", [False, True])
def test_listing_rows_say_what_the_model_says(event_page, programme_page, show_private):
    sessions = {s.pk: s for s in sessions_of_every_shape(event_page)}
    programme_url = programme_page.url
    rows = listing.programme_sessions(
        event=event_page,
        programme_url=programme_url,
        session_path=programme_page.session_path,
        show_private=show_private,
    )
    assert sorted(row["pk"] for row in rows) == sorted(sessions)
    for row in rows:
        session = Session.objects.get(pk=row["pk"])
        assert {key: row[key] for key in SHARED} == {
            key: getattr(session, key) for key in SHARED
        }
        assert row["theme__title"] == (session.theme and session.theme.title)
        assert row["show_details"] == session.shows_details(show_private=show_private)
        assert row["url"] == programme_page.session_url(session)
        assert row["local_day"] == session.local_start().date()
        assert row["start_time"] == f"{session.local_start():%H:%M}"
        assert row["end_time"] == f"{session.local_end():%H:%M}"
    by_slug = {row["slug"]: row for row in rows}
    breakout = next(r for r in rows if r["room"] == "Room 2")
    assert breakout["facts"] == "Breakout · Room 2 · 1 place"
    assert breakout["start_time"] == "10:45"
    assert [r["is_cancelled"] for r in by_slug.values()].count(True) == 1


def test_the_session_page_shows_the_listings_places_and_format(
    client, event_page, programme_page
):
    session = SessionFactory(
        event=event_page, kind=Session.Kind.BREAKOUT, room="Room 2", capacity=1
    )
    page = client.get(programme_page.session_url(session)).content.decode()
    programme = client.get(programme_page.url).content.decode()
    assert "Breakout (1 place)" in page
    assert "Breakout · Room 2 · 1 place" in programme
