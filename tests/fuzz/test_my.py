"""/my/: breakout booking and cancelling, the feed address, data export, deletion."""

import json

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants import feeds
from participants.breakouts import book_breakout
from participants.models import BreakoutBooking, CalendarFeed
from tests.factories import EventPageFactory, breakout, confirmed_registration
from tests.factories.users import DEFAULT_PASSWORD
from tests.fuzz.hostile import (
    assert_refused_clearly,
    changes,
    client_for,
    field_value,
    form_data,
    hostile_text,
    query_values,
    rolled_back,
    send,
    snapshot,
    url_segments,
)

pytestmark = pytest.mark.django_db

# Ids nobody has, and ids past what a database integer holds.
STRANGE_IDS = [0, 999_999, 2**31, 2**63, 10**30]


@pytest.fixture
def others_booking(future_event, breakouts):
    """Someone else's booking, in the same event."""
    other = confirmed_registration(event=future_event)
    return book_breakout(registration=other, session=breakouts[0])


@given(pick=st.integers(0, 1 + len(STRANGE_IDS)), body=form_data(["session", "id"]))
def test_booking_a_breakout_books_or_refuses(
    participant, breakouts, others_booking, pick, body
):
    session_id = ([b.pk for b in breakouts] + STRANGE_IDS)[pick]
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(participant),
            "post",
            f"/my/breakouts/{session_id}/book/",
            data=body,
        )
        after = snapshot()
        if pick < len(breakouts):
            assert response.status_code == 302
            assert response["Location"] == "/my/#breakouts"
            assert changes(before, after) == ["bookings"]
            booking = BreakoutBooking.objects.get(
                session_id=session_id, registration__user=participant
            )
            assert booking.status == (
                BreakoutBooking.Status.CONFIRMED
                if pick == 0
                else BreakoutBooking.Status.WAITLISTED
            )
        else:
            assert response.status_code == 404
            assert changes(before, after) == []


@given(whose=st.sampled_from(["own", "other", *STRANGE_IDS]), body=form_data(["id"]))
def test_cancelling_a_booking_cancels_only_ones_own(
    participant, registration, breakouts, others_booking, whose, body
):
    with rolled_back():
        own = book_breakout(registration=registration, session=breakouts[1])
        pk = {"own": own.pk, "other": others_booking.pk}.get(whose, whose)
        before = snapshot()
        response = send(
            client_for(participant), "post", f"/my/bookings/{pk}/cancel/", data=body
        )
        after = snapshot()
        if whose == "own":
            assert response.status_code == 302
            assert changes(before, after) == ["bookings"]
            own.refresh_from_db()
            assert own.status == BreakoutBooking.Status.CANCELLED
        else:
            assert response.status_code == 404
            assert changes(before, after) == []


@given(body=form_data(["token", "confirm"]))
def test_rotating_the_calendar_address_changes_only_the_feed(participant, body):
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(participant), "post", "/my/calendar/rotate/", data=body
        )
        after = snapshot()
        assert response.status_code == 302
        assert changes(before, after) == ["feeds"]
        token = CalendarFeed.objects.get(user=participant).token
        assert feeds.FEED_TOKEN_PATTERN.fullmatch(token)


@given(segment=url_segments)
def test_a_hostile_calendar_feed_token_finds_nothing(participant, segment):
    feeds.rotate_feed(user=participant)
    with rolled_back():
        response = send(client_for(), "get", f"/calendar/{segment}.ics")
        assert response.status_code == 404


@given(query=query_values)
def test_data_export_with_a_hostile_query_is_the_persons_own_json(participant, query):
    with rolled_back():
        response = send(client_for(participant), "get", f"/my/data.json?q={query}")
        assert response.status_code == 200
        data = json.loads(response.content)
        assert participant.email in json.dumps(data)


@given(
    data=form_data(["confirm"]).flatmap(
        lambda d: st.one_of(st.just(DEFAULT_PASSWORD), field_value).map(
            lambda password: {**d, "password": password}
        )
    )
)
def test_account_deletion_needs_the_password_and_the_confirmation(participant, data):
    with rolled_back():
        before = snapshot()
        response = send(client_for(participant), "post", "/my/delete/", data=data)
        after = snapshot()
        if response.status_code == 302:
            assert data["password"] == DEFAULT_PASSWORD
            assert response["Location"] == "/"
            assert participant.email not in json.dumps(after["users"], default=str)
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []


@pytest.fixture
def other_event(event_index):
    return EventPageFactory(parent=event_index)


@given(text=hostile_text)
def test_a_breakout_of_an_event_one_is_not_registered_for_is_not_found(
    participant, other_event, text
):
    with rolled_back():
        title = text[:200].replace("\x00", "") or "Breakout"
        session = breakout(event=other_event, title=title)
        before = snapshot()
        response = send(
            client_for(participant), "post", f"/my/breakouts/{session.pk}/book/"
        )
        assert response.status_code == 404
        assert changes(before, snapshot()) == []
