"""“Duplicate as a new event” in the admin: who may, the form, what it answers."""

import datetime

import pytest
from django.contrib.auth.models import Permission
from wagtail.models import Page

from programme.models import Session
from roundtable.models import EventPage
from tests.factories import EventPageFactory, SessionFactory, UserFactory
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def event(event_page):
    SessionFactory(event=event_page, start=at(event_page, 1, 9, 30))
    SessionFactory(event=event_page, start=at(event_page, 2, 14))
    return event_page


def url(event):
    return f"/admin/events/{event.pk}/duplicate/"


FORM = {"title": "Roundtable 2027", "start_date": "2027-03-10"}


def test_anonymous_people_are_sent_to_sign_in(client, event):
    response = client.get(url(event))

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_signed_in_people_who_are_not_organisers_are_refused(client, event, user):
    client.force_login(user)

    assert client.get(url(event)).status_code == 403
    assert client.post(url(event), FORM).status_code == 403
    assert not EventPage.objects.filter(title="Roundtable 2027").exists()


def test_participants_of_the_event_are_refused(client, event, participant):
    client.force_login(participant)

    assert client.post(url(event), FORM).status_code == 403
    assert not EventPage.objects.filter(title="Roundtable 2027").exists()


@pytest.mark.parametrize("codename", ["access_admin", "organise_events"])
def test_staff_without_both_organising_and_adding_pages_are_refused(
    client, event, codename
):
    staff = UserFactory()
    staff.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(codename=codename),
    )
    client.force_login(staff)

    response = client.post(url(event), FORM)

    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert not EventPage.objects.filter(title="Roundtable 2027").exists()


def test_organiser_sees_the_form_with_the_original_length(client, event, organiser):
    client.force_login(organiser)

    response = client.get(url(event))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Duplicate as a new event" in content
    assert "keep the original&#x27;s length: 2 days" in content


def test_organiser_duplicates_and_lands_on_the_new_event(client, event, organiser):
    client.force_login(organiser)

    response = client.post(url(event), FORM, follow=True)

    new = EventPage.objects.get(title="Roundtable 2027")
    assert response.redirect_chain[-1][0] == f"/admin/pages/{new.pk}/edit/"
    assert (new.start_date, new.end_date, new.live) == (
        datetime.date(2027, 3, 10),
        datetime.date(2027, 3, 11),
        False,
    )
    assert new.owner == organiser
    [message] = [str(m) for m in response.context["messages"]]
    assert "2 sessions were copied as drafts" in message
    assert "“Roundtable 2027” (10–11 March 2027)" in message
    assert Session.objects.filter(event=new, live=False).count() == 2


@pytest.mark.parametrize(
    ("data", "error"),
    [
        (
            {"end_date": "2027-03-09"},
            "The event cannot end before it starts.",
        ),
        (
            {"slug": "taken"},
            "Another event already uses the address “taken”; choose another.",
        ),
        ({"start_date": "soon"}, "Enter a valid date."),
    ],
)
def test_bad_input_is_a_form_error_and_changes_nothing(
    client, event, organiser, data, error
):
    EventPageFactory(parent=event.get_parent(), slug="taken")
    pages = Page.objects.count()
    client.force_login(organiser)

    response = client.post(url(event), {**FORM, **data})

    assert response.status_code == 200
    assert error in response.content.decode()
    assert Page.objects.count() == pages


def test_the_action_is_in_the_event_menus_for_organisers_only(
    client, event, organiser, user
):
    user.user_permissions.add(Permission.objects.get(codename="access_admin"))
    index = event.get_parent()

    client.force_login(organiser)
    assert url(event) in client.get(f"/admin/pages/{event.pk}/edit/").content.decode()
    assert url(event) in client.get(f"/admin/pages/{index.pk}/").content.decode()
    home = index.get_parent()
    assert "/duplicate/" not in client.get(f"/admin/pages/{home.pk}/").content.decode()

    client.force_login(user)
    assert "/duplicate/" not in client.get(f"/admin/pages/{index.pk}/").content.decode()
