"""The organisers' timetable: the grid, its clashes, its add links, who sees it."""

import datetime
import re
from urllib.parse import parse_qs, urlsplit

import pytest
from django.contrib.auth.models import Permission

from programme import services, timetable
from programme.models import Session, SessionRole
from tests.factories import (
    EventPageFactory,
    PersonFactory,
    SessionFactory,
    UserFactory,
)
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

TIMETABLE = "/admin/programme/timetable/"
ADD_URL = "/admin/snippets/programme/session/add/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def small_event(event_page):
    """Thursday: a plenary in the Ballroom; Friday: two parallel breakouts, a
    draft saved on purpose, a cancelled session and one with no room."""
    SessionFactory(
        event=event_page,
        title="Opening plenary",
        kind=Session.Kind.PLENARY,
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10, 30),
    )
    SessionFactory(
        event=event_page,
        title="Labour migration",
        kind=Session.Kind.BREAKOUT,
        room="Meeting Room 1",
        start=at(event_page, 2, 10, 45),
        end=at(event_page, 2, 12, 15),
    )
    SessionFactory(
        event=event_page,
        title="Victim protection",
        kind=Session.Kind.BREAKOUT,
        room="Meeting Room 2",
        start=at(event_page, 2, 10, 45),
        end=at(event_page, 2, 12, 15),
        publish=False,
    )
    SessionFactory(
        event=event_page,
        title="Site visit",
        room="Ballroom",
        status=Session.Status.CANCELLED,
        start=at(event_page, 2, 14),
        end=at(event_page, 2, 15),
    )
    SessionFactory(
        event=event_page,
        title="Coffee",
        kind=Session.Kind.BREAK,
        start=at(event_page, 2, 10, 30),
        end=at(event_page, 2, 10, 45),
    )
    # Wagtail's autosave of a new session nobody saved: not on the timetable.
    Session.objects.filter(
        pk=SessionFactory(
            event=event_page, title="Half typed", publish=False, room="Foyer"
        ).pk
    ).update(explicitly_saved=False)
    return event_page


def grid(response):
    """{(day heading, row time, column): cell html} as the page lays it out."""
    html = response.content.decode()
    found = {}
    for section in re.findall(r"<section.*?</section>", html, re.S):
        heading = re.search(r"<h3[^>]*>(.*?)</h3>", section).group(1)
        columns = re.findall(r'<th scope="col">(.*?)</th>', section)[1:]
        covered = {}  # column index -> rows still covered by a rowspan
        for row in re.findall(r"<tr>(.*?)</tr>", section, re.S)[1:]:
            time = re.search(r'<th scope="row">(.*?)</th>', row).group(1)
            cells = iter(re.findall(r"<td( rowspan=\"(\d+)\")?>(.*?)</td>", row, re.S))
            for index, column in enumerate(columns):
                if covered.get(index, 0) > 0:
                    covered[index] -= 1
                    continue
                _, span, content = next(cells)
                covered[index] = int(span or 1) - 1
                found[(heading, time, column)] = content
    return found


def test_the_grid_puts_each_session_in_its_room_day_and_local_time(
    organiser_client, small_event
):
    response = organiser_client.get(TIMETABLE, {"event": small_event.pk})

    assert response.status_code == 200
    cells = grid(response)
    thursday, friday = "Thursday 26 June 2014", "Friday 27 June 2014"
    columns = ["Ballroom", "Meeting Room 1", "Meeting Room 2", "No room"]
    assert response.context["columns"] == columns
    assert "Opening plenary" in cells[(thursday, "09:00–10:30", "Ballroom")]
    assert "09:00–10:30 · Plenary" in cells[(thursday, "09:00–10:30", "Ballroom")]
    assert "Coffee" in cells[(friday, "10:30–10:45", "No room")]
    labour = cells[(friday, "10:45–12:15", "Meeting Room 1")]
    protection = cells[(friday, "10:45–12:15", "Meeting Room 2")]
    assert "Labour migration" in labour and ">Live<" in labour
    assert "Victim protection" in protection and ">Draft<" in protection
    assert "<s>Site visit</s>" in cells[(friday, "14:00–15:00", "Ballroom")]
    assert "Cancelled" in cells[(friday, "14:00–15:00", "Ballroom")]
    assert "Add a session here" in cells[(friday, "10:45–12:15", "Ballroom")]
    assert "Half typed" not in response.content.decode()
    assert "Singapore time, UTC+08:00" in response.content.decode()
    session = Session.objects.get(title="Labour migration")
    assert f"/admin/snippets/programme/session/edit/{session.pk}/" in labour


def test_a_session_spans_the_rows_between_its_start_and_end(
    organiser_client, event_page
):
    SessionFactory(
        event=event_page,
        title="Long",
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 11),
    )
    SessionFactory(
        event=event_page,
        title="Short",
        room="Foyer",
        start=at(event_page, 1, 10),
        end=at(event_page, 1, 11),
    )

    response = organiser_client.get(TIMETABLE, {"event": event_page.pk})

    html = response.content.decode()
    assert re.search(
        r'<td rowspan="2">\s*<div class="timetable__session">\s*'
        r'<a class="timetable__title" href="[^"]+">Long',
        html,
    )
    cells = grid(response)
    assert (
        "Add a session here" in cells[("Thursday 26 June 2014", "09:00–10:00", "Foyer")]
    )


def test_room_and_person_clashes_are_marked_on_both_sessions(
    organiser_client, event_page
):
    chair = PersonFactory(name="Sample Chair")
    first = SessionFactory(
        event=event_page,
        title="Frameworks",
        room="Ballroom",
        roles=[(chair, "chair")],
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    second = SessionFactory(
        event=event_page,
        title="Data",
        room="Foyer",
        start=at(event_page, 1, 9, 30),
        end=at(event_page, 1, 10, 30),
    )
    third = SessionFactory(
        event=event_page,
        title="Later",
        room="Foyer",
        start=at(event_page, 1, 10, 30),
        end=at(event_page, 1, 11),
    )
    # Made outside the editor (an import, an older version): the grid shows them.
    Session.objects.filter(pk=second.pk).update(room="ballroom")
    SessionRole.objects.create(session=second, person=chair, role="speaker")
    second.refresh_from_db()
    # The editor's own checks agree: the same rule.
    assert services.room_clash(session=second) == first
    assert services.person_clashes(session=second, people=[chair]) == {chair: first}
    assert services.room_clash(session=third) is None

    response = organiser_client.get(TIMETABLE, {"event": event_page.pk})

    html = response.content.decode()
    assert "Clash</strong>: Ballroom is also taken by ‘Data’." in html
    assert "Clash</strong>: ballroom is also taken by ‘Frameworks’." in html
    assert "Clash</strong>: Sample Chair also has a role in ‘Data’." in html
    assert "Clash</strong>: Sample Chair also has a role in ‘Frameworks’." in html
    assert response.context["clash_count"] == 2
    # Both in one Ballroom cell: one column whatever the capitals.
    assert response.context["columns"] == ["Ballroom", "Foyer"]


def test_cancelled_and_back_to_back_sessions_do_not_clash(event_page):
    one = SessionFactory(
        event=event_page,
        room="Ballroom",
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    two = SessionFactory(
        event=event_page,
        room="Ballroom",
        start=at(event_page, 1, 10),
        end=at(event_page, 1, 11),
    )
    Session.objects.filter(pk=two.pk).update(
        start=at(event_page, 1, 9, 30), status=Session.Status.CANCELLED
    )
    sessions, roles = timetable.event_sessions(event_page)

    assert timetable.find_clashes(sessions, roles) == {one.pk: [], two.pk: []}


def test_add_link_prefills_the_session_form_in_local_time(
    organiser_client, small_event
):
    response = organiser_client.get(TIMETABLE, {"event": small_event.pk})
    cell = grid(response)[("Friday 27 June 2014", "10:45–12:15", "Ballroom")]
    link = re.search(r'href="([^"]+)">Add a session here', cell).group(1)
    link = link.replace("&amp;", "&")

    url = urlsplit(link)
    assert url.path == ADD_URL
    assert parse_qs(url.query) == {
        "event": [str(small_event.pk)],
        "room": ["Ballroom"],
        "start": ["2014-06-27T10:45"],
        "end": ["2014-06-27T12:15"],
    }
    form = organiser_client.get(link).context["form"]
    assert form["event"].value() == small_event.pk
    assert form["room"].value() == "Ballroom"
    assert form["start"].value() == datetime.datetime(2014, 6, 27, 10, 45)
    assert form["end"].value() == datetime.datetime(2014, 6, 27, 12, 15)
    page = organiser_client.get(link).content.decode()
    assert 'value="2014-06-27 10:45"' in page
    assert 'value="Ballroom"' in page


def test_add_form_ignores_what_it_cannot_read(organiser_client, event_page):
    response = organiser_client.get(
        ADD_URL, {"event": "nine", "room": "Ballroom", "start": "soon"}
    )
    assert response.status_code == 200
    assert response.context["form"]["room"].value() in ("", None)

    response = organiser_client.get(
        ADD_URL, {"event": event_page.pk, "start": "soon", "end": "2014-06-26T10:00"}
    )
    assert response.context["form"]["start"].value() is None
    assert response.context["form"]["end"].value() == datetime.datetime(2014, 6, 26, 10)


def test_the_next_event_is_chosen_by_default_else_the_latest(event_page):
    later = EventPageFactory(
        parent=event_page.get_parent(),
        slug="later",
        start_date=datetime.date(2015, 6, 1),
        end_date=datetime.date(2015, 6, 2),
    )
    events = [later, event_page]  # newest first

    assert timetable.choose_event(events) == event_page
    assert timetable.choose_event(events, str(later.pk)) == later
    assert timetable.choose_event(events, "nonsense") == event_page


def test_the_latest_event_when_all_have_ended(event_page, real_clock):
    assert timetable.choose_event([event_page]) == event_page
    assert timetable.choose_event([]) is None


def test_the_programme_menu_entry_is_for_organisers(organiser_client, event_page):
    response = organiser_client.get("/admin/")
    assert TIMETABLE in response.content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(client, event_page):
    response = client.get(TIMETABLE)

    assert response.status_code == 302
    assert response.url.startswith("/accounts/login/")


def test_an_event_participant_is_turned_away(client, participant):
    client.force_login(participant)

    response = client.get(TIMETABLE)

    # Signed in but no admin access: refused (Wagtail's admin access check).
    assert response.status_code == 403


def test_signed_in_people_who_are_not_organisers_are_refused(client, user):
    client.force_login(user)

    assert client.get(TIMETABLE).status_code == 403


def test_admin_users_who_do_not_organise_are_refused(client, event_page):
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(codename="access_admin"),
        Permission.objects.get(
            content_type__app_label="programme", codename="change_session"
        ),
    )
    client.force_login(editor)

    response = client.get(TIMETABLE)

    # Wagtail turns the refusal into a redirect to the dashboard with a message.
    assert (response.status_code, response["Location"]) == (302, "/admin/")
    assert TIMETABLE not in client.get("/admin/").content.decode()


def test_no_events_yet(organiser_client, home_page):
    response = organiser_client.get(TIMETABLE)

    assert response.status_code == 200
    assert "There are no events yet." in response.content.decode()


def many_sessions(event, count):
    """`count` live sessions over the event's two days in six rooms, each with a
    speaker; made in bulk, as the service's one by one would take minutes."""
    rooms = ["Ballroom", "Foyer", "Restaurant", "Room 1", "Room 2", "Room 3"]
    people = [PersonFactory() for _ in range(6)]
    sessions = []
    for index in range(count):
        slot, room = divmod(index, len(rooms))
        day, slot = divmod(slot, 17)
        start = at(event, day + 1, 8) + datetime.timedelta(minutes=30 * slot)
        sessions.append(
            Session(
                event=event,
                title=f"Session {index}",
                slug=f"session-{index}",
                room=rooms[room],
                start=start,
                end=start + datetime.timedelta(minutes=30),
                live=True,
            )
        )
    sessions = Session.objects.bulk_create(sessions)
    SessionRole.objects.bulk_create(
        SessionRole(session=session, person=people[index % 6], role="speaker")
        for index, session in enumerate(sessions)
    )


@pytest.mark.parametrize("count", [20, 200])
def test_queries_do_not_grow_with_the_sessions(
    organiser_client, event_page, count, django_assert_max_num_queries
):
    many_sessions(event_page, count)
    organiser_client.get(TIMETABLE, {"event": event_page.pk})  # warm caches

    # One more than the grid's own: the count that decides whether every day
    # fits on the page.
    with django_assert_max_num_queries(15):
        response = organiser_client.get(TIMETABLE, {"event": event_page.pk})

    assert response.context["session_count"] == count
    assert response.context["clash_count"] == 0


def test_a_large_programme_is_shown_a_day_at_a_time(organiser_client, event_page):
    many_sessions(event_page, timetable.ALL_DAYS_LIMIT + 10)
    first, second = event_page.days[:2]

    response = organiser_client.get(TIMETABLE, {"event": event_page.pk})
    assert [day.date for day in response.context["days"]] == [first]
    html = response.content.decode()
    assert "shown a day at a time" in html
    assert ">All days</a>" not in html
    assert (
        f'href="{TIMETABLE}?event={event_page.pk}&amp;day={second.isoformat()}"' in html
    )
    shown = response.context["shown_count"]
    assert 0 < shown < response.context["session_count"]

    response = organiser_client.get(
        TIMETABLE, {"event": event_page.pk, "day": second.isoformat()}
    )
    assert [day.date for day in response.context["days"]] == [second]


def test_a_small_programme_shows_every_day_and_a_day_on_request(
    organiser_client, event_page
):
    many_sessions(event_page, 20)
    response = organiser_client.get(TIMETABLE, {"event": event_page.pk})
    assert [day.date for day in response.context["days"]] == event_page.days
    assert ">All days</a>" in response.content.decode()
    response = organiser_client.get(
        TIMETABLE, {"event": event_page.pk, "day": "not-a-day"}
    )
    assert [day.date for day in response.context["days"]] == event_page.days
