"""Cloning an event: what the new event gets, what it never gets, bad input."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from icalendar import Calendar
from wagtail.documents import get_document_model
from wagtail.models import Page, PageViewRestriction

from demo.event import EVENT_SLUG
from participants import breakouts, checkin
from participants.models import (
    BreakoutBooking,
    CheckIn,
    Invitation,
    ParticipantAreaPage,
    Registration,
)
from programme import cloning, ical, services
from programme.models import ProgrammePage, Session, SpeakerIndexPage
from roundtable.access import ORGANISERS_GROUP
from roundtable.models import EventAim, EventOrganiser, EventPage, EventTheme
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    confirmed_registration,
    pre_read,
)
from tests.factories.area import ParticipantAreaPageFactory
from tests.factories.questions import feedback_question, registration_question
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

NEW_START = datetime.date(2027, 3, 10)


def local(moment, event):
    return moment.astimezone(event.tzinfo)


@pytest.fixture
def full_event(event_page, programme_page, speaker_page):
    """The factory's two-day event with everything a clone may or may not take."""
    event = event_page
    EventOrganiser.objects.create(page=event, organisation=OrganisationFactory())
    EventAim.objects.create(page=event, text="Share what works.")
    first = EventTheme.objects.create(page=event, title="Prevention", sort_order=0)
    second = EventTheme.objects.create(page=event, title="Protection", sort_order=1)
    event.requires_approval = True
    event.invitation_validity_days = 21
    event.illustrative_note = "A sample event."
    event.registration_opens_at = at(event, -60, 9)
    event.registration_closes_at = at(event, -7, 17, 30)
    event.save()
    chair, speaker = PersonFactory(), PersonFactory()
    SessionFactory(
        event=event,
        title="Opening",
        slug="opening",
        start=at(event, 1, 9, 30),
        end=at(event, 1, 10, 30),
        room="Ballroom",
        theme=first,
        roles=[(chair, "chair"), (speaker, "speaker")],
    )
    seats = SessionFactory(
        event=event,
        title="Breakout A",
        slug="breakout-a",
        kind=Session.Kind.BREAKOUT,
        start=at(event, 2, 11),
        end=at(event, 2, 12, 30),
        room="Orchid",
        capacity=12,
        theme=second,
        visibility=Session.Visibility.PARTICIPANTS,
        roles=[(speaker, "moderator")],
    )
    SessionFactory(
        event=event,
        title="Called off",
        slug="called-off",
        start=at(event, 2, 15),
        end=at(event, 2, 16),
        status=Session.Status.CANCELLED,
    )
    area = ParticipantAreaPageFactory(parent=event)
    pre_read(page=area)
    registration = confirmed_registration(event=event)
    breakouts.book_breakout(registration=registration, session=seats)
    checkin.check_in(registration=registration, day=event.start_date)
    return event


def clone(event, **kwargs):
    kwargs.setdefault("title", "Roundtable 2027")
    kwargs.setdefault("start_date", NEW_START)
    return cloning.clone_event(event=event, **kwargs)


def test_clone_is_a_draft_event_with_the_settings_and_a_group_of_its_own(full_event):
    new = clone(full_event)

    assert isinstance(new, EventPage)
    assert (new.title, new.slug, new.live) == (
        "Roundtable 2027",
        "roundtable-2027",
        False,
    )
    assert new.get_parent().pk == full_event.get_parent().pk
    assert (new.start_date, new.end_date) == (
        NEW_START,
        NEW_START + datetime.timedelta(1),
    )
    assert new.time_zone == full_event.time_zone
    assert (new.invitation_only, new.requires_approval) == (True, True)
    assert new.invitation_validity_days == 21
    assert new.illustrative_note == "A sample event."
    # Registration moves by the same number of days, at the same local times.
    opens, closes = (
        local(new.registration_opens_at, new),
        local(new.registration_closes_at, new),
    )
    assert (opens.date(), opens.time()) == (
        NEW_START - datetime.timedelta(61),
        datetime.time(9),
    )
    assert (closes.date(), closes.time()) == (
        NEW_START - datetime.timedelta(8),
        datetime.time(17, 30),
    )
    assert new.participant_group_id not in (None, full_event.participant_group_id)
    assert new.participant_group.name == "Participants: Roundtable 2027"
    assert new.participant_group.user_set.count() == 0
    assert [o.organisation_id for o in new.organisers.all()] == [
        o.organisation_id for o in full_event.organisers.all()
    ]
    assert [a.text for a in new.aims.all()] == ["Share what works."]
    assert [t.title for t in new.themes.all()] == ["Prevention", "Protection"]
    assert not set(new.themes.values_list("pk", flat=True)) & set(
        full_event.themes.values_list("pk", flat=True)
    )
    assert new.latest_revision is not None


def test_clone_has_its_own_draft_pages_and_an_empty_private_area(full_event):
    original_area = ParticipantAreaPage.objects.child_of(full_event).get()

    new = clone(full_event)

    children = {type(p) for p in new.get_children().specific()}
    assert children == {ProgrammePage, SpeakerIndexPage, ParticipantAreaPage}
    assert not new.get_children().live().exists()
    area = ParticipantAreaPage.objects.child_of(new).get()
    assert area.collection_id not in (None, original_area.collection_id)
    assert not get_document_model().objects.filter(collection=area.collection).exists()
    [restriction] = PageViewRestriction.objects.filter(page=area)
    assert {g.name for g in restriction.groups.all()} == {
        new.participant_group.name,
        ORGANISERS_GROUP,
    }
    # The original's area is as it was.
    assert (
        get_document_model()
        .objects.filter(collection=original_area.collection)
        .exists()
    )


def test_clone_takes_no_people(full_event):
    new = clone(full_event)

    assert not Invitation.objects.filter(event=new).exists()
    assert not Registration.objects.filter(event=new).exists()
    assert not BreakoutBooking.objects.filter(session__event=new).exists()
    assert not CheckIn.objects.filter(registration__event=new).exists()
    # The original keeps its own.
    assert Registration.objects.filter(event=full_event).count() == 1
    assert BreakoutBooking.objects.filter(session__event=full_event).count() == 1


def test_sessions_are_drafts_at_the_same_local_times_with_new_uids(full_event):
    originals = {s.slug: s for s in Session.objects.filter(event=full_event)}

    new = clone(full_event)

    copies = {s.slug: s for s in Session.objects.filter(event=new)}
    # The cancelled session is not planned again.
    assert set(copies) == {"opening", "breakout-a"}
    opening, seats = copies["opening"], copies["breakout-a"]
    assert (local(opening.start, new).date(), local(opening.start, new).time()) == (
        NEW_START,
        datetime.time(9, 30),
    )
    assert local(opening.end, new).time() == datetime.time(10, 30)
    assert local(seats.start, new).date() == NEW_START + datetime.timedelta(1)
    for slug, copy in copies.items():
        original = originals[slug]
        assert (copy.live, copy.explicitly_saved, copy.sequence) == (False, True, 0)
        assert copy.uid != original.uid
        assert copy.latest_revision is not None
        assert (copy.title, copy.kind, copy.room, copy.visibility) == (
            original.title,
            original.kind,
            original.room,
            original.visibility,
        )
        assert copy.capacity == original.capacity
        assert copy.theme.page_id == new.pk
        assert copy.theme.title == original.theme.title
        assert [(r.person_id, r.role) for r in copy.roles.all()] == [
            (r.person_id, r.role) for r in original.roles.all()
        ]
    assert seats.capacity == 12
    assert seats.visibility == Session.Visibility.PARTICIPANTS


def test_copied_programme_passes_the_clash_checks(full_event):
    new = clone(full_event)

    for session in Session.objects.filter(event=new):
        services.validate_session(session=session)
        people = [role.person for role in session.roles.all()]
        assert services.room_clash(session=session) is None
        assert services.person_clashes(session=session, people=people) == {}


def test_the_original_is_untouched(full_event):
    before = list(
        Session.objects.filter(event=full_event).values_list(
            "pk", "start", "uid", "sequence", "live"
        )
    )

    clone(full_event)

    assert (
        list(
            Session.objects.filter(event=full_event).values_list(
                "pk", "start", "uid", "sequence", "live"
            )
        )
        == before
    )
    full_event.refresh_from_db()
    assert full_event.live


def test_a_restriction_to_the_original_participants_names_the_new_ones(event_page):
    restriction = PageViewRestriction.objects.create(
        page=event_page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(event_page.participant_group)

    new = clone(event_page)

    [copied] = PageViewRestriction.objects.filter(page=new)
    assert list(copied.groups.all()) == [new.participant_group]


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [
        ({"end_date": NEW_START - datetime.timedelta(1)}, "end_date"),
        ({"end_date": NEW_START}, "end_date"),  # the programme runs over two days
        ({"title": "  "}, "title"),
        ({"slug": "taken"}, "slug"),
    ],
)
def test_bad_input_is_refused_and_changes_nothing(full_event, kwargs, field):
    from tests.factories import EventPageFactory

    EventPageFactory(parent=full_event.get_parent(), slug="taken")
    pages, sessions = Page.objects.count(), Session.objects.count()

    with pytest.raises(ValidationError) as refused:
        clone(full_event, **kwargs)

    assert field in refused.value.message_dict
    assert (Page.objects.count(), Session.objects.count()) == (pages, sessions)


def test_shift_keeps_the_wall_clock_across_a_change_of_summer_time():
    import zoneinfo

    london = zoneinfo.ZoneInfo("Europe/London")
    winter = datetime.datetime(2027, 1, 5, 9, 30, tzinfo=london)

    summer = cloning.shift_local(winter, days=180, tzinfo=london)

    assert (summer.date(), summer.time()) == (
        datetime.date(2027, 7, 4),
        datetime.time(9, 30),
    )
    assert summer.utcoffset() == datetime.timedelta(hours=1)


def test_cloning_the_2014_demo_gives_a_clash_free_programme_with_new_uids():
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    demo = EventPage.objects.get(slug=EVENT_SLUG)
    old_uids = {str(uid) for uid in Session.objects.values_list("uid", flat=True)}
    expected = cloning.sessions_to_copy(demo).count()

    new = clone(demo)

    copies = list(Session.objects.filter(event=new))
    assert len(copies) == expected > 0
    for session in copies:
        services.validate_session(session=session)
        people = [role.person for role in session.roles.all()]
        assert services.person_clashes(session=session, people=people) == {}
        session.get_latest_revision().publish()
    content = ical.programme_calendar(
        event=new,
        sessions=list(services.public_sessions(event=new)),
        programme_url="http://testserver/events/roundtable-2027/programme/",
        show_private_details=False,
        now=datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC),
    )
    vevents = Calendar.from_ical(content).walk("VEVENT")
    uids = {str(v["UID"]) for v in vevents}
    assert len(uids) == len(copies)
    assert not uids & old_uids
    assert {int(v.get("SEQUENCE", 0)) for v in vevents} == {0}


def test_clone_asks_the_same_questions_with_its_survey_closed(event_page):
    registration_question(event=event_page, label="Your role")
    feedback_question(event=event_page, label="Overall")
    EventPage.objects.filter(pk=event_page.pk).update(feedback_open=True)
    event_page.refresh_from_db()

    new = clone(event_page)

    assert [q.label for q in new.registration_questions.all()] == ["Your role"]
    assert [q.label for q in new.feedback_questions.all()] == ["Overall"]
    assert new.feedback_open is False
