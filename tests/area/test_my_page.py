"""/my/: breakouts, pass, agenda and calendar feed, own data and deletion."""

import datetime
import json

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from icalendar import Calendar

from participants import breakouts, checkin, feeds, privacy
from participants.models import (
    BreakoutBooking,
    CalendarFeed,
    CheckIn,
    ErasedParticipation,
    Invitation,
    Registration,
)
from programme.models import Session
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    ProgrammePageFactory,
    SessionFactory,
    UserFactory,
    breakout,
    confirmed_registration,
)
from tests.factories.users import DEFAULT_PASSWORD


def plenary(event, hour, **kwargs):
    start = datetime.datetime.combine(
        event.start_date, datetime.time(hour), tzinfo=event.tzinfo
    )
    return SessionFactory(
        event=event,
        kind=Session.Kind.PLENARY,
        start=start,
        end=start + datetime.timedelta(hours=1),
        **kwargs,
    )


def test_my_page_offers_booking_and_shows_the_pass(client, event_page, registration):
    session = breakout(event=event_page, title="Labour migration", capacity=1)
    client.force_login(registration.user)

    response = client.get(reverse("my_registrations"))

    html = response.content.decode()
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert f'action="{reverse("book_breakout", args=[session.pk])}"' in html
    assert "Book a seat" in html
    registration.refresh_from_db()
    assert len(registration.pass_code) == 12
    assert checkin.format_pass_code(registration.pass_code) in html
    assert "<svg" in html
    assert registration.user.email not in registration.pass_code
    assert str(registration.pk) != registration.pass_code


def test_my_page_pass_code_stays_the_same(client, registration):
    client.force_login(registration.user)
    client.get(reverse("my_registrations"))
    registration.refresh_from_db()
    code = registration.pass_code

    client.get(reverse("my_registrations"))

    registration.refresh_from_db()
    assert registration.pass_code == code


def test_full_breakout_offers_the_waitlist(client, event_page, registration):
    session = breakout(event=event_page, capacity=1)
    breakouts.book_breakout(
        registration=confirmed_registration(event=event_page), session=session
    )
    client.force_login(registration.user)

    html = client.get(reverse("my_registrations")).content.decode()

    assert "Join the waitlist" in html
    assert "1 of 1 seat taken" in html
    assert "1 of 1 seats" not in html


def test_booking_view_books_and_reports(client, event_page, registration):
    session = breakout(event=event_page, title="Labour migration")
    client.force_login(registration.user)

    response = client.post(reverse("book_breakout", args=[session.pk]), follow=True)

    assert BreakoutBooking.objects.get(session=session).status == "confirmed"
    assert "You have a seat in “Labour migration”." in response.content.decode()


def test_booking_view_reports_the_waitlist_place(client, event_page, registration):
    session = breakout(event=event_page, title="Labour migration", capacity=0)
    client.force_login(registration.user)

    response = client.post(reverse("book_breakout", args=[session.pk]), follow=True)

    assert "you are number 1 on its waitlist" in response.content.decode()


def test_booking_view_reports_a_refusal(client, event_page, registration):
    first = breakout(event=event_page, hour=14, title="Labour migration")
    second = breakout(event=event_page, hour=14)
    breakouts.book_breakout(registration=registration, session=first)
    client.force_login(registration.user)

    response = client.post(reverse("book_breakout", args=[second.pk]), follow=True)

    assert (
        "You already have “Labour migration” at this time" in response.content.decode()
    )
    assert not BreakoutBooking.objects.filter(session=second).exists()


def test_booking_view_refuses_get_anonymous_and_outsiders(
    client, event_page, registration
):
    session = breakout(event=event_page)
    url = reverse("book_breakout", args=[session.pk])

    assert client.post(url).status_code == 302
    client.force_login(UserFactory())
    assert client.post(url).status_code == 404
    client.force_login(registration.user)
    assert client.get(url).status_code == 405
    assert not BreakoutBooking.objects.exists()


def test_cancel_booking_view_only_cancels_own_bookings(
    client, event_page, registration
):
    session = breakout(event=event_page)
    booking = breakouts.book_breakout(registration=registration, session=session)
    url = reverse("cancel_booking", args=[booking.pk])
    client.force_login(confirmed_registration(event=event_page).user)

    assert client.post(url).status_code == 404
    client.force_login(registration.user)
    client.post(url)

    booking.refresh_from_db()
    assert booking.status == "cancelled"


@pytest.mark.parametrize("count", [1, 8])
def test_my_page_query_count_is_constant(
    client, django_assert_max_num_queries, event_page, registration, count
):
    for hour in range(9, 9 + count):
        breakout(event=event_page, hour=hour)
        plenary(event_page, hour)
    client.force_login(registration.user)
    client.get(reverse("my_registrations"))  # makes the pass code and the feed

    with django_assert_max_num_queries(25):
        response = client.get(reverse("my_registrations"))

    assert (
        sum(
            len(sessions)
            for _, sessions in response.context["participation"][0]["slots"]
        )
        == count
    )


# The personal agenda and calendar feed ---------------------------------------------


def feed_for(user):
    return feeds.calendar_feed(user=user)


def test_feed_has_plenaries_and_own_confirmed_breakouts_only(
    client, event_page, registration
):
    ProgrammePageFactory(parent=event_page)
    opening = plenary(event_page, 9, title="Opening")
    mine = breakout(event=event_page, hour=14, title="Mine")
    breakout(event=event_page, hour=14, title="Not mine")
    waiting = breakout(event=event_page, hour=16, capacity=0, title="Waiting")
    breakouts.book_breakout(registration=registration, session=mine)
    breakouts.book_breakout(registration=registration, session=waiting)

    response = client.get(
        reverse("personal_calendar", args=[feed_for(registration.user).token])
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "private" in response["Cache-Control"]
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = {str(e["summary"]): e for e in calendar.walk("VEVENT")}
    assert sorted(events) == ["Mine", "Opening"]
    assert str(events["Opening"]["uid"]) == str(opening.uid)
    assert int(events["Mine"]["sequence"]) == mine.sequence
    assert (
        str(events["Mine"]["url"])
        == f"http://testserver/events/{event_page.slug}/programme/sessions/{mine.slug}/"
    )
    assert len(calendar.walk("VTIMEZONE")) == 1


def test_feed_follows_session_changes_with_the_programme_rules(
    client, event_page, registration
):
    from programme import ical

    session = plenary(event_page, 9, title="Opening")
    session.room = "Ballroom"
    session.save_revision().publish()
    session.refresh_from_db()

    response = client.get(
        reverse("personal_calendar", args=[feed_for(registration.user).token])
    )

    vevent = Calendar.from_ical(response.content).walk("VEVENT")[0]
    assert int(vevent["sequence"]) == session.sequence == 1
    assert str(vevent["uid"]) == str(session.uid)
    assert ical.PRODID != "-//Roundtable//Personal agenda//EN"


def test_feed_shows_nothing_of_events_where_the_person_is_not_confirmed(
    client, event_page, other_event
):
    plenary(event_page, 9, title="Zebracorn opening")
    outsider = confirmed_registration(event=other_event)
    pending = confirmed_registration(event=event_page, status="pending_approval")

    for user in (outsider.user, pending.user, UserFactory()):
        response = client.get(reverse("personal_calendar", args=[feed_for(user).token]))
        assert response.status_code == 200
        assert Calendar.from_ical(response.content).walk("VEVENT") == []


def test_unknown_feed_token_is_404(client, registration):
    assert (
        client.get(reverse("personal_calendar", args=["nope" * 8])).status_code == 404
    )


@pytest.mark.parametrize(
    "token", ["%00" * 20, "short", "x" * 65, "%3Cscript%3E" * 3, "a%20b" * 8]
)
def test_malformed_feed_tokens_are_404_without_a_lookup(client, registration, token):
    with CaptureQueriesContext(connection) as context:
        response = client.get(f"/calendar/{token}.ics")
    assert response.status_code == 404
    sql = " ".join(query["sql"] for query in context.captured_queries)
    assert "participants_calendarfeed" not in sql


def test_rotating_the_feed_makes_the_old_address_404(client, registration):
    old = feed_for(registration.user).token
    client.force_login(registration.user)

    response = client.post(reverse("rotate_calendar"))

    assert response.status_code == 302
    new = CalendarFeed.objects.get(user=registration.user).token
    assert new != old
    assert len(new) >= 43  # 256 bits, URL-safe base64
    client.logout()
    assert client.get(reverse("personal_calendar", args=[old])).status_code == 404
    assert client.get(reverse("personal_calendar", args=[new])).status_code == 200


def test_rotate_needs_post_and_login(client, registration):
    assert client.post(reverse("rotate_calendar")).status_code == 302
    client.force_login(registration.user)
    assert client.get(reverse("rotate_calendar")).status_code == 405


def test_my_page_offers_a_calendar_address_then_shows_the_webcal_link(
    client, registration
):
    client.force_login(registration.user)
    first = client.get(reverse("my_registrations")).content.decode()
    assert "Get a personal calendar address" in first
    assert "webcal://" not in first

    response = client.post(reverse("rotate_calendar"), follow=True)

    html = response.content.decode()
    assert "Your personal calendar address is ready." in html
    assert CalendarFeed.objects.get(user=registration.user).rotated_at is None
    token = CalendarFeed.objects.get(user=registration.user).token
    assert f'href="webcal://testserver/calendar/{token}.ics"' in html


def test_feed_of_an_inactive_account_is_404(client, registration):
    token = feed_for(registration.user).token
    get_user_model().objects.filter(pk=registration.user.pk).update(is_active=False)

    assert client.get(reverse("personal_calendar", args=[token])).status_code == 404


# Own data ---------------------------------------------------------------------------


def test_data_export_holds_everything_about_the_person(
    client, event_page, registration
):
    session = breakout(event=event_page, title="Labour migration")
    breakouts.book_breakout(registration=registration, session=session)
    checkin.ensure_pass_code(registration=registration)
    checkin.check_in(registration=registration, day=event_page.start_date)
    feed_for(registration.user)
    client.force_login(registration.user)

    response = client.get(reverse("my_data"))

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert (
        response["Content-Disposition"]
        == 'attachment; filename="my-roundtable-data.json"'
    )
    data = json.loads(response.content)
    assert sorted(data) == [
        "account",
        "breakout_bookings",
        "calendar_feed",
        "check_ins",
        "email_addresses",
        "invitations",
        "issued_documents",
        "registrations",
    ]
    assert data["account"]["email"] == registration.user.email
    assert data["email_addresses"] == [
        {"email": registration.user.email, "verified": True, "primary": True}
    ]
    assert [i["email"] for i in data["invitations"]] == [registration.user.email]
    assert data["registrations"][0]["status"] == "confirmed"
    assert data["registrations"][0]["pass_code"] == Registration.objects.get().pass_code
    assert [(b["session"], b["status"]) for b in data["breakout_bookings"]] == [
        ("Labour migration", "confirmed")
    ]
    assert [c["day"] for c in data["check_ins"]] == [event_page.start_date.isoformat()]
    assert data["calendar_feed"]["rotated_at"] is None


def test_data_export_needs_login(client):
    assert client.get(reverse("my_data")).status_code == 302


def test_delete_account_with_a_wrong_password_changes_nothing(client, registration):
    client.force_login(registration.user)

    response = client.post(
        reverse("delete_account"), {"password": "wrong", "confirm": "on"}
    )

    assert response.status_code == 200
    assert "That is not your password." in response.content.decode()
    assert get_user_model().objects.filter(pk=registration.user.pk).exists()


def test_delete_account_erases_the_person_and_promotes_the_waitlist(
    client, event_page, registration, django_capture_on_commit_callbacks
):
    session = breakout(event=event_page, capacity=1)
    breakouts.book_breakout(registration=registration, session=session)
    waiting = confirmed_registration(event=event_page)
    breakouts.book_breakout(registration=waiting, session=session)
    checkin.check_in(registration=registration, day=event_page.start_date)
    feed_for(registration.user)
    email = registration.user.email
    client.force_login(registration.user)

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("delete_account"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
        )

    assert response.status_code == 302
    assert not get_user_model().objects.filter(email=email).exists()
    assert not Invitation.objects.filter(email=email).exists()
    assert list(Registration.objects.values_list("pk", flat=True)) == [waiting.pk]
    assert CheckIn.objects.count() == 0
    assert CalendarFeed.objects.count() == 0
    assert BreakoutBooking.objects.get(registration=waiting).status == "confirmed"
    erased = ErasedParticipation.objects.get()
    assert (erased.event_id, erased.status, erased.days, erased.days_checked_in) == (
        event_page.pk,
        "confirmed",
        1,
        1,
    )
    # Logged out: /my/ asks for a login again.
    assert client.get(reverse("my_registrations")).status_code == 302


def change_primary_address(user, email):
    """As at /accounts/email/: add and verify `email`, make it primary."""
    address = EmailAddress.objects.create(user=user, email=email, verified=True)
    address.set_as_primary()
    user.refresh_from_db()
    return address


def test_export_and_deletion_cover_every_address_the_person_held(
    client, event_index, event_page, other_event, registration
):
    user = registration.user
    first = user.email
    third_event = EventPageFactory(parent=event_index, title="A third roundtable")
    declined = InvitationFactory(
        event=other_event, email=first, status=Invitation.Status.DECLINED
    )
    change_primary_address(user, "second@example.org")
    EmailAddress.objects.get(user=user, email=first).remove()
    pending = InvitationFactory(event=other_event, email="second@example.org")
    change_primary_address(user, "third@example.org")
    latest = InvitationFactory(event=third_event, email="third@example.org")
    # Typed in, never verified (before addresses were closed): not theirs.
    EmailAddress.objects.create(user=user, email="stranger@example.org")
    stranger = InvitationFactory(event=third_event, email="stranger@example.org")
    client.force_login(user)

    data = json.loads(client.get(reverse("my_data")).content)

    assert user.email == "third@example.org"
    assert sorted((i["event"], i["email"]) for i in data["invitations"]) == [
        ("A third roundtable", "third@example.org"),
        ("Another roundtable", first),
        ("Another roundtable", "second@example.org"),
        (event_page.title, first),
    ]
    assert sorted((a["email"], a["verified"]) for a in data["email_addresses"]) == [
        ("second@example.org", True),
        ("stranger@example.org", False),
        ("third@example.org", True),
    ]

    response = client.post(
        reverse("delete_account"), {"password": DEFAULT_PASSWORD, "confirm": "on"}
    )

    assert response.status_code == 302
    assert list(Invitation.objects.values_list("pk", flat=True)) == [stranger.pk]
    assert not Invitation.objects.filter(
        pk__in=[registration.invitation_id, declined.pk, pending.pk, latest.pk]
    ).exists()
    assert EmailAddress.objects.count() == 0
    assert ErasedParticipation.objects.get().event_id == event_page.pk


def test_an_address_another_account_now_holds_is_no_longer_the_persons(
    event_page, other_event, registration
):
    user = registration.user
    first = user.email
    change_primary_address(user, "second@example.org")
    EmailAddress.objects.get(user=user, email=first).remove()
    # The address went to someone else, who was invited with it later.
    newcomer = UserFactory(email=first)
    theirs = InvitationFactory(event=other_event, email=first, name="Newcomer")

    own = privacy.own_data(user=user)

    assert own.addresses == ["second@example.org"]
    assert list(own.invitations) == [registration.invitation]
    privacy.delete_account(user=user)
    assert list(Invitation.objects.all()) == [theirs]
    assert get_user_model().objects.get() == newcomer


def test_my_page_links_the_area_only_when_it_exists(client, event_page, registration):
    from tests.factories import ParticipantAreaPageFactory

    client.force_login(registration.user)
    assert "The participants' area" not in client.get("/my/").content.decode()

    area = ParticipantAreaPageFactory(parent=event_page)

    html = client.get("/my/").content.decode()
    assert f'<a href="{area.url}">The participants\' area</a>' in html


@pytest.mark.parametrize("count", [1, 10])
def test_feed_queries_do_not_grow_with_sessions(
    client, event_page, registration, count, django_assert_max_num_queries
):
    ProgrammePageFactory(parent=event_page)
    for hour in range(0, 2 * count, 2):  # 90-minute breakouts two hours apart
        plenary(event_page, hour)
        breakouts.book_breakout(
            registration=registration, session=breakout(event=event_page, hour=hour)
        )
    url = reverse("personal_calendar", args=[feed_for(registration.user).token])

    with django_assert_max_num_queries(10):
        response = client.get(url)

    assert len(Calendar.from_ical(response.content).walk("VEVENT")) == 2 * count


def test_cancelling_asks_first_and_the_question_changes_nothing(
    client, event_page, registration
):
    session = breakout(event=event_page, title="Shelters breakout")
    booking = breakouts.book_breakout(registration=registration, session=session)
    url = reverse("cancel_booking", args=[booking.pk])
    # Nobody else may see the question, anonymous or another participant.
    assert client.get(url).status_code == 302
    client.force_login(confirmed_registration(event=event_page).user)
    assert client.get(url).status_code == 404

    client.force_login(registration.user)
    response = client.get(url)
    html = response.content.decode()
    assert "<h1>Cancel your seat?</h1>" in html
    assert "Shelters breakout</strong>, Thursday 26 June 2014, 14:00–15:30" in html
    assert "no-store" in response["Cache-Control"]
    booking.refresh_from_db()
    assert booking.status == "confirmed"
    assert f'href="{url}">Cancel booking</a>' in client.get("/my/").content.decode()


def test_feed_is_remembered_until_the_programme_or_the_persons_seats_change(
    client, event_page, registration
):
    ProgrammePageFactory(parent=event_page)
    opening = plenary(event_page, 9, title="Opening")
    mine = breakout(event=event_page, hour=14, title="Mine")
    url = reverse("personal_calendar", args=[feed_for(registration.user).token])

    def summaries():
        response = client.get(url)
        return sorted(
            str(e["summary"])
            for e in Calendar.from_ical(response.content).walk("VEVENT")
        )

    assert summaries() == ["Opening"]
    with CaptureQueriesContext(connection) as queries:
        assert summaries() == ["Opening"]
    # The feed, the person's registrations and seats; no session is read.
    assert len(queries.captured_queries) == 3
    assert not any("programme_session" in q["sql"] for q in queries.captured_queries)

    # The person's own seats are part of the key.
    booking = breakouts.book_breakout(registration=registration, session=mine)
    assert summaries() == ["Mine", "Opening"]
    breakouts.cancel_booking(booking=booking)
    assert summaries() == ["Opening"]

    # A published change to the programme is a purge: a new generation.
    opening.title = "Opening plenary"
    opening.save_revision().publish()
    assert summaries() == ["Opening plenary"]

    # A registration no longer confirmed: nothing of the event.
    privacy_before = registration.status
    registration.status = "cancelled"
    registration.save(update_fields=["status", "updated_at"])
    assert privacy_before == "confirmed"
    assert summaries() == []
