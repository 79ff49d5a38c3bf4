import pytest

from tests.factories import InvitationFactory


@pytest.fixture
def invitation(event_page):
    return InvitationFactory(event=event_page, name="Amina Rahman")
