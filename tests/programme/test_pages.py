from urllib.parse import quote

import pytest
from django.contrib.auth.models import AnonymousUser
from icalendar import Calendar

from programme.models import ProgrammePage, Session, SpeakerIndexPage
from roundtable import pagecache
from tests.factories import (
    OrganisationFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

PROGRAMME = "/events/{slug}/programme/"


def programme_url(event):
    return PROGRAMME.format(slug=event.slug)


@pytest.fixture
def private_session(event_page, programme_page):
    person = PersonFactory(
        name="Sample Speaker",
        organisation=OrganisationFactory(name="Sample Institute", short_name="SI"),
    )
    return SessionFactory(
        event=event_page,
        title="Identifying victims",
        slug="identifying-victims",
        kind=Session.Kind.BREAKOUT,
        capacity=15,
        room="Meeting Room 1",
        visibility=Session.Visibility.PARTICIPANTS,
        description="Withheld description.",
        roles=[(person, "speaker")],
        start=at(event_page, 2, 10, 45),
        end=at(event_page, 2, 12, 15),
    )


@pytest.fixture
def viewer(request, event_page):
    kind = request.param
    if kind == "anonymous":
        return AnonymousUser()
    if kind == "stranger":
        return UserFactory()
    if kind == "participant":
        return UserFactory(groups=[event_page.participant_group])
    from roundtable.access import ensure_organisers_group

    return UserFactory(groups=[ensure_organisers_group()])


def get_as(client, user, url):
    if user.is_authenticated:
        client.force_login(user)
    return client.get(url)


VIEWERS = [
    ("anonymous", False),
    ("stranger", False),
    ("participant", True),
    ("organiser", True),
]


@pytest.mark.parametrize(
    ("viewer", "sees"), VIEWERS, indirect=["viewer"], ids=[v for v, _ in VIEWERS]
)
def test_programme_page_withholds_private_details_from_outsiders(
    client, viewer, sees, event_page, private_session
):
    response = get_as(client, viewer, programme_url(event_page))
    html = response.content.decode()

    assert response.status_code == 200
    assert "Identifying victims" in html
    assert ("Withheld description." in html) is sees
    assert ("Sample Speaker" in html) is sees
    assert ("Participants only" in html) is not sees
    assert ("no-store" in response.get("Cache-Control", "")) is sees


@pytest.mark.parametrize(
    ("viewer", "sees"), VIEWERS, indirect=["viewer"], ids=[v for v, _ in VIEWERS]
)
def test_session_page_withholds_private_details_from_outsiders(
    client, viewer, sees, event_page, private_session
):
    url = programme_url(event_page) + "sessions/identifying-victims/"
    response = get_as(client, viewer, url)
    html = response.content.decode()

    assert response.status_code == 200
    assert "Identifying victims" in html
    assert "10:45" in html
    assert ("Withheld description." in html) is sees
    assert ("Sample Speaker" in html) is sees
    if sees:
        assert response["Cache-Control"] == (
            "max-age=0, no-cache, no-store, must-revalidate, private"
        )
    else:
        assert "no-store" not in response.get("Cache-Control", "")


def test_session_page_says_when_in_the_event_time_zone_labelled_once(
    client, event_page, private_session
):
    url = programme_url(event_page) + "sessions/identifying-victims/"

    html = client.get(url).content.decode()

    assert (
        "<dt>When</dt><dd>Friday 27 June 2014, "
        '<time datetime="2014-06-27T02:45:00+00:00">10:45</time>–'
        '<time datetime="2014-06-27T04:15:00+00:00">12:15</time> '
        "(Singapore time, UTC+08:00)</dd>"
    ) in html


@pytest.mark.parametrize(
    ("viewer", "sees"), VIEWERS, indirect=["viewer"], ids=[v for v, _ in VIEWERS]
)
@pytest.mark.parametrize(
    "path", ["calendar.ics", "sessions/identifying-victims/calendar.ics"]
)
def test_calendar_feeds_withhold_private_details_from_outsiders(
    client, viewer, sees, path, event_page, private_session
):
    response = get_as(client, viewer, programme_url(event_page) + path)
    (vevent,) = Calendar.from_ical(response.content).walk("VEVENT")
    description = str(vevent["DESCRIPTION"])

    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="')
    assert response["Content-Disposition"].endswith('.ics"')
    assert ("Withheld description." in description) is sees
    assert ("Sample Speaker" in description) is sees
    assert ("no-store" in response.get("Cache-Control", "")) is sees


def test_programme_groups_days_in_the_event_time_zone(
    client, event_page, programme_page
):
    SessionFactory(
        event=event_page,
        title="Opening",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 9, 30),
    )
    SessionFactory(
        event=event_page,
        title="Closing",
        start=at(event_page, 2, 16),
        end=at(event_page, 2, 16, 30),
    )
    html = client.get(programme_url(event_page)).content.decode()

    assert "All times are Singapore time, UTC+08:00." in html
    assert "Day 1: Thursday 26 June 2014" in html
    assert "Day 2: Friday 27 June 2014" in html
    assert html.index("Opening") < html.index("Day 2") < html.index("Closing")
    assert ">09:00</time>–<time" in html


def test_parallel_breakouts_share_one_slot(client, event_page, programme_page):
    for room in ("Room A", "Room B"):
        SessionFactory(
            event=event_page,
            title=f"Breakout in {room}",
            kind=Session.Kind.BREAKOUT,
            room=room,
            start=at(event_page, 2, 10, 45),
            end=at(event_page, 2, 12, 15),
        )
    html = client.get(programme_url(event_page)).content.decode()
    assert html.count("programme-slot--parallel") == 1


def test_cancelled_session_is_struck_through_with_its_status(
    client, event_page, programme_page
):
    SessionFactory(
        event=event_page, title="Dropped panel", status=Session.Status.CANCELLED
    )
    html = client.get(programme_url(event_page)).content.decode()
    assert (
        '<del>Dropped panel</del> <span class="status status--cancelled">'
        "Cancelled</span>" in html
    )


def test_drafts_never_appear_publicly(client, event_page, programme_page, organiser):
    SessionFactory(event=event_page, title="Secret draft", slug="draft", publish=False)
    client.force_login(organiser)

    assert "Secret draft" not in client.get(programme_url(event_page)).content.decode()
    url = programme_url(event_page) + "sessions/draft/"
    assert client.get(url).status_code == 404
    assert client.get(url + "calendar.ics").status_code == 404
    feed = client.get(programme_url(event_page) + "calendar.ics")
    assert Calendar.from_ical(feed.content).walk("VEVENT") == []


def test_unknown_session_is_not_found(client, event_page, programme_page):
    url = programme_url(event_page) + "sessions/nothing-here/"
    assert client.get(url).status_code == 404


def test_programme_links_to_the_feeds_with_absolute_and_webcal_urls(
    client, event_page, programme_page
):
    SessionFactory(event=event_page, slug="opening")
    base = f"testserver/events/{event_page.slug}/programme/"
    programme = client.get(programme_url(event_page)).content.decode()
    session = client.get(
        programme_url(event_page) + "sessions/opening/"
    ).content.decode()

    path = f"/events/{event_page.slug}/programme/"
    assert f'href="{path}calendar.ics" download>Add to calendar' in programme
    assert f'href="webcal://{base}calendar.ics"' in programme
    assert f'href="{path}sessions/opening/calendar.ics" download' in session
    assert f'href="webcal://{base}sessions/opening/calendar.ics"' in session


def test_programme_shows_its_change_log_newest_first(
    client, event_page, programme_page
):
    session = SessionFactory(event=event_page, title="Frameworks", room="Ballroom")
    session.room = "Room 2"
    session.save_revision().publish()
    session.refresh_from_db()
    session.status = Session.Status.CANCELLED
    session.save_revision().publish()

    html = client.get(programme_url(event_page)).content.decode()

    assert "Programme updated " in html
    assert html.index("status changed from “Scheduled” to “Cancelled”") < html.index(
        "room changed from “Ballroom” to “Room 2”"
    )


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize("count", [5, 60])
@pytest.mark.parametrize(
    ("path", "expected"),
    # The calendar is measured built afresh after a purge, which also makes
    # the site be read again: one query more.
    [("programme/", 6), ("programme/calendar.ics", 7), ("speakers/", 6)],
)
def test_programme_queries_do_not_grow_with_sessions(
    client,
    event_page,
    programme_page,
    speaker_page,
    django_assert_num_queries,
    count,
    path,
    expected,
):
    organisation = OrganisationFactory()
    for index in range(count):
        people = [PersonFactory(organisation=organisation) for _ in range(2)]
        SessionFactory(
            event=event_page,
            start=at(event_page, 1 + index % 2, 8)
            + index * (at(event_page, 1, 0, 7) - at(event_page, 1, 0)),
            end=at(event_page, 1 + index % 2, 8, 6)
            + index * (at(event_page, 1, 0, 7) - at(event_page, 1, 0)),
            roles=[(people[0], "chair"), (people[1], "speaker")],
        )
    url = f"/events/{event_page.slug}/{path}"
    client.get(url)  # warm Wagtail's site and menu caches
    # Built afresh, as after a change: the calendar is remembered until then
    # (tests/programme/test_calendar_cache.py).
    if path.endswith(".ics"):
        pagecache.purge(reason="test")
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.usefixtures("no_page_cache")
@pytest.mark.parametrize(
    ("suffix", "expected"), [("", 6), ("calendar.ics", 6)], ids=["page", "calendar"]
)
def test_session_page_reads_the_event_with_a_fixed_number_of_queries(
    client, event_page, programme_page, django_assert_num_queries, suffix, expected
):
    """The programme's pages load only some of the event's fields; a field the
    session page needed beyond them would cost a query of its own."""
    people = PersonFactory.create_batch(3)
    session = SessionFactory(
        event=event_page,
        roles=[(people[0], "chair"), (people[1], "speaker"), (people[2], "speaker")],
    )
    url = f"/events/{event_page.slug}/programme/sessions/{session.slug}/{suffix}"
    client.get(url)  # warm Wagtail's site and menu caches
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


@pytest.mark.parametrize(
    ("viewer", "sees"), VIEWERS, indirect=["viewer"], ids=[v for v, _ in VIEWERS]
)
def test_speakers_page_lists_public_roles_and_private_ones_to_insiders(
    client, viewer, sees, event_page, private_session, speaker_page, programme_page
):
    chair = PersonFactory(name="Sample Chair", organisation=None)
    SessionFactory(
        event=event_page,
        title="Opening",
        roles=[(chair, "chair")],
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    response = get_as(client, viewer, f"/events/{event_page.slug}/speakers/")
    html = response.content.decode()

    assert response.status_code == 200
    assert "Sample Chair" in html
    assert "Chair, <a href=" in html
    assert ("Sample Speaker" in html) is sees
    assert ("no-store" in response.get("Cache-Control", "")) is sees


def test_event_page_links_to_its_programme_and_speakers(
    client, event_page, programme_page, speaker_page
):
    html = client.get(f"/events/{event_page.slug}/").content.decode()
    assert f'href="/events/{event_page.slug}/programme/">Programme</a>' in html
    assert f'href="/events/{event_page.slug}/speakers/">Speakers</a>' in html


def test_only_one_programme_page_per_event(event_page, programme_page):
    assert ProgrammePage.can_create_at(event_page) is False
    assert SpeakerIndexPage.can_create_at(event_page) is True


def test_programme_page_lives_at_programme_whatever_its_slug_said(event_page):
    page = ProgrammePage(title="Agenda", slug="agenda")
    event_page.add_child(instance=page)
    page.refresh_from_db()
    assert page.slug == "programme"
    assert page.url_path.endswith(f"/{event_page.slug}/programme/")


@pytest.mark.parametrize(
    ("viewer", "offered"),
    [("anonymous", True), ("stranger", False), ("participant", False)],
    indirect=["viewer"],
)
def test_a_participants_only_session_offers_visitors_a_sign_in(
    client, viewer, offered, event_page, private_session
):
    url = programme_url(event_page) + "sessions/identifying-victims/"
    html = get_as(client, viewer, url).content.decode()
    sign_in = (
        f'<a href="/accounts/login/?next={quote(url)}">Sign in</a> to read '
        "them if you are taking part."
    )
    assert (sign_in in html) is offered
