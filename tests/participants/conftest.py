import pytest

from tests.factories import InvitationFactory


@pytest.fixture
def invitation(event_page):
    return InvitationFactory(event=event_page, name="Amina Rahman")


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
