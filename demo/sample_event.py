"""An upcoming sample roundtable, to try the invited participant's journey on.

The 2014 roundtable has ended, so nobody can accept an invitation to it or book
its breakouts any more. This event is made up from end to end and says so on
every page (its illustrative note): it starts eight weeks after the demo is
first loaded, names no organisers and has a small programme with two breakouts.
Idempotent: found by its slug, it is never changed once made.
"""

import datetime

from django.utils import timezone

from demo.event import CONTACT_EMAIL
from demo.programme import add_sessions, ensure_programme_pages
from demo.shared import publish_child
from programme import services
from programme.models import Session
from roundtable.models import EventAim, EventPage, EventTheme

SAMPLE_SLUG = "sample-roundtable"
WEEKS_AHEAD = 8
NOTE = (
    "This whole event is a sample for trying the site: its dates, venue, "
    "programme, people and invitations are made up."
)
K, R = Session.Kind, Session.Visibility
ROLE = services.SessionRole.Role

SESSIONS = [
    ("opening", "Opening and introductions", K.PLENARY, 1, "09:00", "09:30",
     "Main hall", None, R.PUBLIC, None,
     "Why the group meets and how the two days run.",
     [("sample_chair", ROLE.CHAIR)]),
    ("follow-up-care", "Follow-up care after a victim is identified", K.PANEL, 1,
     "09:30", "11:00", "Main hall", 0, R.PUBLIC, None,
     "What happens to a person in the months after they are identified.",
     [("sample_chair", ROLE.CHAIR), ("sample_speaker", ROLE.SPEAKER)]),
    ("breakout-case-files", "Breakout 1: keeping a case file across agencies",
     K.BREAKOUT, 1, "11:15", "12:30", "Room A", 1, R.PARTICIPANTS, 10,
     "A small group works through a sample case.",
     [("sample_discussant", ROLE.MODERATOR)]),
    ("breakout-handover", "Breakout 2: handing a case over at the border",
     K.BREAKOUT, 1, "11:15", "12:30", "Room B", 1, R.PARTICIPANTS, 8,
     "A small group works through a sample handover.",
     [("sample_rapporteur", ROLE.MODERATOR)]),
    ("way-forward", "The way forward", K.WAY_FORWARD, 2, "09:30", "11:00",
     "Main hall", None, R.PUBLIC, None,
     "What the group takes home.",
     [("sample_chair", ROLE.CHAIR), ("sample_rapporteur", ROLE.RAPPORTEUR)]),
]  # fmt: skip


def ensure_sample_event(events):
    """The sample event with its programme, made once."""
    event = EventPage.objects.filter(slug=SAMPLE_SLUG).first()
    if event is None:
        start = timezone.localdate() + datetime.timedelta(weeks=WEEKS_AHEAD)
        event = publish_child(
            events,
            EventPage(
                title="Sample roundtable on follow-up care for victims",
                slug=SAMPLE_SLUG,
                introduction=(
                    "A made-up upcoming roundtable for trying the site as an "
                    "invited participant: accept the invitation, create an "
                    "account, register and book a breakout."
                ),
                start_date=start,
                end_date=start + datetime.timedelta(days=1),
                time_zone="Asia/Singapore",
                venue_name="Sample venue",
                invitation_only=True,
                requires_approval=True,
                contact_email=CONTACT_EMAIL,
                illustrative_note=NOTE,
                aims=[EventAim(text="Try every step an invited participant takes.")],
                themes=[
                    EventTheme(title="Follow-up care", topics="A sample theme."),
                    EventTheme(title="Working across agencies", topics="Another."),
                ],
            ),
        )
    add_sessions(event, SESSIONS)
    ensure_programme_pages(
        event,
        programme_introduction="A sample programme of two days.",
        speakers_introduction="The sample people of the sample programme.",
    )
    return event
