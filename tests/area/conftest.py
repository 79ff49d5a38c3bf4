import pytest

from tests.factories import (
    EventPageFactory,
    ParticipantAreaPageFactory,
    confirmed_registration,
)


@pytest.fixture
def area(event_page):
    return ParticipantAreaPageFactory(parent=event_page)


@pytest.fixture
def registration(event_page):
    return confirmed_registration(event=event_page)


@pytest.fixture
def participant(registration):
    return registration.user


@pytest.fixture
def other_event(event_index):
    return EventPageFactory(parent=event_index, title="Another roundtable")


@pytest.fixture
def other_participant(other_event):
    return confirmed_registration(event=other_event).user


@pytest.fixture
def live_event_page(transactional_db):
    """An event for tests that commit (threads); Wagtail's roots put back first."""
    from demo.event import ensure_wagtail_roots

    ensure_wagtail_roots()
    return EventPageFactory()
