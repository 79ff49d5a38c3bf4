"""Walk-ins: registered, confirmed and checked in at the door in one step."""

import datetime

import pytest
from allauth.account.models import EmailAddress
from django.core import mail

from participants import checkin, errors, registrations
from participants.models import CheckIn, Invitation, Registration
from tests.factories import InvitationFactory, UserFactory, confirmed_registration

WALK_IN = "/admin/participants/check-in/walk-in/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def walk_in(event, **kwargs):
    details = {
        "event": event,
        "day": event.end_date,
        "name": "Sam Walker",
        "email": "Sam.Walker@Example.org",
        "organisation": "Harbour Trust",
        "privacy_agreed": True,
        **kwargs,
    }
    return checkin.walk_in(**details)


def nothing_changed(before):
    return (
        Invitation.objects.count(),
        Registration.objects.count(),
        CheckIn.objects.count(),
    ) == before


def test_a_walk_in_is_registered_confirmed_and_checked_in_for_the_day(
    event_page, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration, arrival = walk_in(event_page, position="Director", by=organiser)

    invitation = registration.invitation
    assert (invitation.email, invitation.name, invitation.organisation) == (
        "sam.walker@example.org",
        "Sam Walker",
        "Harbour Trust",
    )
    assert (invitation.status, invitation.invited_by) == (
        Invitation.Status.ACCEPTED,
        organiser,
    )
    assert (registration.status, registration.days, registration.position) == (
        Registration.Status.CONFIRMED,
        [event_page.end_date.isoformat()],
        "Director",
    )
    assert (arrival.day, arrival.checked_in_by) == (event_page.end_date, organiser)
    user = registration.user
    assert (user.first_name, user.last_name, user.has_usable_password()) == (
        "Sam",
        "Walker",
        False,
    )
    # The address can take a password reset later.
    assert EmailAddress.objects.filter(user=user, verified=True).count() == 1
    assert event_page.participant_group in user.groups.all()
    assert mail.outbox == []


def test_a_walk_in_is_confirmed_where_the_event_requires_approval(event_page):
    event_page.requires_approval = True
    event_page.save()

    registration, _ = walk_in(event_page)

    assert registration.status == Registration.Status.CONFIRMED


def test_a_walk_in_is_registered_after_registration_has_closed(event_page):
    # Closed in May; the test clock stands on 1 June 2014.
    event_page.registration_closes_at = datetime.datetime(
        2014, 5, 1, tzinfo=datetime.UTC
    )
    event_page.save()
    assert not registrations.registration_is_open(event_page)

    registration, _ = walk_in(event_page)

    assert registration.status == Registration.Status.CONFIRMED


def test_a_walk_in_uses_a_pending_invitation_and_an_existing_account(event_page):
    invitation = InvitationFactory(event=event_page, email="sam.walker@example.org")
    user = UserFactory(email="sam.walker@example.org")

    registration, _ = walk_in(event_page)

    assert (registration.invitation_id, registration.user_id) == (
        invitation.pk,
        user.pk,
    )
    assert Invitation.objects.count() == 1


def test_a_walk_in_reopens_a_declined_invitation(event_page):
    invitation = InvitationFactory(
        event=event_page,
        email="sam.walker@example.org",
        status=Invitation.Status.DECLINED,
    )

    registration, _ = walk_in(event_page)

    assert registration.invitation_id == invitation.pk
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_a_walk_in_already_registered_is_refused_with_the_registration(event_page):
    registered = confirmed_registration(
        event=event_page, invitation__email="sam.walker@example.org"
    )
    before = (1, 1, 0)

    with pytest.raises(errors.AlreadyRegistered) as refusal:
        walk_in(event_page)

    assert refusal.value.registration == registered
    assert str(refusal.value) == (
        "sam.walker@example.org is already registered for this event (confirmed)."
    )
    assert nothing_changed(before)


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"email": "not an address"}, "“not an address” is not a valid email address."),
        ({"name": "  "}, "A name is required."),
        ({"privacy_agreed": False}, "Please agree to the privacy notice."),
    ],
)
def test_a_walk_in_with_bad_details_changes_nothing(event_page, changes, message):
    with pytest.raises(errors.InvitationError) as refusal:
        walk_in(event_page, **changes)

    assert str(refusal.value) == message
    assert nothing_changed((0, 0, 0))
    assert not Registration.objects.exists()


def test_a_walk_in_on_a_day_outside_the_event_changes_nothing(event_page):
    with pytest.raises(errors.BookingError, match="not a day of the event"):
        walk_in(event_page, day=event_page.end_date.replace(day=28))

    assert nothing_changed((0, 0, 0))


def test_a_walk_in_with_a_revoked_invitation_is_refused(event_page):
    InvitationFactory(
        event=event_page,
        email="sam.walker@example.org",
        status=Invitation.Status.REVOKED,
    )

    with pytest.raises(errors.InvitationError, match="was revoked"):
        walk_in(event_page)

    assert nothing_changed((1, 0, 0))


def test_a_walk_in_after_the_event_has_ended_is_refused(event_page, real_clock):
    with pytest.raises(errors.InvitationError, match="has ended"):
        walk_in(event_page)

    assert nothing_changed((0, 0, 0))


# The admin screen


def test_walk_in_screen_registers_and_comes_back_to_the_desk(
    organiser_client, event_page
):
    day = f"{event_page.pk}:{event_page.start_date}"

    response = organiser_client.post(
        WALK_IN,
        {
            "day": day,
            "name": "Sam Walker",
            "email": "sam@example.org",
            "organisation": "Harbour Trust",
            "position": "",
            "privacy_agreed": "on",
        },
        follow=True,
    )

    registration = Registration.objects.get()
    [(url, status)] = response.redirect_chain
    assert (url, status) == (
        f"/admin/participants/check-in/?day={event_page.pk}%3A2014-06-26"
        f"&last={registration.pk}",
        302,
    )
    [message] = [str(m) for m in response.context["messages"]]
    assert message.startswith("Registered as a walk-in. Sam Walker checked in at ")
    assert message.endswith("(Singapore time, UTC+08:00).")
    assert CheckIn.objects.get().registration == registration


def test_walk_in_screen_offers_to_check_in_someone_already_registered(
    organiser_client, event_page
):
    registered = confirmed_registration(
        event=event_page,
        invitation__email="sam@example.org",
        user__first_name="Sam",
        user__last_name="Walker",
    )

    response = organiser_client.post(
        WALK_IN,
        {
            "day": f"{event_page.pk}:{event_page.start_date}",
            "name": "Sam Walker",
            "email": "sam@example.org",
            "privacy_agreed": "on",
        },
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "sam@example.org is already registered for this event (confirmed)." in html
    assert 'aria-label="Check in Sam Walker instead"' in html
    assert f'name="registration" value="{registered.pk}"' in html
    assert CheckIn.objects.count() == 0


def test_walk_in_screen_keeps_what_was_typed_when_refusing(
    organiser_client, event_page
):
    response = organiser_client.post(
        WALK_IN,
        {
            "day": f"{event_page.pk}:{event_page.start_date}",
            "name": "Sam Walker",
            "email": "sam@example.org",
        },
    )

    html = response.content.decode()
    assert "Show them the privacy notice first: they need to agree." in html
    assert 'value="Sam Walker"' in html
    assert not Registration.objects.exists()


@pytest.mark.parametrize("day", ["", "nonsense", "999999:2014-06-26"])
def test_walk_in_screen_without_a_valid_day_goes_back_to_the_desk(
    organiser_client, event_page, day
):
    response = organiser_client.post(
        WALK_IN,
        {"day": day, "name": "Sam", "email": "sam@example.org", "privacy_agreed": "on"},
        follow=True,
    )

    assert [str(m) for m in response.context["messages"]] == [
        "Choose the event and day first: nothing changed."
    ]
    assert not Registration.objects.exists()
