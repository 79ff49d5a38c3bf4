"""Which drafts count: Wagtail's autosave creates a new session as a draft
before anyone saves it; such a draft blocks no room, clashes with no one and
is offered in no chooser, until a button saves it."""

import pytest

from programme import services
from programme.models import Session
from publications.models import PolicyPointer
from tests.factories import (
    PersonFactory,
    ReportIndexPageFactory,
    ReportPageFactory,
    UserFactory,
)
from tests.programme.conftest import at
from tests.programme.test_admin import ADD_URL, session_form

pytestmark = pytest.mark.django_db

ROOM = "Orchid Room"


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def typed(event, person, **fields):
    """The form as the organiser has typed it so far: the ghost's slot and room."""
    return session_form(
        event,
        start=at(event, 1, 9),
        end=at(event, 1, 10),
        roles=[(person, "chair")],
        room=ROOM,
        title="Half-typed session",
        slug="half-typed",
        **fields,
    )


def autosave(admin_client, url, data):
    """What Wagtail's autosave posts: the same form, asking for JSON back."""
    response = admin_client.post(url, data, HTTP_ACCEPT="application/json")
    assert response.status_code == 200, response.content
    assert response.json()["success"] is True
    return response.json()


def test_autosave_creates_a_draft_nobody_saved(admin_client, event_page):
    autosave(admin_client, ADD_URL, typed(event_page, PersonFactory()))
    ghost = Session.objects.get()
    assert (ghost.live, ghost.explicitly_saved) == (False, False)
    assert list(services.counted(Session.objects.all())) == []


def test_an_autosaved_draft_takes_no_room_and_no_ones_time(admin_client, event_page):
    person = PersonFactory(name="Sample Chair")
    autosave(admin_client, ADD_URL, typed(event_page, person))

    response = admin_client.post(
        ADD_URL,
        session_form(
            event_page,
            start=at(event_page, 1, 9, 30),
            end=at(event_page, 1, 11),
            roles=[(person, "speaker")],
            room=ROOM,
        )
        | {"action-publish": "action-publish"},
    )

    assert response.status_code == 302, response.context["form"].errors
    assert Session.objects.filter(live=True, room=ROOM).count() == 1


def test_a_draft_saved_on_purpose_blocks_its_room(admin_client, event_page):
    person = PersonFactory()
    saved = admin_client.post(ADD_URL, typed(event_page, person))
    assert saved.status_code == 302
    draft = Session.objects.get()
    assert (draft.live, draft.explicitly_saved) == (False, True)

    response = admin_client.post(
        ADD_URL,
        session_form(
            event_page, start=at(event_page, 1, 9, 30), end=at(event_page, 1, 11)
        )
        | {"room": ROOM, "action-publish": "action-publish"},
    )

    assert response.status_code == 200
    assert (
        "Orchid Room is taken at that time by ‘Half-typed session’"
        in (response.context["form"].errors["room"][0])
    )


def test_saving_the_autosaved_draft_makes_it_count_and_autosave_keeps_that(
    admin_client, event_page
):
    person = PersonFactory()
    created = autosave(admin_client, ADD_URL, typed(event_page, person))
    edit_url = created["url"]
    form = typed(event_page, person) | {"roles-0-id": ""}

    assert admin_client.post(edit_url, form).status_code == 302
    session = Session.objects.get()
    assert session.explicitly_saved is True
    autosave(admin_client, edit_url, form)
    session.refresh_from_db()
    assert session.explicitly_saved is True


def test_the_report_editor_offers_no_autosaved_draft(
    admin_client, event_page, home_page
):
    autosave(admin_client, ADD_URL, typed(event_page, PersonFactory()))
    report = ReportPageFactory(
        parent=ReportIndexPageFactory(parent=home_page),
        related_event=event_page,
        policy_pointers=[PolicyPointer(title="Shelters", text="Fund them.")],
    )
    form = admin_client.get(f"/admin/pages/{report.pk}/edit/").context["form"]
    choices = form.formsets["policy_pointers"].empty_form.fields["sessions"].choices
    assert [label for value, label in choices if value] == []


def test_the_capacity_form_offers_no_autosaved_breakout(admin_client, event_page):
    autosave(
        admin_client,
        ADD_URL,
        typed(event_page, PersonFactory(), kind=Session.Kind.BREAKOUT, capacity=10),
    )
    assert Session.objects.get().kind == Session.Kind.BREAKOUT
    form = admin_client.get("/admin/participants/bookings/capacity/").context["form"]
    assert list(form.fields["session"].queryset) == []
