"""A sample event's illustrative content is marked wherever it appears, and a
real event (no note) shows no such notice."""

import pytest
from icalendar import Calendar

from programme.ical import event_calendar
from tests.factories import (
    ParticipantAreaPageFactory,
    PersonFactory,
    SessionFactory,
    confirmed_registration,
)

pytestmark = pytest.mark.django_db

NOTE = "The timetable, rooms and people are made up to show how the site works."
MARK = f'<strong class="illustrative-note__label">Illustrative</strong> {NOTE}'


@pytest.fixture
def pages(event_page, programme_page, speaker_page):
    session = SessionFactory(
        event=event_page, roles=[(PersonFactory(name="Sample Chair"), "chair")]
    )
    area = ParticipantAreaPageFactory(parent=event_page)
    registration = confirmed_registration(event=event_page)
    return {
        "event": event_page.url,
        "programme": programme_page.url,
        "session": programme_page.session_url(session),
        "speakers": speaker_page.url,
        "area": area.url,
        "calendar": programme_page.url + "calendar.ics",
        "participant": registration.user,
    }


def note_the_event(event_page, note):
    event_page.illustrative_note = note
    event_page.save_revision().publish()


@pytest.mark.parametrize(
    "page", ["event", "programme", "session", "speakers", "area", "calendar"]
)
def test_each_page_of_a_sample_event_carries_the_note(client, event_page, pages, page):
    note_the_event(event_page, NOTE)
    client.force_login(pages["participant"])
    text = client.get(pages[page]).content.decode()
    if page == "calendar":
        descriptions = [
            str(vevent["description"])
            for vevent in Calendar.from_ical(text).walk("VEVENT")
        ]
        assert descriptions
        assert all(d.startswith(f"Illustrative: {NOTE}\n\n") for d in descriptions)
    else:
        assert MARK in text


@pytest.mark.parametrize(
    "page", ["event", "programme", "session", "speakers", "area", "calendar"]
)
def test_a_real_event_shows_no_notice(client, event_page, pages, page):
    client.force_login(pages["participant"])
    assert "Illustrative" not in client.get(pages[page]).content.decode()


def test_the_registration_calendar_file_carries_the_note(event_page):
    note_the_event(event_page, NOTE)
    [vevent] = Calendar.from_ical(
        event_calendar(event_page, url="https://example.org/e/", host="example.org")
    ).walk("VEVENT")
    assert str(vevent["description"]) == f"Illustrative: {NOTE}"
    event_page.illustrative_note = ""
    [vevent] = Calendar.from_ical(
        event_calendar(event_page, url="https://example.org/e/", host="example.org")
    ).walk("VEVENT")
    assert "description" not in vevent
