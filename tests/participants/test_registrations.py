import datetime

import pytest
from django.core import mail
from django.utils import timezone

from participants import errors, invitations, registrations
from participants.models import Registration
from tests.factories import RegistrationFactory, UserFactory

pytestmark = pytest.mark.django_db


def accept_and_register(invitation, **kwargs):
    invitations.accept(token=invitation.raw_token)
    user = invitations.create_invitee_account(
        invitation=invitation, password="pw-12345"
    )
    defaults = {
        "days": ["2014-06-26", "2014-06-27"],
        "privacy_agreed": True,
        "dietary": " Vegetarian ",
    }
    return registrations.register(
        invitation=invitation, user=user, **{**defaults, **kwargs}
    )


def test_register_confirms_and_joins_the_participant_group(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = accept_and_register(invitation)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.days == ["2014-06-26", "2014-06-27"]
    assert registration.dietary == "Vegetarian"
    assert list(registration.user.groups.all()) == [invitation.event.participant_group]
    [message] = mail.outbox
    assert message.subject == f"Your place is confirmed: {invitation.event.title}"
    [(filename, ics, mimetype)] = message.attachments
    assert filename == f"{invitation.event.slug}.ics"
    assert mimetype == "text/calendar"
    assert "DTSTART;VALUE=DATE:20140626" in ics


def test_registration_email_and_page_write_the_days_out(
    client, invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        registration = accept_and_register(invitation)
    client.force_login(registration.user)

    [message] = mail.outbox
    html = client.get(f"/my/registrations/{registration.pk}/").content.decode()

    days = "Thursday 26 and Friday 27 June 2014"
    assert f"Days: {days}" in message.body
    assert f"<p>Days: {days}</p>" in message.alternatives[0].content
    assert f"<dt>Days attending</dt><dd>{days}</dd>" in html
    assert "2014-06-26" not in message.body + html


def test_register_awaits_approval_when_the_event_requires_it(
    invitation, django_capture_on_commit_callbacks
):
    invitation.event.requires_approval = True
    invitation.event.save()
    with django_capture_on_commit_callbacks(execute=True):
        registration = accept_and_register(invitation)
    assert registration.status == Registration.Status.PENDING_APPROVAL
    assert registration.user.groups.count() == 0
    [message] = mail.outbox
    assert message.attachments == []

    with django_capture_on_commit_callbacks(execute=True):
        registrations.approve(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert list(registration.user.groups.all()) == [invitation.event.participant_group]
    assert len(mail.outbox[1].attachments) == 1


def test_register_refuses_a_second_registration(invitation):
    registration = accept_and_register(invitation)
    with pytest.raises(errors.InvitationError, match="already registered"):
        registrations.register(
            invitation=invitation,
            user=registration.user,
            days=["2014-06-26"],
            privacy_agreed=True,
        )
    assert Registration.objects.count() == 1


def test_register_refuses_without_privacy_agreement(invitation):
    with pytest.raises(errors.InvitationError, match="privacy"):
        accept_and_register(invitation, privacy_agreed=False)
    assert Registration.objects.count() == 0


def test_register_refuses_a_day_outside_the_event(invitation):
    with pytest.raises(errors.InvitationError, match="2014-06-28"):
        accept_and_register(invitation, days=["2014-06-28"])


def test_register_refuses_when_registration_has_closed(invitation):
    invitation.event.registration_closes_at = timezone.now()
    invitation.event.save()
    with pytest.raises(errors.InvitationError, match="closed"):
        accept_and_register(invitation)


def test_register_refuses_another_users_account(invitation):
    invitations.accept(token=invitation.raw_token)
    with pytest.raises(errors.InvitationError):
        registrations.register(
            invitation=invitation,
            user=UserFactory(),
            days=["2014-06-26"],
            privacy_agreed=True,
        )


def test_reject_removes_the_person_from_the_group(event_page):
    registration = RegistrationFactory(invitation__event=event_page)
    registration.user.groups.add(event_page.participant_group)
    registrations.reject(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REJECTED
    assert registration.user.groups.count() == 0


def test_approve_refuses_a_rejected_registration(event_page):
    registration = RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.REJECTED
    )
    with pytest.raises(errors.InvitationError):
        registrations.approve(registration=registration)


def test_reapprove_confirms_a_rejected_registration_and_tells_the_person(
    event_page, django_capture_on_commit_callbacks
):
    registration = RegistrationFactory(invitation__event=event_page)
    registrations.reject(registration=registration)
    with django_capture_on_commit_callbacks(execute=True):
        registrations.reapprove(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert list(registration.user.groups.all()) == [event_page.participant_group]
    assert [m.subject for m in mail.outbox] == [
        f"Your place is confirmed: {event_page.title}"
    ]


@pytest.mark.parametrize("status", ["pending_approval", "confirmed", "cancelled"])
def test_reapprove_refuses_a_registration_that_was_not_rejected(event_page, status):
    registration = RegistrationFactory(invitation__event=event_page, status=status)
    with pytest.raises(errors.InvitationError, match="was not rejected"):
        registrations.reapprove(registration=registration)
    registration.refresh_from_db()
    assert registration.status == status


def future_event(event_page):
    event_page.start_date = timezone.localdate() + datetime.timedelta(days=20)
    event_page.end_date = event_page.start_date + datetime.timedelta(days=1)
    event_page.save()
    return event_page


def test_cancel_removes_the_person_from_the_group(event_page):
    future_event(event_page)
    registration = RegistrationFactory(invitation__event=event_page)
    registration.user.groups.add(event_page.participant_group)
    registrations.cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert registration.user.groups.count() == 0


def test_cancel_refuses_after_the_event_has_started(event_page):
    registration = RegistrationFactory(invitation__event=event_page)
    with pytest.raises(errors.InvitationError):
        registrations.cancel(registration=registration)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED


def test_update_registration_changes_days_and_needs(event_page):
    future_event(event_page)
    registration = RegistrationFactory(invitation__event=event_page)
    day = event_page.end_date.isoformat()
    registrations.update_registration(
        registration=registration,
        days=[day],
        dietary="Halal",
        access_needs="Step-free access",
        listed_consent=True,
    )
    registration.refresh_from_db()
    assert (registration.days, registration.dietary, registration.access_needs) == (
        [day],
        "Halal",
        "Step-free access",
    )
    assert registration.listed_consent is True
