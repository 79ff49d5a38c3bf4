"""The purge contract: each public fact, changed the organiser's way, shows at once.

Every test reads a public page anonymously twice (a miss that fills the cache,
then a hit), changes one fact through the admin an organiser uses, and reads the
page again: it must be a fresh render (`X-Cache: miss`) with the new value.
Drafts change nothing public, so they leave the stored pages alone.
"""

import pytest
from django.test import Client
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    rich_text,
    streamfield,
)

from programme.models import Session
from roundtable.models import SiteSettings
from tests.factories import (
    PersonFactory,
    ProgrammePageFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    SessionFactory,
    SpeakerIndexPageFactory,
)
from tests.programme.conftest import at
from tests.programme.test_admin import session_form

pytestmark = pytest.mark.django_db

SESSIONS = "/admin/snippets/programme/session"
CAPACITY = "/admin/participants/bookings/capacity/"


@pytest.fixture(autouse=True)
def site_settings(db):
    """The settings row exists, as on a running site."""
    return SiteSettings.load()


@pytest.fixture
def anonymous():
    return Client()


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def programme_page(event_page):
    return ProgrammePageFactory(parent=event_page)


@pytest.fixture
def speaker():
    return PersonFactory(name="Ada Example", position="Researcher")


@pytest.fixture
def session(programme_page, speaker):
    event = programme_page.get_parent().specific
    return SessionFactory(
        event=event,
        title="Frameworks",
        slug="frameworks",
        kind=Session.Kind.BREAKOUT,
        start=at(event, 1, 9),
        end=at(event, 1, 10),
        room="Room A",
        capacity=20,
        roles=[(speaker, "speaker")],
    )


def session_url(programme_page, session):
    return f"{programme_page.url}sessions/{session.slug}/"


def cached(anonymous, url):
    """Read `url` twice anonymously: a miss that fills the cache, then a hit."""
    first = anonymous.get(url)
    assert (first.status_code, first["X-Cache"]) == (200, "miss")
    second = anonymous.get(url)
    assert (second.status_code, second["X-Cache"]) == (200, "hit")
    return second.content.decode()


def fresh(anonymous, url):
    """Read `url` anonymously again: it must be a new render; its text."""
    response = anonymous.get(url)
    assert (response.status_code, response["X-Cache"]) == (200, "miss")
    return response.content.decode()


def edit_session(client, session, *, action="action-publish", roles=None, **fields):
    event = session.event
    values = {
        "title": session.title,
        "slug": session.slug,
        "kind": session.kind,
        "room": session.room,
        "capacity": "" if session.capacity is None else str(session.capacity),
        "status": session.status,
    } | fields
    start = values.pop("start", session.start)
    end = values.pop("end", session.end)
    if roles is None:
        roles = [(role.person, role.role) for role in session.roles.all()]
    data = session_form(event, start=start, end=end, roles=roles, **values)
    if action:
        data[action] = action
    response = client.post(f"{SESSIONS}/edit/{session.pk}/", data)
    assert response.status_code == 302, response.context["form"].errors
    return response


# Session facts, through the snippet editor and Publish --------------------------


def test_session_time(anonymous, organiser_client, programme_page, session):
    url = session_url(programme_page, session)
    assert "09:00" in cached(anonymous, url)
    event = session.event
    edit_session(
        organiser_client, session, start=at(event, 1, 11), end=at(event, 1, 12)
    )
    html = fresh(anonymous, url)
    assert ("11:00" in html, "09:00" in html) == (True, False)


def test_session_room(anonymous, organiser_client, programme_page, session):
    url = session_url(programme_page, session)
    assert "Room A" in cached(anonymous, url)
    edit_session(organiser_client, session, room="Zebracorn hall")
    assert "Zebracorn hall" in fresh(anonymous, url)


def test_session_status_cancelled(anonymous, organiser_client, programme_page, session):
    url = session_url(programme_page, session)
    assert "This session is cancelled." not in cached(anonymous, url)
    edit_session(organiser_client, session, status="cancelled")
    assert "This session is cancelled." in fresh(anonymous, url)


def test_session_title(anonymous, organiser_client, programme_page, session):
    url = programme_page.url
    assert "Frameworks" in cached(anonymous, url)
    edit_session(organiser_client, session, title="Legal frameworks for protection")
    assert "Legal frameworks for protection" in fresh(anonymous, url)


def test_session_places_through_the_editor(
    anonymous, organiser_client, programme_page, session
):
    url = session_url(programme_page, session)
    assert "(20 places)" in cached(anonymous, url)
    edit_session(organiser_client, session, capacity="25")
    assert "(25 places)" in fresh(anonymous, url)


def test_speaker_role(anonymous, organiser_client, programme_page, session, speaker):
    url = session_url(programme_page, session)
    role = '<span class="session-roles__role">{}:</span> Ada Example'
    assert role.format("Speaker") in cached(anonymous, url)
    edit_session(organiser_client, session, roles=[(speaker, "chair")])
    assert role.format("Chair") in fresh(anonymous, url)


# Places: the organiser's "Change a capacity" action (a bulk write before) -------


def test_capacity_change_shows_at_once(
    anonymous, organiser_client, programme_page, session
):
    url = session_url(programme_page, session)
    assert "(20 places)" in cached(anonymous, url)

    response = organiser_client.post(
        CAPACITY, {"session": session.pk, "capacity": 12}, follow=True
    )
    assert "is now 12" in response.content.decode()

    html = fresh(anonymous, url)
    assert ("(12 places)" in html, "(20 places)" in html) == (True, False)


def test_capacity_change_reaches_the_editor_through_a_revision(
    organiser_client, session
):
    before = session.latest_revision
    organiser_client.post(CAPACITY, {"session": session.pk, "capacity": 12})
    session.refresh_from_db()
    assert session.capacity == 12
    assert session.latest_revision != before
    assert session.latest_revision.content["capacity"] == 12
    assert before.content["capacity"] == 20  # stored revisions are never rewritten
    response = organiser_client.get(f"{SESSIONS}/edit/{session.pk}/")
    assert response.context["form"]["capacity"].value() == 12


def test_capacity_change_keeps_an_organisers_pending_draft(organiser_client, session):
    """A draft waiting for publication keeps its edits and takes the new capacity."""
    edit_session(organiser_client, session, action=None, room="Draft room")
    organiser_client.post(CAPACITY, {"session": session.pk, "capacity": 12})
    session.refresh_from_db()
    assert (session.room, session.capacity) == ("Room A", 12)
    draft = session.latest_revision.as_object()
    assert (draft.room, draft.capacity) == ("Draft room", 12)


# People: the directory snippet ----------------------------------------------------


def test_speaker_name(anonymous, organiser_client, event_page, session, speaker):
    speakers = SpeakerIndexPageFactory(parent=event_page)
    assert "Ada Example" in cached(anonymous, speakers.url)
    response = organiser_client.post(
        f"/admin/snippets/programme/person/edit/{speaker.pk}/",
        {
            "honorific": speaker.honorific,
            "name": "Ada Renamed",
            "position": speaker.position,
            "organisation": speaker.organisation_id or "",
            "is_fictional": "on" if speaker.is_fictional else "",
            "country": speaker.country,
            "bio": speaker.bio,
            "photo": speaker.photo_id or "",
        },
    )
    assert response.status_code == 302, response.context["form"].errors
    assert "Ada Renamed" in fresh(anonymous, speakers.url)


# Reports: the page editor and Publish -------------------------------------------


def report_form(report, *, action="action-publish", pointers=(), **fields):
    data = {
        "title": report.title,
        "slug": report.slug,
        "seo_title": "",
        "search_description": "",
        "publication_date": report.publication_date.isoformat(),
        "last_updated": "",
        "report_type": report.report_type,
        "related_event": "",
        "authors": inline_formset([]),
        "summary": rich_text(report.summary),
        "body": streamfield([]),
        "pointers_introduction": "",
        "policy_pointers": inline_formset(
            [{"title": title, "text": text, "anchor": ""} for title, text in pointers]
        ),
        "checklist_introduction": "",
        "checklist_items": inline_formset([]),
        "conclusion": rich_text(""),
        "pdf": "",
    } | fields
    data = nested_form_data(data)
    if action:
        data[action] = action
    return data


def publish_report(client, report, **kwargs):
    response = client.post(
        f"/admin/pages/{report.pk}/edit/", report_form(report, **kwargs)
    )
    assert response.status_code == 302, response.context["form"].errors
    return response


@pytest.fixture
def report(home_page):
    index = ReportIndexPageFactory(parent=home_page)
    return ReportPageFactory(
        parent=index, title="Zebracorn report", summary="<p>Old findings.</p>"
    )


def test_report_title(anonymous, organiser_client, report):
    index_url = report.get_parent().url
    assert "Zebracorn report" in cached(anonymous, index_url)
    publish_report(organiser_client, report, title="Zebracorn report, revised")
    assert "Zebracorn report, revised" in fresh(anonymous, index_url)


def test_report_summary(anonymous, organiser_client, report):
    assert "Old findings." in cached(anonymous, report.url)
    publish_report(organiser_client, report, summary=rich_text("<p>New findings.</p>"))
    assert "New findings." in fresh(anonymous, report.url)


def test_policy_pointer_text(anonymous, organiser_client, report):
    publish_report(organiser_client, report, pointers=[("Protect", "Old pointer.")])
    assert "Old pointer." in cached(anonymous, report.url)
    publish_report(
        organiser_client, report, pointers=[("Protect", "Zebracorn pointer text.")]
    )
    assert "Zebracorn pointer text." in fresh(anonymous, report.url)


# Drafts change nothing public -----------------------------------------------------


def test_session_draft_does_not_purge(
    anonymous, organiser_client, programme_page, session
):
    url = session_url(programme_page, session)
    cached(anonymous, url)
    edit_session(organiser_client, session, action=None, title="Draft title")
    response = anonymous.get(url)
    assert response["X-Cache"] == "hit"
    assert "Draft title" not in response.content.decode()


def test_page_draft_does_not_purge(anonymous, organiser_client, report):
    cached(anonymous, report.url)
    publish_report(organiser_client, report, action=None, title="Draft report title")
    response = anonymous.get(report.url)
    assert response["X-Cache"] == "hit"
    assert "Draft report title" not in response.content.decode()
