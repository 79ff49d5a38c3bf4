"""The organisers' event desk in the admin (participants.admin.desk)."""

import csv
import datetime
import io

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse
from django.utils import timezone

from participants.models import CheckIn, Invitation, Registration
from programme.models import Session
from roundtable import clock
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    RegistrationFactory,
    UserFactory,
)
from tests.factories.area import breakout, confirmed_registration


def desk_url(event):
    return reverse("participants_event_desk", args=[event.pk])


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def test_desk_shows_the_funnel_and_links_each_number_to_its_list(
    organiser_client, event_page
):
    InvitationFactory.create_batch(2, event=event_page)
    RegistrationFactory(invitation__event=event_page, user__first_name="Ana")
    RegistrationFactory(
        invitation__event=event_page,
        status=Registration.Status.PENDING_APPROVAL,
        user__first_name="Bo",
    )

    response = organiser_client.get(desk_url(event_page))

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<h2 class="w-h2">{event_page.title}</h2>' in html
    registrations = reverse("participants_registration:index")
    invitations = reverse("participants_invitation:index")
    expected_links = {
        f"{invitations}?event={event_page.pk}": "4",
        f"{invitations}?event={event_page.pk}&amp;status=accepted": "2",
        f"{registrations}?event={event_page.pk}"
        "&amp;status=pending_approval&amp;status=confirmed": "2",
        f"{registrations}?event={event_page.pk}&amp;status=confirmed": "1",
        f"{invitations}?event={event_page.pk}&amp;progress=awaiting_answer": "2",
    }
    for url, count in expected_links.items():
        assert f'<a href="{url}">{count}<span class="w-sr-only">' in html or (
            f'<a href="{url}">' in html and f"<strong>{count}</strong>" in html
        )


def test_each_funnel_link_lists_exactly_the_people_it_counts(
    organiser_client, event_page, other_event
):
    account = InvitationFactory(
        event=event_page, status=Invitation.Status.ACCEPTED, name="Has Account"
    )
    UserFactory(email=account.email)
    InvitationFactory(
        event=event_page, status=Invitation.Status.ACCEPTED, name="No Account"
    )
    InvitationFactory(
        event=event_page,
        name="Past Date",
        expires_at=clock.now() - datetime.timedelta(hours=1),
    )
    InvitationFactory(event=other_event, status=Invitation.Status.ACCEPTED)
    index = reverse("participants_invitation:index")

    def names(query):
        response = organiser_client.get(index, {"event": event_page.pk, **query})
        assert response.status_code == 200
        return sorted(row.name for row in response.context["object_list"])

    assert names({"progress": "account"}) == ["Has Account"]
    assert names({"progress": "no_account"}) == ["No Account"]
    assert names({"progress": "not_registered"}) == ["Has Account"]
    assert names({"progress": "expired"}) == ["Past Date"]


def test_registered_link_lists_awaiting_and_confirmed_together(
    organiser_client, event_page
):
    for status in Registration.Status.values:
        RegistrationFactory(invitation__event=event_page, status=status)

    response = organiser_client.get(
        reverse("participants_registration:index"),
        {"event": event_page.pk, "status": ["pending_approval", "confirmed"]},
    )

    statuses = sorted(row.status for row in response.context["object_list"])
    assert statuses == ["confirmed", "pending_approval"]


def test_desk_shows_breakouts_needs_and_check_ins_in_the_event_time(
    organiser_client, event_page
):
    session = breakout(event=event_page, title="Breakout on children", capacity=4)
    ana = confirmed_registration(
        event=event_page,
        dietary="Vegetarian",
        access_needs="Step-free access",
        user__first_name="Ana",
        user__last_name="Reyes",
    )
    session.bookings.create(registration=ana, status="confirmed")
    CheckIn.objects.create(registration=ana, day=event_page.start_date)

    html = organiser_client.get(desk_url(event_page)).content.decode()

    assert "Breakout on children" in html
    assert "14:00–15:30" in html  # the event's own time, not UTC
    assert "Singapore time" in html
    assert "<strong>Vegetarian</strong>: 1 (Ana Reyes)" in html
    assert "<strong>Step-free access</strong>: 1 (Ana Reyes)" in html
    assert "1 of 1<span" in html


def test_catering_export_is_a_row_per_person_and_day_with_safe_cells(
    organiser_client, event_page
):
    event_page.end_date = event_page.start_date + datetime.timedelta(days=1)
    event_page.save()
    days = [event_page.start_date.isoformat(), event_page.end_date.isoformat()]
    confirmed_registration(
        event=event_page,
        days=days,
        dietary="=HYPERLINK(1)",
        user__first_name="Ana",
        user__last_name="Reyes",
        invitation__organisation="Harbour Shelter",
    )
    RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.CANCELLED
    )

    response = organiser_client.get(
        reverse("participants_event_catering", args=[event_page.pk])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode())))
    assert rows == [
        ["Day", "Name", "Organisation", "Dietary needs", "Access needs"],
        [days[0], "Ana Reyes", "Harbour Shelter", "'=HYPERLINK(1)", ""],
        [days[1], "Ana Reyes", "Harbour Shelter", "'=HYPERLINK(1)", ""],
    ]


def test_desk_index_opens_the_next_event_and_the_switcher_another(
    organiser_client, event_page, other_event
):
    index = reverse("participants_event_desks")
    response = organiser_client.get(index)
    assert response.status_code == 302
    assert response["Location"] in {desk_url(event_page), desk_url(other_event)}

    response = organiser_client.get(index, {"event": other_event.pk})
    assert response["Location"] == desk_url(other_event)


def test_desk_index_without_events_says_how_to_add_one(organiser_client, db):
    response = organiser_client.get(reverse("participants_event_desks"))
    assert response.status_code == 200
    assert "There are no events yet." in response.content.decode()


def test_desk_of_an_unknown_event_is_not_found(organiser_client, event_page):
    response = organiser_client.get(
        reverse("participants_event_desk", args=[event_page.pk + 1000])
    )
    assert response.status_code == 404


def test_live_check_in_part_is_the_counts_alone(organiser_client, event_page):
    ana = confirmed_registration(event=event_page)
    CheckIn.objects.create(registration=ana, day=event_page.start_date)

    response = organiser_client.get(desk_url(event_page), {"part": "check-in"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "1 of 1<span" in html


def test_desk_refreshes_check_ins_only_while_the_event_is_on(
    organiser_client, event_page
):
    assert "desk.js" not in organiser_client.get(desk_url(event_page)).content.decode()
    during = datetime.datetime.combine(
        event_page.start_date, datetime.time(10), tzinfo=event_page.tzinfo
    )
    with clock.as_of(during):
        html = organiser_client.get(desk_url(event_page)).content.decode()
    assert "desk.js" in html
    assert "<strong>On now</strong>" in html


def test_event_page_editor_links_to_its_desk(organiser_client, event_page):
    html = organiser_client.get(
        reverse("wagtailadmin_pages:edit", args=[event_page.pk])
    ).content.decode()
    assert f'href="{desk_url(event_page)}"' in html


def test_admin_home_lists_events_with_counts_and_links_to_their_desks(
    organiser_client, event_page
):
    event_page.start_date = timezone.localdate() + datetime.timedelta(days=5)
    event_page.end_date = event_page.start_date
    event_page.save()
    InvitationFactory.create_batch(3, event=event_page)
    InvitationFactory(event=event_page, status=Invitation.Status.DECLINED)
    RegistrationFactory(invitation__event=event_page)

    html = organiser_client.get("/admin/").content.decode()

    row = html.split(f'<a href="{desk_url(event_page)}">')[1].split("</tr>")[0]
    cells = [cell.split("</td>")[0] for cell in row.split("<td>")[1:]]
    assert cells == [event_page.date_range, "5", "1", "1", "0", "1"]


# Who may open the desk: organisers only.

DESK_VIEWS = [
    ("participants_event_desk", True, {}),
    ("participants_event_desk", True, {"part": "check-in"}),
    ("participants_event_catering", True, {}),
    ("participants_event_desks", False, {}),
]


@pytest.mark.parametrize(("name", "per_event", "query"), DESK_VIEWS)
def test_anonymous_visitor_is_sent_to_sign_in(
    client, event_page, name, per_event, query
):
    url = reverse(name, args=[event_page.pk] if per_event else [])
    response = client.get(url, query)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/?next=/admin/")


@pytest.mark.parametrize(("name", "per_event", "query"), DESK_VIEWS)
def test_participant_of_the_event_cannot_open_the_desk(
    client, event_page, name, per_event, query
):
    registration = confirmed_registration(event=event_page)
    client.force_login(registration.user)
    url = reverse(name, args=[event_page.pk] if per_event else [])
    assert client.get(url, query).status_code == 403


@pytest.mark.parametrize(("name", "per_event", "query"), DESK_VIEWS)
def test_staff_who_are_not_organisers_are_refused(
    client, event_page, name, per_event, query
):
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(
            codename="access_admin", content_type__app_label="wagtailadmin"
        )
    )
    client.force_login(editor)
    url = reverse(name, args=[event_page.pk] if per_event else [])
    response = client.get(url, query)
    # Wagtail's answer to staff refused an admin screen: back home, with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")


# Cost: the same queries at 20 and 500 registrations, 20 and 200 sessions.


def grow(event, *, registrations, sessions):
    """`registrations` confirmed people with needs, and `sessions` breakouts."""
    users = UserFactory._meta.model.objects.bulk_create(
        UserFactory.build(email=f"person{n}-{event.pk}@example.org")
        for n in range(registrations)
    )
    invitations = Invitation.objects.bulk_create(
        Invitation(
            event=event,
            email=user.email,
            name=f"Person {n}",
            status=Invitation.Status.ACCEPTED,
            token_hash=f"{event.pk}-{n}",
            expires_at=clock.now() + datetime.timedelta(days=30),
        )
        for n, user in enumerate(users)
    )
    Registration.objects.bulk_create(
        RegistrationFactory.build(
            event=event,
            invitation=invitation,
            user=user,
            pass_code=None,
            dietary=["Vegetarian", "Halal", ""][n % 3],
        )
        for n, (user, invitation) in enumerate(zip(users, invitations, strict=True))
    )
    start = datetime.datetime.combine(
        event.start_date, datetime.time(8), tzinfo=event.tzinfo
    )
    Session.objects.bulk_create(
        Session(
            event=event,
            title=f"Breakout {n}",
            slug=f"breakout-{n}",
            kind=Session.Kind.BREAKOUT,
            capacity=10,
            start=start + datetime.timedelta(minutes=n),
            end=start + datetime.timedelta(minutes=n + 30),
            live=True,
        )
        for n in range(sessions)
    )


@pytest.mark.parametrize(("registrations", "sessions"), [(20, 20), (500, 200)])
def test_desk_queries_do_not_grow_with_the_event(
    organiser_client, event_page, django_assert_max_num_queries, registrations, sessions
):
    grow(event_page, registrations=registrations, sessions=sessions)
    EventPageFactory(parent=event_page.get_parent())  # the switcher has two
    organiser_client.get(desk_url(event_page))  # sessions and caches warm

    with django_assert_max_num_queries(22):
        response = organiser_client.get(desk_url(event_page))

    assert response.status_code == 200
    html = response.content.decode()
    assert f"{registrations} attending" in html
    days = (event_page.end_date - event_page.start_date).days + 1
    # A bar per funnel stage, per day's check-ins and per breakout.
    assert html.count('<svg class="desk-bar"') == 6 + days + sessions


@pytest.mark.parametrize("registrations", [20, 500])
def test_admin_home_queries_do_not_grow_with_registrations(
    organiser_client, event_page, django_assert_max_num_queries, registrations
):
    grow(event_page, registrations=registrations, sessions=0)
    organiser_client.get("/admin/")

    with django_assert_max_num_queries(30):
        response = organiser_client.get("/admin/")

    row = response.content.decode().split(f'<a href="{desk_url(event_page)}">')[1]
    assert f"<td>{registrations}</td>" in row.split("</tr>")[0]
