"""Hypothesis settings and the people, events and sessions the fuzz tests attack."""

import datetime
import os

import pytest
from hypothesis import HealthCheck, settings

from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    ParticipantAreaPageFactory,
    breakout,
    confirmed_registration,
)

# Modest and derandomised, so CI runs the same examples each time and the package
# stays well under 90 s per database. FUZZ_EXAMPLES=500 explores further by hand.
settings.register_profile(
    "fuzz",
    max_examples=int(os.environ.get("FUZZ_EXAMPLES", "15")),
    deadline=None,
    derandomize=True,
    database=None,
    print_blob=True,
    # Each example runs in its own rolled-back transaction (tests.fuzz.hostile),
    # so function-scoped fixtures are set up once and never see an example's writes.
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.data_too_large,
        HealthCheck.large_base_example,
    ],
)
settings.load_profile("fuzz")


@pytest.fixture
def future_event(event_index):
    """An event a month ahead: bookings and registration changes are still open."""
    start = datetime.date.today() + datetime.timedelta(days=30)
    return EventPageFactory(
        parent=event_index, start_date=start, end_date=start + datetime.timedelta(1)
    )


@pytest.fixture
def invitation(future_event):
    return InvitationFactory(event=future_event, name="Amina Rahman")


@pytest.fixture
def registration(future_event):
    ParticipantAreaPageFactory(parent=future_event)
    return confirmed_registration(event=future_event)


@pytest.fixture
def participant(registration):
    return registration.user


@pytest.fixture
def breakouts(future_event):
    """Two breakouts at different times: one with a seat, one already full."""
    return [
        breakout(event=future_event, hour=10, capacity=5),
        breakout(event=future_event, hour=14, capacity=0),
    ]
