"""participants.messages and its admin: an organiser writes to an audience."""

import datetime
import uuid

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from participants import messages
from participants.errors import MessageError
from participants.models import (
    BreakoutBooking,
    CheckIn,
    Invitation,
    Message,
    MessageDelivery,
    Registration,
)
from tests.factories import InvitationFactory, RegistrationFactory, SessionFactory
from tests.factories.area import breakout, confirmed_registration

Audience = Message.Audience


def person(event, first, last, **kwargs):
    return confirmed_registration(
        event=event, user__first_name=first, user__last_name=last, **kwargs
    )


@pytest.fixture
def people(event_page):
    """Ana and Bo confirmed (Bo with a seat), Cy awaiting, Di invited, Ed waiting."""
    session = breakout(event=event_page, title="Breakout on shelters", capacity=1)
    ana = person(event_page, "Ana", "Reyes")
    bo = person(event_page, "Bo", "Chan")
    ed = person(event_page, "Ed", "Wu")
    BreakoutBooking.objects.create(session=session, registration=bo, status="confirmed")
    BreakoutBooking.objects.create(
        session=session, registration=ed, status="waitlisted", position=1
    )
    cy = RegistrationFactory(
        invitation__event=event_page,
        status=Registration.Status.PENDING_APPROVAL,
        user__first_name="Cy",
        user__last_name="Lim",
    )
    di = InvitationFactory(event=event_page, name="Di Khan")
    InvitationFactory(event=event_page, name="Gone", status=Invitation.Status.DECLINED)
    CheckIn.objects.create(registration=ana, day=event_page.start_date)
    return {"session": session, "ana": ana, "bo": bo, "cy": cy, "di": di, "ed": ed}


def names(event, audience, **kwargs):
    return [
        p["name"] for p in messages.recipients(event=event, audience=audience, **kwargs)
    ]


def test_each_audience_is_exactly_its_people(event_page, people):
    session = people["session"]
    assert names(event_page, Audience.CONFIRMED) == ["Bo Chan", "Ana Reyes", "Ed Wu"]
    assert names(event_page, Audience.AWAITING) == ["Cy Lim"]
    assert names(event_page, Audience.NOT_REGISTERED) == ["Di Khan"]
    assert names(event_page, Audience.BREAKOUT_CONFIRMED, session=session) == [
        "Bo Chan"
    ]
    assert names(event_page, Audience.BREAKOUT_WAITLIST, session=session) == ["Ed Wu"]
    assert names(event_page, Audience.CHECKED_IN, day=event_page.start_date) == [
        "Ana Reyes"
    ]


def test_an_audience_of_another_events_breakout_or_day_is_refused(
    event_page, other_event, people
):
    elsewhere = breakout(event=other_event)
    with pytest.raises(MessageError, match="Choose one of this event's breakouts."):
        messages.recipients(
            event=event_page, audience=Audience.BREAKOUT_CONFIRMED, session=elsewhere
        )
    plenary = SessionFactory(event=event_page)
    with pytest.raises(MessageError, match="Choose one of this event's breakouts."):
        messages.recipients(
            event=event_page, audience=Audience.BREAKOUT_WAITLIST, session=plenary
        )
    with pytest.raises(MessageError, match="Choose a day of the event."):
        messages.recipients(
            event=event_page,
            audience=Audience.CHECKED_IN,
            day=event_page.end_date + datetime.timedelta(days=1),
        )


def test_unknown_placeholders_are_named(event_page):
    with pytest.raises(
        MessageError, match=r"Unknown placeholder \{nmae\}: use \{name\}"
    ):
        messages.check_placeholders("Dear {nmae},")


def send(event, audience=Audience.CONFIRMED, nonce=None, **kwargs):
    return messages.send_message(
        event=event,
        audience=audience,
        subject="Before {event}",
        body="Dear {name},\n\nYour agenda:\n{agenda}\n\nYour page: {my_link}",
        nonce=nonce or uuid.uuid4(),
        **kwargs,
    )


def test_sending_queues_a_delivery_each_and_the_worker_sends_them(
    event_page, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False) as queued:
        message, created = send(event_page)
    assert created
    assert len(queued) == 1  # the worker's task, after the commit
    assert mail.outbox == []
    assert messages.delivery_counts(message=message) == {
        "queued": 3,
        "sent": 0,
        "failed": 0,
    }

    messages.deliver(message_id=message.pk)

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        people[key].user.email for key in ("ana", "bo", "ed")
    )
    [to_bo] = [m for m in mail.outbox if m.to == [people["bo"].user.email]]
    assert to_bo.subject == f"Before {event_page.title}"
    assert to_bo.body.startswith("Dear Bo Chan,")
    # His agenda has his breakout, in the event's time, the zone said once.
    assert "Times are Singapore time, UTC+08:00." in to_bo.body
    assert "14:00–15:30: Breakout on shelters" in to_bo.body
    [to_ana] = [m for m in mail.outbox if m.to == [people["ana"].user.email]]
    assert "Breakout on shelters" not in to_ana.body
    message.refresh_from_db()
    assert message.status == "sent"
    assert messages.delivery_counts(message=message)["sent"] == 3


def test_each_batch_gets_its_own_seats_and_the_sessions_are_read_once(
    event_page, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=False):
        message, _ = send(event_page)
    with CaptureQueriesContext(connection) as queries:
        messages.deliver(message_id=message.pk, batch=1)  # a batch per person

    bodies = {m.to[0]: m.body for m in mail.outbox}
    assert "Breakout on shelters" in bodies[people["bo"].user.email]
    for key in ("ana", "ed"):  # Ed only waits for it
        assert "Breakout on shelters" not in bodies[people[key].user.email]
    session_reads = [
        q for q in queries.captured_queries if 'FROM "programme_session"' in q["sql"]
    ]
    assert len(session_reads) == 1


def test_the_same_form_sent_twice_sends_once(event_page, people):
    nonce = uuid.uuid4()
    first, created = send(event_page, nonce=nonce)
    again, created_again = send(event_page, nonce=nonce)
    assert (created, created_again, again.pk) == (True, False, first.pk)
    assert Message.objects.count() == 1
    assert MessageDelivery.objects.count() == 3


def test_a_worker_restarted_half_way_emails_nobody_twice(
    event_page, people, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        message, _ = send(event_page)
    real = messages.EmailMessage.send
    calls = []

    class WorkerKilled(BaseException):
        pass

    def killed_after_one(self, *args, **kwargs):
        if calls:
            raise WorkerKilled
        calls.append(self.to)
        return real(self, *args, **kwargs)

    with monkeypatch.context() as patch:
        patch.setattr(messages.EmailMessage, "send", killed_after_one)
        with pytest.raises(WorkerKilled):
            messages.deliver(message_id=message.pk)
    assert len(mail.outbox) == 1

    messages.deliver(message_id=message.pk)

    addresses = sorted(m.to[0] for m in mail.outbox)
    assert addresses == sorted(set(addresses))
    assert len(addresses) == 3


def test_a_failed_delivery_says_why_and_the_others_go(
    event_page, people, django_capture_on_commit_callbacks, monkeypatch
):
    with django_capture_on_commit_callbacks(execute=False):
        message, _ = send(event_page)
    real = messages.EmailMessage.send
    refused = people["ana"].user.email

    def refuse_ana(self, *args, **kwargs):
        if self.to == [refused]:
            raise ConnectionRefusedError("mailbox full")
        return real(self, *args, **kwargs)

    monkeypatch.setattr(messages.EmailMessage, "send", refuse_ana)
    messages.deliver(message_id=message.pk)

    failed = MessageDelivery.objects.get(email=refused)
    assert (failed.status, failed.error) == (
        "failed",
        "ConnectionRefusedError: mailbox full",
    )
    assert len(mail.outbox) == 2


def test_an_empty_audience_sends_nothing(event_page):
    with pytest.raises(MessageError, match="Nobody is in this audience yet"):
        send(event_page)
    assert Message.objects.count() == 0


@pytest.mark.parametrize("count", [5, 100])
def test_sending_costs_the_same_queries_for_any_audience(
    event_page, django_assert_max_num_queries, django_capture_on_commit_callbacks, count
):
    for n in range(count):
        person(event_page, f"P{n}", "Q")
    with (
        django_capture_on_commit_callbacks(execute=False),
        django_assert_max_num_queries(8),
    ):
        send(event_page)
    assert MessageDelivery.objects.count() == count


# The admin: compose, preview, send, each one's state.

COMPOSE = "/admin/participants/messages/compose/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def form(event, **changes):
    return {
        "event": event.pk,
        "audience": "confirmed",
        "subject": "Logistics for {event}",
        "body": "Dear {name}, the venue is the hotel.",
        "nonce": str(uuid.uuid4()),
        **changes,
    }


def test_preview_shows_the_first_recipients_email_and_the_count(
    organiser_client, event_page, people
):
    response = organiser_client.post(COMPOSE, form(event_page, preview="1"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "It goes to <strong>3 people</strong>." in html
    assert "Dear Bo Chan, the venue is the hotel." in html
    assert f"Logistics for {event_page.title}" in html
    assert "Send to 3 people" in html
    assert Message.objects.count() == 0


def test_send_lands_on_the_message_with_its_delivery_state(
    organiser_client, event_page, people, django_capture_on_commit_callbacks
):
    data = form(event_page, send="1")
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(COMPOSE, data)
    message = Message.objects.get()
    assert response["Location"] == reverse(
        "participants_message:inspect", args=[message.pk]
    )
    html = organiser_client.get(response["Location"]).content.decode()
    assert "3 sent · 0 waiting for the worker · 0 failed." in html
    # A second click on the same form: the same message, not sent again.
    response = organiser_client.post(COMPOSE, data, follow=True)
    assert Message.objects.count() == 1
    assert len(mail.outbox) == 3
    assert "sent already; it was not sent again" in response.content.decode()


def test_bad_input_is_a_clear_error_and_sends_nothing(
    organiser_client, event_page, people
):
    response = organiser_client.post(
        COMPOSE, form(event_page, body="Dear {firstname}", send="1")
    )
    assert "Unknown placeholder {firstname}" in response.content.decode()
    response = organiser_client.post(
        COMPOSE, form(event_page, audience="breakout_waitlist", send="1")
    )
    assert "Choose one of this event&#x27;s breakouts." in response.content.decode()
    assert Message.objects.count() == 0


def test_the_registration_screen_lists_the_emails_sent(
    organiser_client, event_page, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send(event_page)
    bo = people["bo"]
    html = organiser_client.get(
        reverse("participants_registration:inspect", args=[bo.pk])
    ).content.decode()
    assert "Message: Before {event}" in html
    assert "(Singapore time, UTC+08:00)" in html


@pytest.mark.parametrize(
    "url",
    [
        COMPOSE,
        "/admin/participants/messages/",
        "/admin/participants/message-deliveries/",
    ],
)
def test_only_organisers_reach_messages(client, event_page, url):
    response = client.get(url)
    assert response.status_code == 302  # anonymous: sign in first
    participant = confirmed_registration(event=event_page)
    client.force_login(participant.user)
    assert client.get(url).status_code == 403
