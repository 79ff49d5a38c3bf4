import datetime
import re

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.utils import timezone

from participants import errors, invitations, reminders
from participants.models import Invitation
from participants.models.invitations import hash_token
from roundtable.formatting import format_day
from tests.factories import InvitationFactory, UserFactory

pytestmark = pytest.mark.django_db

TOKEN_IN_LINK = re.compile(r"http://testserver/invitations/([A-Za-z0-9_-]+)/")


def invite(event, organiser=None, **kwargs):
    defaults = {"email": " Amina.Rahman@Example.ORG ", "name": "Amina Rahman"}
    return invitations.invite(
        event=event, invited_by=organiser, **{**defaults, **kwargs}
    )


def link_token(message):
    return TOKEN_IN_LINK.search(message.body).group(1)


def test_invite_stores_normalised_email_and_only_a_token_hash(
    event_page, organiser, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(event_page, organiser)

    invitation.refresh_from_db()
    assert invitation.email == "amina.rahman@example.org"
    assert invitation.status == Invitation.Status.PENDING
    assert invitation.invited_by == organiser
    [message] = mail.outbox
    assert message.to == ["amina.rahman@example.org"]
    token = link_token(message)
    assert len(token) == 43  # 32 random bytes, base64url
    assert invitation.token_hash == hash_token(token)
    assert token not in str(
        list(
            Invitation.objects.values_list(
                *[f.attname for f in Invitation._meta.concrete_fields]
            )
        )
    )
    assert invitation.sent_at is not None
    assert invitation.send_error == ""


def test_invitation_email_names_event_dates_venue_and_inviter(
    event_page, organiser, django_capture_on_commit_callbacks
):
    organiser.first_name, organiser.last_name = "Mely", "Caballero"
    organiser.save()
    with django_capture_on_commit_callbacks(execute=True):
        invite(event_page, organiser)
    [message] = mail.outbox
    assert message.subject == f"Invitation: {event_page.title}"
    for text in [message.body, message.alternatives[0][0]]:
        assert event_page.title in text
        assert "26–27 June 2014" in text
        assert "Copthorne King’s Hotel" in text
        assert "Mely Caballero invites" in text


def test_invite_expires_after_the_events_validity_days(event_page):
    event_page.invitation_validity_days = 10
    before = timezone.now()
    invitation = invite(event_page, send=False)
    assert (
        before + datetime.timedelta(days=10)
        <= invitation.expires_at
        <= timezone.now() + datetime.timedelta(days=10)
    )


@pytest.mark.parametrize("email", ["not-an-email", "", "two@@example.org"])
def test_invite_refuses_a_bad_email(event_page, email):
    with pytest.raises(errors.InvitationError):
        invite(event_page, email=email)
    assert Invitation.objects.count() == 0


def test_invite_refuses_a_second_invitation_to_the_same_address(event_page):
    invite(event_page, send=False)
    with pytest.raises(errors.InvitationError, match="already invited"):
        invite(event_page, email="AMINA.rahman@example.org", send=False)
    assert Invitation.objects.count() == 1


def test_failed_send_is_recorded_and_resend_retries(
    event_page, settings, django_capture_on_commit_callbacks
):
    settings.EMAIL_BACKEND = "tests.participants.failing_mail.Backend"
    with django_capture_on_commit_callbacks(execute=True):
        invitation = invite(event_page)
    invitation.refresh_from_db()
    assert invitation.send_error == "ConnectionRefusedError: mail server down"
    assert invitation.sent_at is None

    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend(invitation=invitation)
    invitation.refresh_from_db()
    assert invitation.send_error == ""
    assert invitation.sent_at is not None
    assert len(mail.outbox) == 1


def test_resend_gives_a_new_link_and_the_old_one_stops_working(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.resend(invitation=invitation)
    new_token = link_token(mail.outbox[0])
    assert new_token != invitation.raw_token
    assert invitations.find_invitation(token=invitation.raw_token) is None
    assert invitations.find_invitation(token=new_token) == invitation


EARLIER_LINK = "The link in our earlier email no longer works."


def test_resend_says_the_earlier_link_no_longer_works_and_it_does_not(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks() as callbacks:
        invitations.resend(invitation=invitation)
    # Void from the resend on, even before the email has gone.
    assert invitations.find_invitation(token=invitation.raw_token) is None
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.subject == f"Your invitation to {invitation.event.title}: a new link"
    for text in [message.body, message.alternatives[0][0]]:
        assert EARLIER_LINK in text
        assert "This is a reminder" not in text


def test_first_invitation_email_mentions_no_earlier_link(
    event_page, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invite(event_page)
    [message] = mail.outbox
    assert EARLIER_LINK not in message.body


def test_reminder_has_its_own_subject_and_says_the_earlier_link_no_longer_works(
    invitation, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.remind(invitation=invitation) is True
    [message] = mail.outbox
    title = invitation.event.title
    assert message.subject == f"Reminder: your invitation to {title}"
    for text in [message.body, message.alternatives[0][0]]:
        assert "This is a reminder: your invitation is still waiting" in text
        assert EARLIER_LINK in text
    assert invitations.find_invitation(token=invitation.raw_token) is None
    assert invitations.find_invitation(token=link_token(message)) == invitation


def test_invitation_email_gives_the_links_date_in_the_events_time_zone(
    invitation, django_capture_on_commit_callbacks
):
    # 23:30 UTC is 07:30 the next day in Singapore.
    expires = (timezone.now() + datetime.timedelta(days=3)).astimezone(datetime.UTC)
    invitation.expires_at = expires.replace(hour=23, minute=30, second=0)
    invitation.save()
    day = (expires + datetime.timedelta(days=1)).date()
    with django_capture_on_commit_callbacks(execute=True):
        reminders.remind(invitation=invitation)
    [message] = mail.outbox
    for text in [message.body, message.alternatives[0][0]]:
        assert (
            f"works until {format_day(day)}, 07:30 (Singapore time, UTC+08:00)."
        ) in text


@pytest.mark.parametrize(
    ("sent", "not_sent", "expected"),
    [
        (2, {}, "2 reminders sent."),
        (1, {}, "1 reminder sent."),
        (0, {}, "No reminders sent: no invitation is waiting for an answer."),
        (
            0,
            {"answered": 3},
            "No reminders sent: all 3 invitations have been answered.",
        ),
        (0, {"answered": 1}, "No reminders sent: the invitation has been answered."),
        (
            0,
            {"answered": 2, "reminded": 1},
            "No reminders sent: 2 invitations have been answered and 1 was "
            "reminded already.",
        ),
        (
            1,
            {"revoked": 1, "expired": 2, "reminded": 1},
            "1 reminder sent. Not reminded: 1 invitation is revoked, 2 have "
            "expired and 1 was reminded already.",
        ),
        (
            0,
            {"not due": 4},
            "No reminders sent: none of the 4 invitations waiting for an answer "
            "expires within 7 days.",
        ),
    ],
)
def test_describe_reminders_says_why_none_were_sent(sent, not_sent, expected):
    assert (
        reminders.describe_reminders(sent=sent, not_sent=not_sent, days_before=7)
        == expected
    )


def test_remind_each_counts_the_reminders_and_why_others_got_none(
    event_page, django_capture_on_commit_callbacks
):
    pending = InvitationFactory(event=event_page)
    reminded = InvitationFactory(event=event_page, reminded_at=timezone.now())
    answered = [
        InvitationFactory(event=event_page, status=status)
        for status in (Invitation.Status.ACCEPTED, Invitation.Status.DECLINED)
    ]
    revoked = InvitationFactory(event=event_page, status=Invitation.Status.REVOKED)
    with django_capture_on_commit_callbacks(execute=True):
        outcome = reminders.remind_each(
            invitations=[pending, reminded, *answered, revoked]
        )
    assert outcome == (1, {"reminded": 1, "answered": 2, "revoked": 1})
    assert [m.to for m in mail.outbox] == [[pending.email]]


def test_resend_refuses_a_declined_invitation(invitation):
    invitations.decline(token=invitation.raw_token)
    with pytest.raises(errors.InvitationError):
        invitations.resend(invitation=invitation)


def test_reinstate_reopens_a_revoked_invitation_with_a_new_link(
    invitation, django_capture_on_commit_callbacks
):
    invitations.revoke(invitation=invitation)
    with django_capture_on_commit_callbacks() as callbacks:
        reinstated = invitations.reinstate(invitation=invitation)
    # The revoked link stays void, even before the email has gone.
    assert invitations.find_invitation(token=invitation.raw_token) is None
    for callback in callbacks:
        callback()
    reinstated.refresh_from_db()
    assert reinstated.status == Invitation.Status.PENDING
    assert reinstated.expires_at > timezone.now() + datetime.timedelta(days=29)
    [message] = mail.outbox
    assert message.to == [invitation.email]
    assert EARLIER_LINK in message.body
    assert invitations.find_invitation(token=link_token(message)) == invitation


@pytest.mark.parametrize("status", ["pending", "accepted", "declined", "expired"])
def test_reinstate_refuses_an_invitation_that_is_not_revoked(invitation, status):
    invitation.status = status
    invitation.save()
    with pytest.raises(errors.InvitationError, match="is not revoked"):
        invitations.reinstate(invitation=invitation)
    assert Invitation.objects.get().status == status


def test_invite_again_reopens_a_declined_invitation(
    invitation, django_capture_on_commit_callbacks
):
    invitations.decline(token=invitation.raw_token, reason="Travelling that week.")
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite_again(invitation=invitation)
    invitation.refresh_from_db()
    assert (invitation.status, invitation.decline_reason, invitation.responded_at) == (
        Invitation.Status.PENDING,
        "",
        None,
    )
    [message] = mail.outbox
    assert invitations.accept(token=link_token(message)) == invitation


@pytest.mark.parametrize("status", ["pending", "accepted", "revoked"])
def test_invite_again_refuses_an_invitation_that_was_not_declined(invitation, status):
    invitation.status = status
    invitation.save()
    with pytest.raises(errors.InvitationError, match="has not declined"):
        invitations.invite_again(invitation=invitation)


@pytest.mark.parametrize("status", ["declined", "revoked", "expired"])
def test_inviting_an_address_again_reopens_its_ended_invitation(
    event_page, organiser, status, django_capture_on_commit_callbacks
):
    first = invite(event_page, send=False)
    Invitation.objects.filter(pk=first.pk).update(
        status=status, decline_reason="No time", reminded_at=timezone.now()
    )
    with django_capture_on_commit_callbacks(execute=True):
        again = invite(
            event_page,
            organiser,
            email="AMINA.RAHMAN@example.org",
            name="Dr Amina Rahman",
            kind="speaker",
        )
    assert again.pk == first.pk
    again.refresh_from_db()
    assert (again.status, again.name, again.kind, again.invited_by) == (
        Invitation.Status.PENDING,
        "Dr Amina Rahman",
        "speaker",
        organiser,
    )
    assert (again.decline_reason, again.reminded_at) == ("", None)
    [message] = mail.outbox
    assert invitations.find_invitation(token=link_token(message)) == again


def test_accept_uses_up_the_token(invitation):
    accepted = invitations.accept(token=invitation.raw_token)
    assert accepted.status == Invitation.Status.ACCEPTED
    assert accepted.responded_at is not None
    with pytest.raises(errors.InvitationError):
        invitations.accept(token=invitation.raw_token)


def test_accept_refuses_an_expired_invitation(invitation):
    invitation.expires_at = timezone.now() - datetime.timedelta(seconds=1)
    invitation.save()
    with pytest.raises(errors.InvitationError):
        invitations.accept(token=invitation.raw_token)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_accept_refuses_a_revoked_invitation(invitation):
    invitations.revoke(invitation=invitation)
    with pytest.raises(errors.InvitationError):
        invitations.accept(token=invitation.raw_token)


def test_accept_refuses_an_unknown_token(invitation):
    with pytest.raises(errors.InvitationError):
        invitations.accept(token="not-a-token")


def test_accept_refuses_a_signed_in_user_with_another_address(invitation):
    someone_else = UserFactory(email="forwarded-to@example.org")
    with pytest.raises(errors.InvitationError, match="another email address"):
        invitations.accept(token=invitation.raw_token, user=someone_else)
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.PENDING


def test_decline_records_the_reason_and_uses_up_the_token(invitation):
    invitations.decline(token=invitation.raw_token, reason="  Travelling.  ")
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.DECLINED
    assert invitation.decline_reason == "Travelling."
    with pytest.raises(errors.InvitationError):
        invitations.decline(token=invitation.raw_token)


def test_revoke_refuses_an_accepted_invitation(invitation):
    invitations.accept(token=invitation.raw_token)
    with pytest.raises(errors.InvitationError):
        invitations.revoke(invitation=invitation)


def test_invitee_account_is_verified_and_has_the_invited_address(invitation):
    invitations.accept(token=invitation.raw_token)
    user = invitations.create_invitee_account(
        invitation=invitation, password="pw-12345"
    )
    assert user.email == invitation.email
    assert list(user.emailaddress_set.values_list("email", "verified")) == [
        (invitation.email, True)
    ]


def test_invitee_account_needs_an_accepted_invitation(invitation):
    with pytest.raises(errors.InvitationError):
        invitations.create_invitee_account(invitation=invitation, password="pw-12345")
    assert get_user_model().objects.count() == 0


def test_send_reminders_reminds_each_pending_invitee_once(
    event_page, django_capture_on_commit_callbacks
):
    now = timezone.now()
    due = InvitationFactory(
        event=event_page, expires_at=now + datetime.timedelta(days=3)
    )
    InvitationFactory(event=event_page, expires_at=now + datetime.timedelta(days=20))
    InvitationFactory(
        event=event_page,
        expires_at=now + datetime.timedelta(days=3),
        status=Invitation.Status.DECLINED,
    )
    overdue = InvitationFactory(
        event=event_page, expires_at=now - datetime.timedelta(days=1)
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(days_before=7) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert reminders.send_reminders(days_before=7) == 0
    [message] = mail.outbox
    assert message.to == [due.email]
    assert message.subject.startswith("Reminder: ")
    due.refresh_from_db()
    assert due.reminded_at is not None
    assert due.token_hash == hash_token(link_token(message))
    overdue.refresh_from_db()
    assert overdue.status == Invitation.Status.EXPIRED


def test_the_plain_text_invitation_keeps_the_address_lines_apart(
    event_page, django_capture_on_commit_callbacks
):
    event_page.venue_address = "403 Havelock Road\nSingapore 169632"
    event_page.save_revision().publish()
    with django_capture_on_commit_callbacks(execute=True):
        invite(event_page, send=True)
    [message] = mail.outbox
    assert "Copthorne King’s Hotel\n403 Havelock Road\nSingapore 169632\n" in (
        message.body
    )
    assert "403 Havelock Road<br>Singapore 169632" in message.alternatives[0][0]
