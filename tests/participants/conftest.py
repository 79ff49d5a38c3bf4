import pytest

from tests.factories import EventPageFactory, InvitationFactory, confirmed_registration


@pytest.fixture
def invitation(event_page):
    return InvitationFactory(event=event_page, name="Amina Rahman")


@pytest.fixture
def registration(event_page):
    """A confirmed registration, its person in the participant group."""
    return confirmed_registration(event=event_page)


@pytest.fixture
def other_event(event_index):
    return EventPageFactory(parent=event_index, title="Another roundtable")


@pytest.fixture
def live_event_page(transactional_db):
    """An event for tests that commit (threads, commands).

    Earlier transactional tests flush the database, Wagtail's root page with
    it, so the roots are put back first, as load_demo does.
    """
    from demo.event import ensure_wagtail_roots
    from tests.factories import EventPageFactory

    ensure_wagtail_roots()
    return EventPageFactory()
