"""The admin answers people who may not use it once, plainly."""

import pytest
from wagtail.models import Page

from tests.factories import confirmed_registration

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("url", ["/admin/", "/admin/pages/", "/admin/snippets/"])
def test_signed_in_participant_gets_one_plain_403_from_the_admin(
    client, event_page, url
):
    client.force_login(confirmed_registration(event=event_page).user)
    response = client.get(url, follow=True)
    assert response.redirect_chain == []
    assert response.status_code == 403
    page = response.content.decode()
    assert "<h1>Not allowed</h1>" in page
    assert page.count("You do not have permission") == 1
    assert "private" in response["Cache-Control"]


def test_anonymous_visitor_is_sent_to_sign_in_from_the_admin(client, home_page):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/login/?next=/admin/"


def test_organiser_still_reaches_the_admin(client, organiser, home_page):
    client.force_login(organiser)
    assert client.get("/admin/").status_code == 200


def test_preview_of_a_page_may_be_framed_by_the_admin(client, organiser, home_page):
    """Wagtail renders previews through the middleware with a dummy request for
    the page's own address; the public policy's frame-ancestors 'none' blanked
    the editor's preview panel."""
    client.force_login(organiser)
    page = Page.objects.get(pk=home_page.pk).specific
    response = page.make_preview_request()
    assert response.status_code == 200
    assert "frame-ancestors 'self'" in response["Content-Security-Policy"]
    assert "frame-ancestors 'none'" not in response["Content-Security-Policy"]


def test_public_page_still_refuses_every_frame(client, home_page):
    response = client.get("/")
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
