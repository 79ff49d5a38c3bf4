"""The bookings list's session filter offers breakouts, not every session.

Only breakouts are booked. Offering every session of every event was 1,000
options on a large programme (1.4 s of the list's 2.4 s, issue 18); each
breakout is labelled with its event, day and time (titles repeat across
events), and once an event is chosen only its breakouts are offered.
"""

import re

import pytest

from tests.factories import EventPageFactory, SessionFactory, breakout
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

BOOKINGS = "/admin/participants/bookings/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def session_options(response):
    """The labels of the session filter's choices, without the empty one."""
    field = response.context["filters"].form["session"]
    return [label for value, label in field.field.choices if str(value) != ""]


@pytest.fixture
def programme(event_page, event_index):
    other = EventPageFactory(parent=event_index, title="Another roundtable")
    SessionFactory(
        event=event_page,
        title="Opening plenary",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    breakout(event=event_page, title="Labour migration", hour=14)
    breakout(event=event_page, title="Climate mobility", hour=16)
    breakout(event=other, title="Labour migration", hour=14)
    return event_page, other


def test_the_session_filter_offers_only_breakouts_named_with_event_and_time(
    organiser_client, programme
):
    event, other = programme
    response = organiser_client.get(BOOKINGS)

    options = session_options(response)
    assert len(options) == 3
    assert not any("Opening plenary" in label for label in options)
    assert f"{event.title} · " in options[0] or f"{other.title} · " in options[0]
    assert sum(label.endswith(" · Labour migration") for label in options) == 2
    assert any(re.search(r"14:00 · Labour migration$", label) for label in options)


def test_a_chosen_event_narrows_the_session_filter_to_its_breakouts(
    organiser_client, programme
):
    event, other = programme
    response = organiser_client.get(BOOKINGS, {"session__event": other.pk})

    assert [label.split(" · ")[-1] for label in session_options(response)] == [
        "Labour migration"
    ]
