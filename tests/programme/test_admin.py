import csv
import io

import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from programme.models import Session
from tests.factories import PersonFactory, SessionFactory, UserFactory
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/snippets/programme/session/add/"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def session_form(event, *, start, end, roles=(), **fields):
    data = {
        "event": event.pk,
        "title": "Protection needs",
        "slug": "protection-needs",
        "kind": "panel",
        "theme": "",
        # Typed in the event's time zone, as the organiser reads the programme.
        "start": start.strftime("%Y-%m-%d %H:%M"),
        "end": end.strftime("%Y-%m-%d %H:%M"),
        "room": "",
        "capacity": "",
        "status": "scheduled",
        "visibility": "public",
        "attribution": "chatham_house",
        "description": "",
        "materials": rich_text(""),
        "roles": inline_formset(
            [{"person": person.pk, "role": role} for person, role in roles]
        ),
    }
    data.update(fields)
    return nested_form_data(data)


def test_admin_shows_a_person_clash_on_the_role_and_saves_nothing(
    admin_client, event_page
):
    person = PersonFactory(name="Sample Chair")
    SessionFactory(
        event=event_page,
        title="Frameworks",
        roles=[(person, "chair")],
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    response = admin_client.post(
        ADD_URL,
        session_form(
            event_page,
            start=at(event_page, 1, 9, 30),
            end=at(event_page, 1, 11),
            roles=[(person, "speaker")],
        ),
    )

    assert response.status_code == 200
    role_form = response.context["form"].formsets["roles"].forms[0]
    assert role_form.errors == {
        "person": [
            "Sample Chair already has a role in ‘Frameworks’ on "
            "Thursday 26 June 2014, 09:00–10:00 (Singapore time, UTC+08:00)."
        ]
    }
    assert Session.objects.count() == 1


def test_admin_shows_an_end_before_start_on_the_end_field(admin_client, event_page):
    response = admin_client.post(
        ADD_URL,
        session_form(event_page, start=at(event_page, 1, 11), end=at(event_page, 1, 9)),
    )

    assert response.status_code == 200
    assert response.context["form"].errors == {
        "end": ["The session must end after it starts."]
    }
    assert Session.objects.count() == 0


def test_admin_creates_a_valid_session_with_its_roles(admin_client, event_page):
    person = PersonFactory()
    response = admin_client.post(
        ADD_URL,
        session_form(
            event_page,
            start=at(event_page, 1, 9),
            end=at(event_page, 1, 10),
            roles=[(person, "chair")],
        )
        | {"action-publish": "action-publish"},
    )

    assert response.status_code == 302
    session = Session.objects.get()
    assert (session.live, session.start, session.end) == (
        True,
        at(event_page, 1, 9),
        at(event_page, 1, 10),
    )
    assert [(r.person, r.role) for r in session.roles.all()] == [(person, "chair")]


def test_admin_session_list_filters_by_kind(admin_client, event_page):
    SessionFactory(event=event_page, title="Breakout A", kind="breakout")
    SessionFactory(event=event_page, title="Lunch", kind="meal")
    response = admin_client.get("/admin/snippets/programme/session/?kind=breakout")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Breakout A" in html
    assert "Lunch" not in html


def test_admin_edit_form_shows_times_in_the_event_time_zone(admin_client, event_page):
    session = SessionFactory(
        event=event_page, start=at(event_page, 1, 9), end=at(event_page, 1, 10)
    )
    response = admin_client.get(f"/admin/snippets/programme/session/edit/{session.pk}/")
    form = response.context["form"]
    assert str(form["start"].value()) == "2014-06-26 09:00:00"
    assert str(form["end"].value()) == "2014-06-26 10:00:00"


def test_admin_session_list_filters_by_local_day(admin_client, event_page):
    SessionFactory(event=event_page, title="Early opening", start=at(event_page, 1, 7))
    SessionFactory(event=event_page, title="Day two", start=at(event_page, 2, 9))
    response = admin_client.get("/admin/snippets/programme/session/?day=2014-06-26")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Early opening" in html
    assert "Day two" not in html


def test_session_preview_shows_the_full_details(admin_client, event_page):
    person = PersonFactory(name="Sample Rapporteur")
    session = SessionFactory(
        event=event_page,
        title="Closed breakout",
        visibility="participants",
        description="Preview description.",
        roles=[(person, "rapporteur")],
    )
    response = session.make_preview_request(None, "")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Preview description." in html
    assert "Rapporteur:</span> Sample Rapporteur" in html


def test_admin_publishing_a_new_time_logs_the_change(admin_client, event_page):
    person = PersonFactory()
    session = SessionFactory(
        event=event_page,
        title="Frameworks",
        slug="frameworks",
        roles=[(person, "chair")],
        start=at(event_page, 1, 9),
        end=at(event_page, 1, 10),
    )
    data = session_form(
        event_page,
        start=at(event_page, 1, 14),
        end=at(event_page, 1, 15),
        title="Frameworks",
        slug="frameworks",
    ) | {"action-publish": "action-publish"}
    role_id = session.roles.get().pk
    data.update(
        {
            "roles-TOTAL_FORMS": "1",
            "roles-INITIAL_FORMS": "1",
            "roles-0-id": str(role_id),
            "roles-0-person": str(person.pk),
            "roles-0-role": "chair",
            "roles-0-ORDER": "1",
            "roles-0-DELETE": "",
        }
    )

    response = admin_client.post(
        f"/admin/snippets/programme/session/edit/{session.pk}/", data
    )

    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.start, session.sequence) == (at(event_page, 1, 14), 1)
    assert list(session.changes.values_list("field", "old", "new")) == [
        (
            "time",
            "Thursday 26 June 2014, 09:00–10:00 (Singapore time, UTC+08:00)",
            "Thursday 26 June 2014, 14:00–15:00 (Singapore time, UTC+08:00)",
        )
    ]


def test_a_new_sessions_themes_say_which_event_they_belong_to(
    admin_client, event_page, event_index
):
    from roundtable.models import EventTheme
    from tests.factories import EventPageFactory

    other = EventPageFactory(parent=event_index, title="Other roundtable")
    EventTheme.objects.create(page=event_page, title="Protection")
    EventTheme.objects.create(page=other, title="Protection")
    form = admin_client.get(ADD_URL).context["form"]
    labels = sorted(label for _, label in form.fields["theme"].choices if _)
    assert labels == sorted(
        [f"Protection ({event_page.title})", "Protection (Other roundtable)"]
    )


def test_an_existing_sessions_themes_are_its_events_only(
    admin_client, event_page, event_index
):
    from roundtable.models import EventTheme
    from tests.factories import EventPageFactory

    other = EventPageFactory(parent=event_index, title="Other roundtable")
    EventTheme.objects.create(page=event_page, title="Protection")
    EventTheme.objects.create(page=other, title="Elsewhere")
    session = SessionFactory(event=event_page)
    url = f"/admin/snippets/programme/session/edit/{session.pk}/"
    form = admin_client.get(url).context["form"]
    assert [label for value, label in form.fields["theme"].choices if value] == [
        "Protection"
    ]


def test_admin_session_export_reads_labels_and_local_times(admin_client, event_page):
    SessionFactory(
        event=event_page,
        title="Labour migration",
        kind=Session.Kind.BREAKOUT,
        room="Room 2",
        status=Session.Status.CANCELLED,
        start=at(event_page, 2, 10, 45),
        end=at(event_page, 2, 12, 15),
    )

    response = admin_client.get("/admin/snippets/programme/session/?export=csv")

    content = b"".join(response.streaming_content).decode()
    assert list(csv.reader(io.StringIO(content))) == [
        ["Title", "Event", "Start", "End", "Room", "Kind", "Status"],
        [
            "Labour migration",
            event_page.title,
            "Friday 27 June 2014, 10:45 (Singapore time, UTC+08:00)",
            "Friday 27 June 2014, 12:15 (Singapore time, UTC+08:00)",
            "Room 2",
            "Breakout",
            "Cancelled",
        ],
    ]
