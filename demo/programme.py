"""The demo programme of the 2014 roundtable: two days, five themes, breakouts.

Built through the programme's services and published as an organiser would.
The announcement gives the themes, the breakout groups' check list and the
way-forward session; the timetable, rooms and capacities are the demo's own, and
the event's illustrative note says so on every page that shows them. Every role
is held by a fictional sample person, marked as such: the sources name no
speakers. Idempotent: a session that exists (by event and slug) is left alone.
"""

from datetime import datetime, timedelta

from demo.shared import publish_child
from programme import services
from programme.models import Person, ProgrammePage, Session, SpeakerIndexPage

K, R = Session.Kind, Session.Visibility
ROLE = services.SessionRole.Role
# The announcement names no speakers: every role is held by a fictional sample.
SAMPLE_PEOPLE = {
    "sample_chair": "Sample Chair (fictional)",
    "sample_speaker": "Sample Speaker (fictional)",
    "sample_discussant": "Sample Discussant (fictional)",
    "sample_rapporteur": "Sample Rapporteur (fictional)",
    "second_rapporteur": "Second Sample Rapporteur (fictional)",
}

# (slug, title, kind, day, start, end, room, theme index or None, visibility,
#  capacity, description, roles as (person key, role))
SESSIONS = [
    (
        "registration",
        "Registration and welcome coffee",
        K.BREAK,
        1,
        "08:30",
        "09:00",
        "Foyer",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "opening",
        "Opening session: welcome and introductions",
        K.PLENARY,
        1,
        "09:00",
        "09:30",
        "Ballroom",
        None,
        R.PUBLIC,
        None,
        "Welcome remarks by the two organising institutions, the aims of the "
        "roundtable and how the two days will run.",
        [("sample_chair", ROLE.CHAIR), ("sample_speaker", ROLE.SPEAKER)],
    ),
    (
        "regional-frameworks",
        "Regional frameworks on the protection of victims",
        K.PANEL,
        1,
        "09:30",
        "11:00",
        "Ballroom",
        0,
        R.PUBLIC,
        None,
        "What the Bali Process, ASEAN and the OECD offer for the protection of "
        "victims of trafficking, and where the gaps are.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_speaker", ROLE.SPEAKER),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "morning-break-1",
        "Coffee break",
        K.BREAK,
        1,
        "11:00",
        "11:15",
        "Foyer",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "identifying-victims",
        "Identifying victims of trafficking in Southeast Asia",
        K.PANEL,
        1,
        "11:15",
        "12:45",
        "Ballroom",
        1,
        R.PARTICIPANTS,
        None,
        "Smuggling and trafficking; problems and challenges of identification; "
        "good practices.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_speaker", ROLE.SPEAKER),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "lunch-1",
        "Lunch",
        K.MEAL,
        1,
        "12:45",
        "13:45",
        "Restaurant",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "protection-needs",
        "Improving the response to victims’ protection needs",
        K.PANEL,
        1,
        "13:45",
        "15:15",
        "Ballroom",
        2,
        R.PARTICIPANTS,
        None,
        "People trafficked for sexual exploitation and for forced labour; "
        "trafficking of children.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_speaker", ROLE.SPEAKER),
            ("sample_discussant", ROLE.DISCUSSANT),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "afternoon-break-1",
        "Coffee break",
        K.BREAK,
        1,
        "15:15",
        "15:30",
        "Foyer",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "durable-solutions",
        "Durable solutions for victims of trafficking",
        K.PANEL,
        1,
        "15:30",
        "17:00",
        "Ballroom",
        3,
        R.PARTICIPANTS,
        None,
        "Challenges to repatriation and reintegration; solutions beyond repatriation.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_speaker", ROLE.SPEAKER),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "best-practices",
        "Responding to the specific needs of victims: best practices "
        "from Tier 1 countries",
        K.PANEL,
        2,
        "09:00",
        "10:30",
        "Ballroom",
        4,
        R.PARTICIPANTS,
        None,
        "What countries ranked in Tier 1 do to meet victims’ specific needs, and what "
        "transfers to the region.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_speaker", ROLE.SPEAKER),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "morning-break-2",
        "Coffee break",
        K.BREAK,
        2,
        "10:30",
        "10:45",
        "Foyer",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "breakout-sexual-exploitation",
        "Breakout A: check list for victims of sexual exploitation",
        K.BREAKOUT,
        2,
        "10:45",
        "12:15",
        "Meeting Room 1",
        2,
        R.PARTICIPANTS,
        15,
        "Needs, responses and best practices for the protection check list.",
        [("sample_chair", ROLE.MODERATOR), ("sample_rapporteur", ROLE.RAPPORTEUR)],
    ),
    (
        "breakout-forced-labour",
        "Breakout B: check list for victims of forced labour",
        K.BREAKOUT,
        2,
        "10:45",
        "12:15",
        "Meeting Room 2",
        2,
        R.PARTICIPANTS,
        15,
        "Needs, responses and best practices for the protection check list.",
        [("sample_discussant", ROLE.MODERATOR), ("second_rapporteur", ROLE.RAPPORTEUR)],
    ),
    (
        "breakout-children",
        "Breakout C: check list for trafficked children",
        K.BREAKOUT,
        2,
        "10:45",
        "12:15",
        "Meeting Room 3",
        2,
        R.PARTICIPANTS,
        12,
        "Needs, responses and best practices for the protection check list.",
        [("sample_speaker", ROLE.MODERATOR)],
    ),
    (
        "lunch-2",
        "Lunch",
        K.MEAL,
        2,
        "12:15",
        "13:15",
        "Restaurant",
        None,
        R.PUBLIC,
        None,
        "",
        [],
    ),
    (
        "breakout-report-back",
        "Report-back from the breakouts: the protection check list",
        K.PLENARY,
        2,
        "13:15",
        "14:30",
        "Ballroom",
        None,
        R.PARTICIPANTS,
        None,
        "The rapporteurs present each group's check list for discussion.",
        [
            ("sample_chair", ROLE.CHAIR),
            ("sample_rapporteur", ROLE.RAPPORTEUR),
        ],
    ),
    (
        "way-forward",
        "The way forward: evaluating protection policies",
        K.WAY_FORWARD,
        2,
        "14:45",
        "16:00",
        "Ballroom",
        None,
        R.PUBLIC,
        None,
        "How to evaluate protection policies, and how to make good practices "
        "transferable and replicable.",
        [("sample_chair", ROLE.CHAIR), ("sample_discussant", ROLE.DISCUSSANT)],
    ),
    (
        "closing",
        "Closing session",
        K.PLENARY,
        2,
        "16:00",
        "16:30",
        "Ballroom",
        None,
        R.PUBLIC,
        None,
        "Closing remarks by the organisers.",
        [("sample_chair", ROLE.SPEAKER)],
    ),
]


def load_programme(event):
    """Add the programme, speaker pages and sessions that are missing."""
    add_sessions(event, SESSIONS)
    ensure_programme_pages(
        event,
        programme_introduction=(
            "Two days of panels on the five themes, parallel breakout groups and a "
            "way-forward session."
        ),
        speakers_introduction=(
            "The chairs, speakers, moderators and rapporteurs of the programme. The "
            "announcement names none: the people here are fictional samples."
        ),
    )


def add_sessions(event, sessions):
    """Create, through the programme's service, the `sessions` the event lacks.

    Each is a tuple as in `SESSIONS`; days count from the event's first day.
    """
    people = {
        key: ensure_person(name, None, True) for key, name in SAMPLE_PEOPLE.items()
    }
    themes = list(event.themes.all())
    existing = set(Session.objects.filter(event=event).values_list("slug", flat=True))
    for (slug, title, kind, day, start, end, room, theme, visibility, capacity,
         description, roles) in sessions:  # fmt: skip
        if slug in existing:
            continue
        date = event.start_date + timedelta(days=day - 1)
        services.create_session(
            event=event,
            slug=slug,
            title=title,
            kind=kind,
            start=at(date, start, event.tzinfo),
            end=at(date, end, event.tzinfo),
            room=room,
            theme=themes[theme] if theme is not None and theme < len(themes) else None,
            visibility=visibility,
            capacity=capacity,
            description=description,
            roles=[(people[key], role) for key, role in roles],
        )


def ensure_programme_pages(event, *, programme_introduction, speakers_introduction):
    """The event's published programme and speakers pages, if it lacks them."""
    if not ProgrammePage.objects.child_of(event).exists():
        publish_child(
            event,
            ProgrammePage(
                title="Programme", slug="programme", introduction=programme_introduction
            ),
        )
    if not SpeakerIndexPage.objects.child_of(event).exists():
        publish_child(
            event,
            SpeakerIndexPage(
                title="Speakers", slug="speakers", introduction=speakers_introduction
            ),
        )


def ensure_person(name, organisation, is_fictional):
    return Person.objects.get_or_create(
        name=name,
        organisation=organisation,
        defaults={"is_fictional": is_fictional},
    )[0]


def at(date, hhmm, tzinfo):
    hour, minute = (int(part) for part in hhmm.split(":"))
    return datetime(date.year, date.month, date.day, hour, minute, tzinfo=tzinfo)
