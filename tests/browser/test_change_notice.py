"""An organiser moves a breakout to another room in the admin; the participant
booked in it gets one email saying what changed, with a calendar update, and
reads the new room on their phone."""

from django.core import mail
from icalendar import Calendar
from playwright.sync_api import expect

from demo.event import EVENT_SLUG
from participants import breakouts
from programme.models import Session
from roundtable.access import ensure_organisers_group
from roundtable.models import EventPage
from tests.browser.test_invitations import WIDTHS
from tests.browser.test_local_times import BREAKOUT, sign_in
from tests.factories import UserFactory
from tests.factories.area import confirmed_registration


def test_participant_hears_that_their_breakout_moved_room(
    browser, page, live_server, demo_site, axe
):
    event = EventPage.objects.get(slug=EVENT_SLUG)
    session = Session.objects.get(event=event, title=BREAKOUT)
    taken = session.bookings.filter(status="confirmed").count()
    breakouts.set_capacity(session=session, capacity=taken + 1)
    amira = confirmed_registration(
        event=event, user__first_name="Amira", user__last_name="Haddad"
    )
    booking = breakouts.book_breakout(registration=amira, session=session)
    assert booking.status == "confirmed"
    organiser = UserFactory(groups=[ensure_organisers_group()])
    old_room = session.room

    # The organiser, at a desk, gives the breakout another room and publishes.
    page.set_viewport_size(WIDTHS["desktop"])
    page.goto(f"/admin/snippets/programme/session/edit/{session.pk}/")
    sign_in(page, organiser)
    page.locator("#id_room").fill("Garden Room")
    page.get_by_role("button", name="More actions").click()
    page.get_by_role("button", name="Publish").click()
    expect(page.locator(".messages")).to_contain_text("published")

    # One email to Amira, saying what changed, old and new.
    [email] = [m for m in mail.outbox if m.to == [amira.user.email]]
    assert email.subject == f"Programme change: {event.title}"
    assert f"  Room: was {old_room}; now Garden Room" in email.body
    assert "Times are Singapore time, UTC+08:00." in email.body
    [(name, content, mimetype)] = email.attachments
    calendar = Calendar.from_ical(content)
    assert calendar["method"] == "REQUEST"
    [vevent] = calendar.walk("VEVENT")
    assert str(vevent["uid"]) == str(session.uid)
    assert vevent["sequence"] == session.sequence + 1

    # On her phone, her agenda shows the new room.
    phone = browser.new_context(
        base_url=live_server.url, locale="en-GB", viewport=WIDTHS["phone"]
    )
    participant = phone.new_page()
    participant.goto("/my/")
    sign_in(participant, amira.user)
    slot = participant.locator(".breakout-slot").filter(has_text=BREAKOUT)
    expect(slot).to_contain_text("Garden Room")
    expect(slot).to_contain_text("Booked")
    axe.check(participant)
    phone.close()
    axe.assert_clean()
