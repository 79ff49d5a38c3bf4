import datetime

import pytest

from tests.factories import ProgrammePageFactory, SpeakerIndexPageFactory


def at(event, day, hour, minute=0):
    """A moment on day `day` (1-based) of `event`, in its time zone."""
    date = event.start_date + datetime.timedelta(days=day - 1)
    return datetime.datetime(
        date.year, date.month, date.day, hour, minute, tzinfo=event.tzinfo
    )


@pytest.fixture
def programme_page(event_page):
    return ProgrammePageFactory(parent=event_page)


@pytest.fixture
def speaker_page(event_page):
    return SpeakerIndexPageFactory(parent=event_page)


@pytest.fixture
def participant(event_page):
    from tests.factories import UserFactory

    return UserFactory(groups=[event_page.participant_group])
