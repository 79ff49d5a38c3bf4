import datetime

import pytest
from django.core.exceptions import ValidationError

from programme import services
from programme.models import Session, SessionChange
from tests.factories import EventPageFactory, PersonFactory, SessionFactory
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db


def errors_of(session):
    with pytest.raises(ValidationError) as caught:
        session.full_clean()
    return caught.value.message_dict


def test_session_ending_before_it_starts_is_an_error_on_end(event_page):
    session = Session(
        event=event_page,
        title="Opening",
        slug="opening",
        start=at(event_page, 1, 10),
        end=at(event_page, 1, 9),
    )
    assert errors_of(session) == {"end": ["The session must end after it starts."]}


def test_session_outside_the_event_dates_is_an_error_on_start(event_page):
    session = Session(
        event=event_page,
        title="Early",
        slug="early",
        start=at(event_page, 0, 9),
        end=at(event_page, 0, 10),
    )
    assert errors_of(session) == {
        "start": [
            "The session starts before the event (26–27 June 2014, "
            "Singapore time, UTC+08:00)."
        ]
    }


def test_session_ending_after_the_event_is_an_error_on_end(event_page):
    session = Session(
        event=event_page,
        title="Late",
        slug="late",
        start=at(event_page, 2, 23),
        end=at(event_page, 3, 1),
    )
    assert list(errors_of(session)) == ["end"]


def test_capacity_on_a_plenary_is_an_error_on_capacity(event_page):
    session = Session(
        event=event_page,
        title="Plenary",
        slug="plenary",
        kind=Session.Kind.PLENARY,
        capacity=20,
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    assert errors_of(session) == {
        "capacity": ["Only breakout sessions have a capacity."]
    }


def test_capacity_on_a_breakout_is_accepted(event_page):
    session = SessionFactory(
        event=event_page, kind=Session.Kind.BREAKOUT, capacity=12, room="Room 1"
    )
    assert session.capacity == 12


def test_two_sessions_in_one_room_at_once_is_an_error_on_room(event_page):
    SessionFactory(
        event=event_page,
        title="Frameworks",
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10, 30),
    )
    session = Session(
        event=event_page,
        title="Identification",
        slug="identification",
        room="ballroom",
        start=at(event_page, 1, 10),
        end=at(event_page, 1, 11),
    )
    assert errors_of(session) == {
        "room": [
            "ballroom is taken at that time by ‘Frameworks’ on "
            "Thursday 26 June 2014, 09:00–10:30 (Singapore time, UTC+08:00)."
        ]
    }


def test_back_to_back_sessions_in_one_room_are_accepted(event_page):
    SessionFactory(
        event=event_page,
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    session = Session(
        event=event_page,
        title="Next",
        slug="next",
        room="Ballroom",
        start=at(event_page, 1, 10),
        end=at(event_page, 1, 11),
    )
    session.full_clean()


def test_a_cancelled_session_frees_its_room(event_page):
    SessionFactory(
        event=event_page,
        room="Ballroom",
        status=Session.Status.CANCELLED,
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    session = Session(
        event=event_page,
        title="Instead",
        slug="instead",
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    session.full_clean()


def test_same_room_in_another_event_is_accepted(event_index):
    event, other = (
        EventPageFactory(parent=event_index),
        EventPageFactory(parent=event_index),
    )
    SessionFactory(event=other, room="Ballroom", start=at(other, 1, 9))
    session = Session(
        event=event,
        title="Elsewhere",
        slug="elsewhere",
        room="Ballroom",
        start=at(event, 1, 9),
        end=at(event, 1, 10),
    )
    session.full_clean()


def test_theme_of_another_event_is_an_error_on_theme(event_index):
    from roundtable.models import EventTheme

    event, other = (
        EventPageFactory(parent=event_index),
        EventPageFactory(parent=event_index),
    )
    theme = EventTheme.objects.create(page=other, title="Elsewhere")
    session = Session(
        event=event,
        title="Themed",
        slug="themed",
        theme=theme,
        start=at(event, 1, 9),
        end=at(event, 1, 10),
    )
    assert errors_of(session) == {"theme": ["Choose one of this event's themes."]}


def test_person_in_two_overlapping_sessions_is_a_clash(event_page):
    person = PersonFactory(name="Sample Chair")
    first = SessionFactory(
        event=event_page,
        title="Frameworks",
        roles=[(person, "chair")],
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    with pytest.raises(ValidationError) as caught:
        SessionFactory(
            event=event_page,
            roles=[(person, "speaker")],
            start=at(event_page, 1, 9, 30),
            end=at(event_page, 1, 11),
        )
    assert caught.value.messages == [
        "Sample Chair already has a role in ‘Frameworks’ on "
        "Thursday 26 June 2014, 09:00–10:00 (Singapore time, UTC+08:00)."
    ]
    assert list(Session.objects.all()) == [first]


def test_slug_is_unique_per_event(event_page):
    SessionFactory(event=event_page, slug="opening")
    session = Session(
        event=event_page,
        title="Again",
        slug="opening",
        start=at(event_page, 2, 9),
        end=at(event_page, 2, 10),
    )
    assert errors_of(session) == {
        "__all__": ["Another session of this event already uses this slug."]
    }


def publish_edit(session, **changes):
    for field, value in changes.items():
        setattr(session, field, value)
    session.save_revision().publish()
    session.refresh_from_db()
    return session


def test_publishing_a_new_time_logs_it_and_raises_sequence(event_page):
    session = SessionFactory(
        event=event_page,
        title="Frameworks",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    assert session.sequence == 0

    publish_edit(session, start=at(event_page, 1, 11), end=at(event_page, 1, 12))

    assert session.sequence == 1
    change = SessionChange.objects.get()
    assert (change.session, change.field, change.old, change.new) == (
        session,
        "time",
        "Thursday 26 June 2014, 09:00–10:00 (Singapore time, UTC+08:00)",
        "Thursday 26 June 2014, 11:00–12:00 (Singapore time, UTC+08:00)",
    )


def test_publishing_a_new_description_changes_nothing_public(event_page):
    session = SessionFactory(event=event_page)

    publish_edit(session, description="A fuller description.")

    assert session.sequence == 0
    assert SessionChange.objects.count() == 0


def test_publishing_a_cancellation_and_room_logs_both(event_page):
    session = SessionFactory(event=event_page, room="Ballroom")

    publish_edit(session, status=Session.Status.CANCELLED, room="Room 2")

    assert session.sequence == 1
    assert sorted(SessionChange.objects.values_list("field", "old", "new")) == [
        ("room", "Ballroom", "Room 2"),
        ("status", "Scheduled", "Cancelled"),
    ]


def test_a_title_change_is_logged_without_raising_sequence(event_page):
    session = SessionFactory(event=event_page, title="Old title")

    publish_edit(session, title="New title")

    assert session.sequence == 0
    assert list(SessionChange.objects.values_list("field", "old", "new")) == [
        ("title", "Old title", "New title")
    ]


def test_sequence_never_goes_down_when_an_old_draft_is_published(event_page):
    session = SessionFactory(event=event_page, room="Ballroom")
    old_draft = session.save_revision()
    publish_edit(session, room="Room 2")
    assert session.sequence == 1

    old_draft.publish()
    session.refresh_from_db()

    assert (session.room, session.sequence) == ("Ballroom", 2)


def test_draft_changes_are_not_logged_until_published(event_page):
    session = SessionFactory(event=event_page, room="Ballroom")
    session.room = "Room 2"
    session.save_revision()

    assert SessionChange.objects.count() == 0
    assert Session.objects.get().room == "Ballroom"


def test_format_slot_uses_the_event_time_zone(event_page):
    start = datetime.datetime(2014, 6, 26, 1, 0, tzinfo=datetime.UTC)
    assert (
        services.format_slot(
            start, start + datetime.timedelta(hours=1), event_page.tzinfo
        )
        == "Thursday 26 June 2014, 09:00–10:00 (Singapore time, UTC+08:00)"
    )
