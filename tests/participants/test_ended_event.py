"""After the event has ended: invitations, registrations and bookings are a
record the services refuse to change; being listed can still be withdrawn."""

import datetime

import pytest
from django.core import mail

from participants import (
    breakouts,
    ended,
    errors,
    imports,
    invitations,
    registrations,
    reminders,
)
from participants.models import BreakoutBooking, Invitation, Registration
from roundtable import clock
from tests.factories import (
    InvitationFactory,
    UserFactory,
    breakout,
    confirmed_registration,
)
from tests.factories.users import DEFAULT_PASSWORD

pytestmark = pytest.mark.usefixtures("real_clock")


def rows(model):
    return list(model.objects.order_by("pk").values())


def sign_in(client, user):
    assert client.login(username=user.email, password=DEFAULT_PASSWORD)


def test_the_event_ends_after_its_last_day_in_its_own_time_zone(event_page):
    # 27 June 2014 ends at midnight in Singapore: 16:00 UTC.
    last_minute = datetime.datetime(2014, 6, 27, 15, 59, tzinfo=datetime.UTC)
    with clock.as_of(last_minute):
        assert not event_page.has_ended
    with clock.as_of(last_minute + datetime.timedelta(minutes=1)):
        assert event_page.has_ended
    assert event_page.has_ended  # today


def test_accepting_or_declining_is_refused_and_changes_nothing(event_page):
    invitation = InvitationFactory(event=event_page)
    before = rows(Invitation)
    with pytest.raises(errors.InvitationError, match="This event has ended"):
        invitations.accept(token=invitation.raw_token)
    with pytest.raises(errors.InvitationError, match="This event has ended"):
        invitations.decline(token=invitation.raw_token, reason="Too late")
    assert rows(Invitation) == before


def test_invitation_page_says_the_event_has_ended_and_takes_no_answer(
    client, event_page
):
    invitation = InvitationFactory(event=event_page, name="Amina Rahman")
    before = rows(Invitation)
    html = client.get(f"/invitations/{invitation.raw_token}/").content.decode()
    assert "This event has ended" in html
    assert event_page.date_range in html
    assert f'href="{event_page.url}"' in html
    assert "Answer by" not in html
    assert 'value="accept"' not in html and 'value="decline"' not in html
    for action in ("accept", "decline"):
        response = client.post(
            f"/invitations/{invitation.raw_token}/", {"action": action}
        )
        assert response.status_code == 409
        assert ended.ANSWER in response.content.decode()
    assert rows(Invitation) == before


@pytest.mark.parametrize(
    "status, service",
    [
        (None, "invite"),
        (Invitation.Status.PENDING, "resend"),
        (Invitation.Status.REVOKED, "reinstate"),
        (Invitation.Status.DECLINED, "invite_again"),
    ],
)
def test_no_invitation_is_sent_for_an_ended_event(
    event_page, django_capture_on_commit_callbacks, status, service
):
    if status is None:
        call = lambda: invitations.invite(  # noqa: E731
            event=event_page, email="late@example.org", name="Late Comer"
        )
    else:
        invitation = InvitationFactory(event=event_page, status=status)
        call = lambda: getattr(invitations, service)(invitation=invitation)  # noqa: E731
    before = rows(Invitation)
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(errors.InvitationError, match="has ended, so no invitations"),
    ):
        call()
    assert rows(Invitation) == before
    assert mail.outbox == []


def test_an_import_for_an_ended_event_invites_nobody(event_page):
    rows = [
        {
            "line": 2,
            "name": "Late Comer",
            "email": "late@example.org",
            "organisation": "",
            "kind": "",
        }
    ]
    refusal = f"“{event_page.title}” has ended, so no invitations are sent for it."
    assert imports.check_import(event=event_page, rows=rows) == [(rows[0], refusal)]
    with pytest.raises(errors.InvitationError, match="has ended"):
        imports.import_invitations(event=event_page, rows=rows)
    assert Invitation.objects.count() == 0


def test_no_reminder_is_sent_for_an_ended_event(
    event_page, django_capture_on_commit_callbacks
):
    invitation = InvitationFactory(event=event_page)
    with django_capture_on_commit_callbacks(execute=True):
        sent, not_sent = reminders.remind_each(invitations=[invitation])
    assert (sent, not_sent) == (0, {"ended": 1})
    assert reminders.describe_reminders(sent=sent, not_sent=not_sent) == (
        "No reminders sent: the invitation is for an event that has ended."
    )
    invitation.refresh_from_db()
    assert invitation.reminded_at is None
    assert mail.outbox == []


def test_registering_is_refused_and_changes_nothing(event_page):
    invitation = InvitationFactory(event=event_page, status=Invitation.Status.ACCEPTED)
    user = UserFactory(email=invitation.email)
    with pytest.raises(errors.InvitationError, match=ended.REGISTER):
        registrations.register(
            invitation=invitation,
            user=user,
            days=[event_page.start_date],
            privacy_agreed=True,
        )
    assert Registration.objects.count() == 0


def test_registration_form_says_the_event_has_ended(client, event_page):
    invitation = InvitationFactory(event=event_page, status=Invitation.Status.ACCEPTED)
    sign_in(client, UserFactory(email=invitation.email))
    page = client.get(f"/my/register/{invitation.pk}/")
    assert page.status_code == 200
    assert "This event has ended" in page.content.decode()
    assert 'name="privacy_agreed"' not in page.content.decode()
    posted = client.post(
        f"/my/register/{invitation.pk}/",
        {"days": ["2014-06-26"], "privacy_agreed": "on"},
    )
    assert posted.status_code == 409
    assert ended.REGISTER in posted.content.decode()
    assert Registration.objects.count() == 0


def test_booking_cancelling_and_waitlisting_are_refused(event_page):
    session = breakout(event=event_page, capacity=1)
    seated, waiting, newcomer = (
        confirmed_registration(event=event_page) for _ in range(3)
    )
    with clock.as_of(event_page.starts_at):
        seat = breakouts.book_breakout(registration=seated, session=session)
        place = breakouts.book_breakout(registration=waiting, session=session)
    assert place.status == BreakoutBooking.Status.WAITLISTED
    before = rows(BreakoutBooking)

    with pytest.raises(errors.BookingError, match=ended.BOOK):
        breakouts.book_breakout(registration=newcomer, session=session)
    for booking in (seat, place):
        with pytest.raises(errors.BookingError, match=ended.CANCEL_BOOKING):
            breakouts.cancel_booking(booking=booking)
    assert breakouts.promote_waitlist(session=session) == []
    # An organiser may still correct the record; nobody is promoted.
    assert breakouts.set_capacity(session=session, capacity=5) == []
    assert rows(BreakoutBooking) == before
    assert mail.outbox == []


def test_booking_views_show_the_refusal(client, event_page):
    session = breakout(event=event_page, capacity=3)
    registration = confirmed_registration(event=event_page)
    sign_in(client, registration.user)
    response = client.post(f"/my/breakouts/{session.pk}/book/", follow=True)
    assert ended.BOOK in response.content.decode()
    assert BreakoutBooking.objects.count() == 0


def test_my_page_is_a_record_without_booking_buttons_or_pass(client, event_page):
    session = breakout(event=event_page, capacity=3, title="Breakout on shelters")
    registration = confirmed_registration(event=event_page)
    with clock.as_of(event_page.starts_at):
        breakouts.book_breakout(registration=registration, session=session)
    sign_in(client, registration.user)
    html = client.get("/my/").content.decode()
    assert "This event has ended" in html
    assert "Breakout on shelters" in html
    assert "Book a seat" not in html and "Cancel booking" not in html
    assert "No longer needed: the event has ended." in html
    assert 'class="qr"' not in html


def test_listing_can_be_withdrawn_after_the_end(client, event_page):
    registration = confirmed_registration(event=event_page)
    Registration.objects.filter(pk=registration.pk).update(listed_consent=True)
    assert not registrations.can_change(registration)
    sign_in(client, registration.user)
    assert "Stop listing me" in client.get("/my/").content.decode()

    response = client.post(f"/my/registrations/{registration.pk}/unlist/", follow=True)

    assert "You are no longer listed in the participant list." in (
        response.content.decode()
    )
    registration.refresh_from_db()
    assert registration.listed_consent is False
    assert "Stop listing me" not in client.get("/my/").content.decode()


def test_withdrawing_is_for_ones_own_registration_only(client, event_page):
    registration = confirmed_registration(event=event_page)
    Registration.objects.filter(pk=registration.pk).update(listed_consent=True)
    sign_in(client, UserFactory())
    response = client.post(f"/my/registrations/{registration.pk}/unlist/")
    assert response.status_code == 404
    registration.refresh_from_db()
    assert registration.listed_consent is True


def test_nobody_is_newly_listed_after_the_end(event_page):
    registration = confirmed_registration(event=event_page)
    with pytest.raises(errors.InvitationError):
        registrations.update_registration(
            registration=registration,
            days=[event_page.start_date],
            listed_consent=True,
        )
    registration.refresh_from_db()
    assert registration.listed_consent is False
