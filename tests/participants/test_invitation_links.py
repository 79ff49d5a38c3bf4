"""The invitation page links to the event and its programme, where anyone may read
them, so that an invitee can read before answering."""

import pytest
from wagtail.models import PageViewRestriction

from tests.factories import InvitationFactory, ProgrammePageFactory

pytestmark = pytest.mark.django_db


def page_of(client, invitation):
    return client.get(f"/invitations/{invitation.raw_token}/").content.decode()


def test_the_invitation_links_to_the_event_and_its_programme(client, event_page):
    programme = ProgrammePageFactory(parent=event_page)
    html = page_of(client, InvitationFactory(event=event_page))
    assert (
        f'read <a href="{event_page.url}">about the event</a> and '
        f'<a href="{programme.url}">its programme</a>. Your link stays valid'
    ) in html


def test_no_link_to_a_programme_that_is_not_published(client, event_page):
    ProgrammePageFactory(parent=event_page).unpublish()
    html = page_of(client, InvitationFactory(event=event_page))
    assert f'<a href="{event_page.url}">about the event</a>. Your link' in html
    assert "its programme" not in html


def test_no_links_to_an_event_page_the_public_cannot_read(client, event_page):
    ProgrammePageFactory(parent=event_page)
    PageViewRestriction.objects.create(
        page=event_page, restriction_type=PageViewRestriction.LOGIN
    )
    html = page_of(client, InvitationFactory(event=event_page))
    assert "about the event" not in html
    assert "Accept the invitation" in html
