"""participants.change_notices: people hear when a session on their agenda changes."""

import datetime

import pytest
from django.core import mail
from django.utils import timezone
from icalendar import Calendar

from participants import change_notices
from participants.models import BreakoutBooking, ChangeNotice, Registration
from programme.models import Session
from tests.factories import RegistrationFactory, SessionFactory
from tests.factories.area import breakout, confirmed_registration


@pytest.fixture
def plenary(event_page):
    start = datetime.datetime.combine(
        event_page.start_date, datetime.time(9), tzinfo=event_page.tzinfo
    )
    return SessionFactory(
        event=event_page,
        title="Opening plenary",
        start=start,
        end=start + datetime.timedelta(hours=1),
        room="Ballroom",
    )


@pytest.fixture
def publish(django_capture_on_commit_callbacks):
    """Publish a change to a session, as the admin does: the queued task runs."""

    def publish(session, **fields):
        for name, value in fields.items():
            setattr(session, name, value)
        with django_capture_on_commit_callbacks(execute=True):
            session.save_revision().publish()
        session.refresh_from_db()
        return session

    return publish


def later(session, hours):
    delta = datetime.timedelta(hours=hours)
    return {"start": session.start + delta, "end": session.end + delta}


def emails_to(address):
    return [message for message in mail.outbox if message.to == [address]]


def test_a_moved_plenary_tells_every_registered_person_once(
    publish, event_page, plenary
):
    ana = confirmed_registration(event=event_page, user__first_name="Ana")
    awaiting = RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.PENDING_APPROVAL
    )
    cancelled = RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.CANCELLED
    )

    publish(plenary, **later(plenary, 1))

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [ana.user.email, awaiting.user.email]
    )
    assert emails_to(cancelled.user.email) == []
    [message] = emails_to(ana.user.email)
    assert message.subject == f"Programme change: {event_page.title}"
    assert "Dear Ana" in message.body
    # Old and new, in the event's own time zone.
    day = event_page.start_date.strftime("%A %-d %B %Y")
    assert (
        f"  Time: was {day}, 09:00–10:00 (Singapore time, UTC+08:00); "
        f"now {day}, 10:00–11:00 (Singapore time, UTC+08:00)"
    ) in message.body
    html = message.alternatives[0][0]
    assert "now <strong>" in html


def test_the_calendar_update_keeps_the_uid_and_raises_the_sequence(
    publish, event_page, plenary
):
    ana = confirmed_registration(event=event_page)
    publish(plenary, room="Garden Room")

    [message] = emails_to(ana.user.email)
    [(name, content, mimetype)] = message.attachments
    assert name == f"{event_page.slug}-changed.ics"
    assert mimetype == "text/calendar; method=REQUEST; charset=utf-8"
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == str(plenary.uid)
    assert vevent["sequence"] == 1 == plenary.sequence
    assert str(vevent["location"]).startswith("Garden Room")
    assert str(vevent["attendee"]) == f"mailto:{ana.user.email}"
    assert str(vevent["organizer"]).startswith("mailto:")


def test_a_cancelled_session_sends_a_cancel_for_its_entry(publish, event_page, plenary):
    ana = confirmed_registration(event=event_page)
    publish(plenary, status=Session.Status.CANCELLED)

    [message] = emails_to(ana.user.email)
    assert "Opening plenary (cancelled)" in message.body
    assert "  Status: was Scheduled; now Cancelled" in message.body
    [(name, content, _mimetype)] = message.attachments
    assert name == f"{event_page.slug}-cancelled.ics"
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "CANCEL"
    assert calendar.walk("VEVENT")[0]["status"] == "CANCELLED"


def test_a_breakout_tells_only_those_booked_or_waiting(publish, event_page):
    session = breakout(event=event_page, capacity=1)
    seated, waiting, elsewhere, gave_up = (
        confirmed_registration(event=event_page) for _ in range(4)
    )
    for registration, status in [
        (seated, BreakoutBooking.Status.CONFIRMED),
        (waiting, BreakoutBooking.Status.WAITLISTED),
        (gave_up, BreakoutBooking.Status.CANCELLED),
    ]:
        BreakoutBooking.objects.create(
            session=session, registration=registration, status=status
        )

    publish(session, room="Meeting Room 9")

    assert sorted(m.to[0] for m in mail.outbox) == sorted(
        [seated.user.email, waiting.user.email]
    )


def test_a_new_title_alone_tells_nobody(publish, event_page, plenary):
    confirmed_registration(event=event_page)
    publish(plenary, title="Opening plenary and welcome")
    assert mail.outbox == []


def test_a_draft_change_tells_nobody_until_it_is_published(event_page, plenary):
    confirmed_registration(event=event_page)
    plenary.room = "Garden Room"
    plenary.save_revision()
    assert mail.outbox == []


def test_an_event_can_turn_notices_off(publish, event_page, plenary):
    confirmed_registration(event=event_page)
    event_page.change_notices = False
    event_page.save()
    publish(plenary, room="Garden Room")
    assert (mail.outbox, ChangeNotice.objects.count()) == ([], 0)


@pytest.fixture
def five_minute_window(monkeypatch):
    """As under the production worker, which can defer a task."""
    monkeypatch.setattr(
        change_notices, "batch_window", lambda: change_notices.BATCH_WINDOW
    )


def test_changes_within_minutes_make_one_email(
    publish, event_page, plenary, five_minute_window
):
    ana = confirmed_registration(event=event_page)
    workshop = SessionFactory(
        event=event_page,
        title="Workshop",
        start=plenary.start + datetime.timedelta(hours=3),
        end=plenary.start + datetime.timedelta(hours=4),
    )
    publish(plenary, **later(plenary, 1))
    publish(plenary, room="Garden Room")
    publish(workshop, room="Library")
    assert change_notices.send_due() == 0  # not due yet
    assert mail.outbox == []

    sent = change_notices.send_due(now=timezone.now() + datetime.timedelta(minutes=6))

    assert sent == 1
    [message] = emails_to(ana.user.email)
    assert "2 sessions on your agenda" in message.body
    assert "  Time: was " in message.body
    assert "  Room: was Ballroom; now Garden Room" in message.body
    assert "  Room: was not set; now Library" in message.body
    calendar = Calendar.from_ical(message.attachments[0][1])
    assert [str(v["uid"]) for v in calendar.walk("VEVENT")] == [
        str(plenary.uid),
        str(workshop.uid),
    ]
    # Sent once: a second run finds nothing due.
    assert (
        change_notices.send_due(now=timezone.now() + datetime.timedelta(hours=1)) == 0
    )
    assert len(mail.outbox) == 1


def test_a_change_undone_before_the_email_goes_sends_nothing(
    publish, event_page, plenary, five_minute_window
):
    confirmed_registration(event=event_page)
    publish(plenary, room="Garden Room")
    publish(plenary, room="Ballroom")

    change_notices.send_due(now=timezone.now() + datetime.timedelta(minutes=6))

    assert mail.outbox == []
    assert ChangeNotice.objects.get().sent_at is not None


def test_a_failed_send_stays_due_and_goes_on_the_next_run(
    publish, event_page, plenary, five_minute_window, monkeypatch
):
    ana = confirmed_registration(event=event_page)
    publish(plenary, room="Garden Room")
    due = timezone.now() + datetime.timedelta(minutes=6)

    def refuse(self, fail_silently=False):
        raise ConnectionRefusedError("mail server down")

    with monkeypatch.context() as patch:
        patch.setattr("django.core.mail.EmailMessage.send", refuse)
        with pytest.raises(ConnectionRefusedError):
            change_notices.send_due(now=due)
    assert ChangeNotice.objects.get().sent_at is None

    assert change_notices.send_due(now=due) == 1
    assert len(emails_to(ana.user.email)) == 1


@pytest.mark.parametrize("people", [5, 50])
def test_noting_a_change_costs_the_same_queries_for_any_number_of_people(
    event_page,
    plenary,
    five_minute_window,
    django_assert_max_num_queries,
    people,
):
    for _ in range(people):
        confirmed_registration(event=event_page)
    plenary.room = "Garden Room"
    revision = plenary.save_revision()
    with django_assert_max_num_queries(40):
        revision.publish()
    assert ChangeNotice.objects.count() == people
