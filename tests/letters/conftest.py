import datetime

import pytest

from roundtable import clock
from tests.factories import confirmed_registration

# The factory's event is on 26–27 June 2014 in Singapore: over by 1 July.
AFTER_THE_EVENT = datetime.datetime(2014, 7, 1, tzinfo=datetime.UTC)


@pytest.fixture
def after_the_event(before_the_2014_events):
    with clock.as_of(AFTER_THE_EVENT):
        yield


@pytest.fixture
def registration(event_page):
    return confirmed_registration(
        event=event_page,
        user__first_name="Amina",
        user__last_name="Rahman",
        invitation__organisation="Ministry of Labour",
        position="Director",
    )
