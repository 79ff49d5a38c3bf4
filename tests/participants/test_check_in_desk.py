"""The check-in desk: its list and counts, undo, the counts feed, who may use it."""

import datetime
import json

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from participants import checkin, errors
from participants.models import CheckIn, Invitation, Registration
from participants.models.invitations import hash_token
from roundtable.formatting import format_time
from tests.factories import confirmed_registration

DESK = "/admin/participants/check-in/"
UNDO = "/admin/participants/check-in/undo/"
COUNTS = "/admin/participants/check-in/counts/"
WALK_IN = "/admin/participants/check-in/walk-in/"
BADGES = "/admin/participants/check-in/badges/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def day_value(event, day=None):
    return f"{event.pk}:{(day or event.start_date).isoformat()}"


def said(response):
    return [str(message) for message in response.context["messages"]]


def listed(response):
    return list(response.context["page_obj"].object_list)


def many_registrations(event, count, *, checked_in=0):
    """`count` confirmed registrations of `event`, the first `checked_in` of
    them checked in on its first day: in a few inserts, for size tests."""
    User = get_user_model()
    users = User.objects.bulk_create(
        User(
            email=f"guest{n}@example.org",
            first_name=f"Guest{n:04d}",
            last_name="Sample",
            password="!",
        )
        for n in range(count)
    )
    invitations = Invitation.objects.bulk_create(
        Invitation(
            event=event,
            email=user.email,
            name=user.first_name,
            organisation=f"Organisation {n}",
            status=Invitation.Status.ACCEPTED,
            token_hash=hash_token(f"token-{event.pk}-{n}"),
            expires_at=datetime.datetime(2014, 7, 1, tzinfo=datetime.UTC),
        )
        for n, user in enumerate(users)
    )
    registrations = Registration.objects.bulk_create(
        Registration(
            event=event,
            user=user,
            invitation=invitation,
            status=Registration.Status.CONFIRMED,
            days=[event.start_date.isoformat()],
            privacy_agreed_at=datetime.datetime(2014, 5, 1, tzinfo=datetime.UTC),
        )
        for user, invitation in zip(users, invitations, strict=True)
    )
    CheckIn.objects.bulk_create(
        CheckIn(registration=registration, day=event.start_date)
        for registration in registrations[:checked_in]
    )
    return registrations


# The list and its counts


def test_desk_counts_the_confirmed_and_those_checked_in_on_the_day(
    organiser_client, event_page
):
    present = confirmed_registration(event=event_page)
    confirmed_registration(event=event_page)
    confirmed_registration(event=event_page, status=Registration.Status.CANCELLED)
    checkin.check_in(registration=present, day=event_page.start_date)
    # Another day's check-in is not this day's.
    checkin.check_in(registration=present, day=event_page.end_date)

    response = organiser_client.get(DESK, {"day": day_value(event_page)})

    assert (
        response.context["checked_in_count"],
        response.context["confirmed_count"],
    ) == (1, 2)
    assert (
        '<p id="check-in-counts" class="check-in-counts" aria-live="polite"'
        in response.content.decode()
    )
    assert "1 of 2 checked in" in response.content.decode()


def test_desk_lists_only_the_confirmed_by_name(organiser_client, event_page):
    confirmed_registration(
        event=event_page, user__first_name="Zoe", user__last_name="Adams"
    )
    confirmed_registration(
        event=event_page, user__first_name="Amir", user__last_name="Baker"
    )
    confirmed_registration(
        event=event_page,
        user__last_name="Cancelled",
        status=Registration.Status.CANCELLED,
    )

    response = organiser_client.get(DESK, {"day": day_value(event_page)})

    assert [r.user.last_name for r in listed(response)] == ["Adams", "Baker"]


def test_desk_finds_by_organisation_and_filters_by_arrival(
    organiser_client, event_page
):
    early = confirmed_registration(
        event=event_page,
        user__last_name="Early",
        invitation__organisation="Harbour Trust",
    )
    confirmed_registration(
        event=event_page,
        user__last_name="Late",
        invitation__organisation="Harbour Trust",
    )
    confirmed_registration(
        event=event_page, user__last_name="Other", invitation__organisation="Elsewhere"
    )
    checkin.check_in(registration=early, day=event_page.start_date)

    def names(**query):
        response = organiser_client.get(DESK, {"day": day_value(event_page), **query})
        return [r.user.last_name for r in listed(response)]

    assert names(q="harbour") == ["Early", "Late"]
    assert names(q="harbour", show="not_yet") == ["Late"]
    assert names(q="harbour", show="checked_in") == ["Early"]
    assert names(show="not_yet") == ["Late", "Other"]


def test_desk_says_who_is_not_registered_for_the_day(organiser_client, event_page):
    confirmed_registration(
        event=event_page, user__last_name="Friday", days=["2014-06-27"]
    )
    confirmed_registration(event=event_page, user__last_name="Thursday")

    thursday = organiser_client.get(DESK, {"day": day_value(event_page)})
    friday = organiser_client.get(
        DESK, {"day": day_value(event_page, event_page.end_date)}
    )

    note = "Not registered for this day: "
    assert thursday.content.decode().count(note) == 1
    assert f"{note}Friday 27 June 2014" in thursday.content.decode()
    assert f"{note}Thursday 26 June 2014" in friday.content.decode()


def test_desk_pages_fifty_people_at_a_time(organiser_client, event_page):
    many_registrations(event_page, 51)

    first = organiser_client.get(DESK, {"day": day_value(event_page)})
    second = organiser_client.get(DESK, {"day": day_value(event_page), "p": "2"})

    assert (len(listed(first)), len(listed(second))) == (50, 1)
    assert listed(second)[0].user.first_name == "Guest0050"
    assert "Page 1 of 2" in first.content.decode()


@pytest.mark.parametrize("count", [20, 500])
def test_desk_queries_do_not_grow_with_the_event(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    registrations = many_registrations(event_page, count, checked_in=count // 2)
    query = {"day": day_value(event_page), "last": registrations[0].pk}

    # The admin's own (session, user, second factor, menu), the events, the
    # day's counts, the page with its count, the person just checked in.
    with django_assert_max_num_queries(16):
        response = organiser_client.get(DESK, query)

    assert response.context["confirmed_count"] == count
    assert response.context["checked_in_count"] == count // 2
    assert len(listed(response)) == min(count, 50)


@pytest.mark.parametrize("count", [20, 500])
def test_counts_queries_do_not_grow_with_the_event(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    many_registrations(event_page, count, checked_in=3)

    # The admin's own (session, user, permissions, second factor, profile),
    # the events, whether the user is an organiser, the counts.
    with django_assert_max_num_queries(9):
        response = organiser_client.get(COUNTS, {"day": day_value(event_page)})

    assert json.loads(response.content) == {
        "checked_in": 3,
        "confirmed": count,
        "text": f"3 of {count} checked in",
    }


def test_counts_are_never_cached(organiser_client, event_page):
    response = organiser_client.get(COUNTS, {"day": day_value(event_page)})

    assert "no-store" in response["Cache-Control"]


@pytest.mark.parametrize("day", ["", "nonsense", "999999:2014-06-26"])
def test_counts_of_an_unknown_day_are_refused(organiser_client, event_page, day):
    response = organiser_client.get(COUNTS, {"day": day})

    assert response.status_code == 400
    assert json.loads(response.content) == {"error": "Unknown event or day."}


# Checking in and undoing from a row


def test_checking_in_from_a_row_comes_back_to_the_same_search_and_page(
    organiser_client, organiser, event_page
):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )

    response = organiser_client.post(
        DESK,
        {
            "day": day_value(event_page),
            "registration": amina.pk,
            "q": "Rahman",
            "show": "not_yet",
            "p": "1",
        },
    )

    assert response.status_code == 302
    assert response["Location"] == (
        f"{DESK}?day={event_page.pk}%3A2014-06-26&q=Rahman&show=not_yet&p=1"
        f"&last={amina.pk}"
    )
    arrival = CheckIn.objects.get()
    assert (arrival.registration_id, arrival.checked_in_by_id) == (
        amina.pk,
        organiser.pk,
    )


def test_checking_in_says_who_and_when_in_the_events_time_zone(
    organiser_client, event_page
):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )

    response = organiser_client.post(
        DESK,
        {"day": day_value(event_page), "registration": amina.pk},
        follow=True,
    )

    time = format_time(CheckIn.objects.get().checked_in_at, "Asia/Singapore")
    assert time.endswith("(Singapore time, UTC+08:00)")
    assert said(response) == [f"Amina Rahman checked in at {time}."]
    assert "1 of 1 checked in" in response.content.decode()


def test_undo_removes_the_days_check_in_and_says_so(organiser_client, event_page):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )
    checkin.check_in(registration=amina, day=event_page.start_date)
    checkin.check_in(registration=amina, day=event_page.end_date)
    CheckIn.objects.filter(day=event_page.start_date).update(
        checked_in_at=datetime.datetime(2014, 6, 26, 1, 5, tzinfo=datetime.UTC)
    )

    response = organiser_client.post(
        UNDO,
        {"day": day_value(event_page), "registration": amina.pk, "q": "Amina"},
        follow=True,
    )

    assert response.redirect_chain == [
        (f"{DESK}?day={event_page.pk}%3A2014-06-26&q=Amina", 302)
    ]
    assert said(response) == [
        "Undone: Amina Rahman is no longer checked in for Thursday 26 June 2014 "
        "(was at 09:05 (Singapore time, UTC+08:00))."
    ]
    # The other day's check-in stays.
    assert list(CheckIn.objects.values_list("day", flat=True)) == [event_page.end_date]
    assert "0 of 1 checked in" in response.content.decode()


def test_undo_when_not_checked_in_says_so_and_changes_nothing(
    organiser_client, event_page
):
    amina = confirmed_registration(
        event=event_page, user__first_name="Amina", user__last_name="Rahman"
    )
    checkin.check_in(registration=amina, day=event_page.end_date)

    response = organiser_client.post(
        UNDO, {"day": day_value(event_page), "registration": amina.pk}, follow=True
    )

    assert said(response) == [
        "Amina Rahman is not checked in for Thursday 26 June 2014. Nothing changed."
    ]
    assert CheckIn.objects.count() == 1


def test_undo_service_refuses_when_not_checked_in(registration):
    with pytest.raises(errors.BookingError, match="is not checked in for"):
        checkin.undo_check_in(
            registration=registration, day=registration.event.start_date
        )


# Bad input changes nothing


@pytest.mark.parametrize("url", [DESK, UNDO])
def test_an_unknown_registration_changes_nothing(organiser_client, event_page, url):
    registration = confirmed_registration(event=event_page)
    checkin.check_in(registration=registration, day=event_page.start_date)

    response = organiser_client.post(
        url, {"day": day_value(event_page), "registration": 999999}, follow=True
    )

    assert "This person is not registered here." in response.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize("url", [DESK, UNDO])
def test_a_registration_of_another_event_changes_nothing(
    organiser_client, event_page, other_event, url
):
    other = confirmed_registration(event=other_event)
    checkin.check_in(registration=other, day=other_event.start_date)

    response = organiser_client.post(
        url,
        {"day": day_value(event_page), "registration": other.pk},
        follow=True,
    )

    assert "This person is not registered here." in response.content.decode()
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    "day",
    [
        "2014-06-28",  # the day after the event
        "26 June",  # not a date
    ],
)
@pytest.mark.parametrize("url", [DESK, UNDO])
def test_a_day_outside_the_event_changes_nothing(
    organiser_client, event_page, day, url
):
    registration = confirmed_registration(event=event_page)
    checkin.check_in(registration=registration, day=event_page.start_date)

    response = organiser_client.post(
        url,
        {"day": f"{event_page.pk}:{day}", "registration": registration.pk},
        follow=True,
    )

    html = response.content.decode()
    assert (
        "Select a valid choice." in html
        or "Choose the event and day again: nothing changed." in html
    )
    assert CheckIn.objects.count() == 1


def test_a_malformed_day_on_the_desk_is_refused(organiser_client, event_page):
    registration = confirmed_registration(event=event_page)

    response = organiser_client.post(
        DESK, {"day": "not-a-day", "registration": registration.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice. not-a-day is not one of the available choices." in (
        response.content.decode()
    )
    assert CheckIn.objects.count() == 0


def test_undo_with_a_malformed_day_says_to_choose_again(organiser_client, event_page):
    registration = confirmed_registration(event=event_page)
    checkin.check_in(registration=registration, day=event_page.start_date)

    response = organiser_client.post(
        UNDO, {"day": "not-a-day", "registration": registration.pk}, follow=True
    )

    assert said(response) == ["Choose the event and day again: nothing changed."]
    assert CheckIn.objects.count() == 1


# Who may use the desk


def desk_requests(event, registration):
    day = day_value(event)
    return [
        ("get", DESK, {"day": day}),
        ("post", DESK, {"day": day, "registration": registration.pk}),
        ("post", UNDO, {"day": day, "registration": registration.pk}),
        ("get", COUNTS, {"day": day}),
        ("get", WALK_IN, {"day": day}),
        (
            "post",
            WALK_IN,
            {
                "day": day,
                "name": "Sam Walker",
                "email": "sam@example.org",
                "privacy_agreed": "on",
            },
        ),
        ("get", BADGES, {"event": event.pk}),
        ("get", BADGES, {"event": event.pk, "registration": registration.pk}),
    ]


def test_anonymous_visitors_are_sent_to_the_admin_sign_in(client, registration):
    for method, url, data in desk_requests(registration.event, registration):
        response = getattr(client, method)(url, data)

        assert response.status_code == 302, url
        assert response["Location"].startswith("/accounts/login/?next="), url
    assert CheckIn.objects.count() == 0
    assert Registration.objects.count() == 1


def test_participants_are_refused_everything_the_desk_does(client, registration):
    client.force_login(registration.user)
    checkin.check_in(registration=registration, day=registration.event.end_date)

    for method, url, data in desk_requests(registration.event, registration):
        response = getattr(client, method)(url, data)

        assert response.status_code == 403, url
    assert CheckIn.objects.count() == 1
    assert Registration.objects.count() == 1


def test_the_desk_urls_are_named():
    assert [
        reverse(name)
        for name in [
            "participants_check_in",
            "participants_check_in_undo",
            "participants_check_in_walk_in",
            "participants_check_in_counts",
            "participants_badges",
        ]
    ] == [DESK, UNDO, WALK_IN, COUNTS, BADGES]
