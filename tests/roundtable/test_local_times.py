"""The audit: every time a person reads is in the event's time zone, labelled.

Django's TIME_ZONE is UTC; the event here is in Kolkata (UTC+05:30), so a time
printed in UTC, or labelled as another zone, cannot pass. Each surface that
shows a time is rendered as a person would get it (an email, an admin listing,
an export, an inspect page, the check-in screen, a page) and must show the
local time with its label and none of the UTC clock readings.
"""

import csv
import datetime
import html
import io

import pytest
from django.core import mail
from django.utils.html import strip_tags
from openpyxl import load_workbook

from participants import breakouts, checkin
from participants.models import BreakoutBooking, CheckIn, Invitation, Registration
from participants.tasks import send_invitation_email
from programme.models import SessionChange
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    PersonFactory,
    ProgrammePageFactory,
    SpeakerIndexPageFactory,
    breakout,
    confirmed_registration,
)

pytestmark = pytest.mark.django_db

UTC = datetime.UTC
LABEL = "(Kolkata time, UTC+05:30)"

# Each moment, as stored (UTC), and as a person must read it.
SESSION_START = "Thursday 26 June 2014, 10:45 " + LABEL  # 05:15 UTC
SESSION_END = "Thursday 26 June 2014, 12:15 " + LABEL  # 06:45 UTC
SLOT = "Thursday 26 June 2014, 10:45–12:15 " + LABEL
REGISTERED = datetime.datetime(2014, 6, 20, 18, 40, 12, 345678, tzinfo=UTC)
REGISTERED_LOCAL = "Saturday 21 June 2014, 00:10 " + LABEL
BOOKED = datetime.datetime(2014, 6, 22, 21, 5, 7, 654321, tzinfo=UTC)
BOOKED_LOCAL = "Monday 23 June 2014, 02:35 " + LABEL
SENT = datetime.datetime(2014, 6, 1, 19, 20, tzinfo=UTC)
SENT_LOCAL = "Monday 2 June 2014, 00:50 " + LABEL
REMINDED = datetime.datetime(2014, 6, 10, 20, 10, tzinfo=UTC)
REMINDED_LOCAL = "Wednesday 11 June 2014, 01:40 " + LABEL
EXPIRES = datetime.datetime(2099, 6, 12, 20, 0, tzinfo=UTC)
EXPIRES_LOCAL = "Saturday 13 June 2099, 01:30 " + LABEL
CHECKED_IN = datetime.datetime(2014, 6, 26, 3, 20, 30, 999999, tzinfo=UTC)
CHECKED_IN_LOCAL = "08:50 " + LABEL

# The clock readings of those moments in UTC: none may be shown.
UTC_READINGS = ["05:15", "06:45", "18:40", "21:05", "19:20", "20:10", "20:00", "03:20"]
# Nor microseconds, nor an offset written the machine's way.
MACHINE_READINGS = [".345678", ".654321", ".999999", "+00:00", "UTC+00:00"]


@pytest.fixture
def scene(event_index, organiser, client, django_capture_on_commit_callbacks):
    """A Kolkata event: a breakout, a seat promoted from its waitlist, a check-in."""
    event = EventPageFactory(
        parent=event_index, title="Kolkata roundtable", time_zone="Asia/Kolkata"
    )
    ProgrammePageFactory(parent=event)
    SpeakerIndexPageFactory(parent=event)
    session = breakout(
        event=event,
        capacity=1,
        title="Labour migration",
        slug="labour-migration",
        room="Room 2",
        start=datetime.datetime(2014, 6, 26, 10, 45, tzinfo=event.tzinfo),
        roles=[(PersonFactory(name="Sample Moderator"), "moderator")],
    )
    session.room = "Room 3"
    session.save_revision().publish()
    SessionChange.objects.update(changed_at=REGISTERED)
    first = confirmed_registration(event=event, user__last_name="First")
    second = confirmed_registration(event=event, user__last_name="Second")
    seat = breakouts.book_breakout(registration=first, session=session)
    breakouts.book_breakout(registration=second, session=session)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        breakouts.cancel_booking(booking=seat)
    promotion = mail.outbox[-1]

    Registration.objects.update(created_at=REGISTERED, updated_at=REGISTERED)
    BreakoutBooking.objects.update(created_at=BOOKED, updated_at=BOOKED)
    Invitation.objects.update(
        sent_at=SENT,
        reminded_at=REMINDED,
        expires_at=EXPIRES,
        created_at=SENT,
        updated_at=SENT,
        responded_at=SENT,
    )
    check_in, _ = checkin.check_in(registration=second, day=event.start_date)
    CheckIn.objects.update(checked_in_at=CHECKED_IN)

    pending = InvitationFactory(event=event, expires_at=EXPIRES)
    client.force_login(organiser)
    return {
        "event": event,
        "session": session,
        "promoted": second,
        "promotion": promotion,
        "pending": pending,
        "client": client,
    }


def read_html(markup):
    """The text a person reads: no tags, so no machine-readable attributes."""
    return html.unescape(strip_tags(markup))


def body(response):
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content)
    return response.content


def csv_text(response):
    return "\n".join(
        " | ".join(row) for row in csv.reader(io.StringIO(body(response).decode()))
    )


def xlsx_text(response):
    sheet = load_workbook(io.BytesIO(body(response))).active
    return "\n".join(
        " | ".join("" if cell is None else str(cell) for cell in row)
        for row in sheet.values
    )


def admin(path, export=None):
    def read(scene):
        response = scene["client"].get(path, {"export": export} if export else {})
        assert response.status_code == 200
        if export == "csv":
            return csv_text(response)
        if export == "xlsx":
            return xlsx_text(response)
        return read_html(response.content.decode())

    return read


def inspect(prefix, model):
    def read(scene):
        pk = model.objects.order_by("pk").values_list("pk", flat=True).first()
        response = scene["client"].get(f"{prefix}inspect/{pk}/")
        assert response.status_code == 200
        return read_html(response.content.decode())

    return read


def promotion_email(part):
    def read(scene):
        message = scene["promotion"]
        if part == "text":
            return message.body
        return read_html(message.alternatives[0].content)

    return read


def invitation_email(part):
    def read(scene):
        mail.outbox.clear()
        send_invitation_email.call(scene["pending"].pk)
        [message] = mail.outbox
        if part == "text":
            return message.body
        return read_html(message.alternatives[0].content)

    return read


def check_in_message(scene):
    registration = scene["promoted"]
    event = registration.event
    response = scene["client"].post(
        "/admin/participants/check-in/",
        {
            "day": f"{event.pk}:{event.start_date.isoformat()}",
            "code": checkin.ensure_pass_code(registration=registration),
        },
        follow=True,  # the desk comes back with its message
    )
    return read_html(response.content.decode())


def invitation_page(scene):
    scene["client"].logout()
    response = scene["client"].get(f"/invitations/{scene['pending'].raw_token}/")
    return read_html(response.content.decode())


def session_page(scene):
    event = scene["event"]
    url = f"/events/{event.slug}/programme/sessions/labour-migration/"
    return read_html(scene["client"].get(url).content.decode())


def event_page(path):
    def read(scene):
        response = scene["client"].get(f"/events/{scene['event'].slug}/{path}")
        assert response.status_code == 200
        return read_html(response.content.decode())

    return read


def my_page(scene):
    scene["client"].force_login(scene["promoted"].user)
    return read_html(scene["client"].get("/my/").content.decode())


SESSIONS = "/admin/snippets/programme/session/"
BOOKINGS = "/admin/participants/bookings/"
REGISTRATIONS = "/admin/participants/registrations/"
INVITATIONS = "/admin/participants/invitations/"
ATTENDANCE = "/admin/participants/attendance/"

# surface: (how a person gets it, what they must read in it)
SURFACES = {
    "promotion email, text": (promotion_email("text"), [SLOT]),
    "promotion email, HTML": (promotion_email("html"), [SLOT]),
    "invitation email, text": (invitation_email("text"), [EXPIRES_LOCAL]),
    "invitation email, HTML": (invitation_email("html"), [EXPIRES_LOCAL]),
    "sessions list": (admin(SESSIONS), [SESSION_START]),
    "sessions CSV": (admin(SESSIONS, "csv"), [SESSION_START, SESSION_END]),
    "sessions XLSX": (admin(SESSIONS, "xlsx"), [SESSION_START, SESSION_END]),
    "bookings list": (admin(BOOKINGS), [BOOKED_LOCAL]),
    "bookings CSV": (admin(BOOKINGS, "csv"), [SESSION_START, BOOKED_LOCAL]),
    "bookings XLSX": (admin(BOOKINGS, "xlsx"), [SESSION_START, BOOKED_LOCAL]),
    "booking inspect": (inspect(BOOKINGS, BreakoutBooking), [BOOKED_LOCAL]),
    "registrations list": (admin(REGISTRATIONS), [REGISTERED_LOCAL]),
    "registrations CSV": (admin(REGISTRATIONS, "csv"), [REGISTERED_LOCAL]),
    "registrations XLSX": (admin(REGISTRATIONS, "xlsx"), [REGISTERED_LOCAL]),
    "registration inspect": (
        inspect(REGISTRATIONS, Registration),
        [REGISTERED_LOCAL],
    ),
    "invitations list": (admin(INVITATIONS), [EXPIRES_LOCAL, SENT_LOCAL]),
    "invitations CSV": (
        admin(INVITATIONS, "csv"),
        [EXPIRES_LOCAL, SENT_LOCAL, REMINDED_LOCAL],
    ),
    "invitations XLSX": (
        admin(INVITATIONS, "xlsx"),
        [EXPIRES_LOCAL, SENT_LOCAL, REMINDED_LOCAL],
    ),
    "invitation inspect": (
        inspect(INVITATIONS, Invitation),
        [EXPIRES_LOCAL, SENT_LOCAL, REMINDED_LOCAL],
    ),
    "attendance list": (admin(ATTENDANCE), ["Thursday 26 June 2014, 08:50 " + LABEL]),
    "attendance CSV": (
        admin(ATTENDANCE, "csv"),
        ["Thursday 26 June 2014, 08:50 " + LABEL],
    ),
    "attendance XLSX": (
        admin(ATTENDANCE, "xlsx"),
        ["Thursday 26 June 2014, 08:50 " + LABEL],
    ),
    "check-in message": (check_in_message, [f"at {CHECKED_IN_LOCAL}"]),
    "invitation page": (invitation_page, [EXPIRES_LOCAL]),
    "session page": (session_page, [SLOT]),
    "programme page": (
        event_page("programme/"),
        [
            "All times are Kolkata time, UTC+05:30.",
            "Programme updated Saturday 21 June 2014",
            "10:45–12:15",
        ],
    ),
    "speakers page": (
        event_page("speakers/"),
        [
            "All times are Kolkata time, UTC+05:30.",
            "Labour migration (Thursday 26 June 2014, 10:45)",
        ],
    ),
    "my page": (
        my_page,
        ["Thursday 26 June 2014, 10:45", "All times are Kolkata time, UTC+05:30."],
    ),
}


@pytest.mark.parametrize("surface", SURFACES)
def test_every_time_a_person_reads_is_in_the_event_time_zone_labelled(scene, surface):
    render, expected = SURFACES[surface]

    text = render(scene)

    missing = [local for local in expected if local not in text]
    shown_utc = [reading for reading in UTC_READINGS if reading in text]
    machine = [reading for reading in MACHINE_READINGS if reading in text]
    assert (missing, shown_utc, machine) == ([], [], [])
