import pytest
from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text

from roundtable.models import EventPage

pytestmark = pytest.mark.django_db


def event_form(**overrides):
    data = {
        "title": "Roundtable on labour migration",
        "slug": "labour-migration-2027",
        "introduction": "A consultation.",
        "start_date": "2027-03-04",
        "end_date": "2027-03-05",
        "time_zone": "Asia/Singapore",
        "venue_name": "A hotel",
        "venue_address": "",
        "venue_map_url": "",
        "background": rich_text("<p>Why we meet.</p>"),
        "aims_introduction": "",
        "themes_introduction": "",
        "format": rich_text(""),
        "audience": "",
        "contact_email": "",
        "invitation_only": "on",
        "invitation_validity_days": "30",
        "organisers": inline_formset([]),
        "aims": inline_formset([{"text": "Share experience."}]),
        "themes": inline_formset([{"title": "Protection", "topics": ""}]),
        "registration_questions": inline_formset([]),
        "feedback_anonymous": "on",
        "feedback_questions": inline_formset([]),
        "action-publish": "publish",
    }
    data.update(overrides)
    return nested_form_data(data)


def test_organiser_creates_an_event_in_the_admin(client, organiser, event_index):
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/", event_form()
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="labour-migration-2027")
    assert event.live is True
    assert event.participant_group.name == (
        "Participants: Roundtable on labour migration"
    )
    assert [aim.text for aim in event.aims.all()] == ["Share experience."]


def test_event_ending_before_it_starts_is_refused_with_a_field_error(
    client, organiser, event_index
):
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/",
        event_form(start_date="2027-03-05", end_date="2027-03-04"),
    )
    assert response.status_code == 200
    assert response.context["form"].errors["end_date"] == [
        "The event cannot end before it starts."
    ]
    assert EventPage.objects.filter(slug="labour-migration-2027").exists() is False


def test_user_outside_organisers_cannot_add_events(client, user, event_index):
    client.force_login(user)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/", event_form()
    )
    # Signed in without admin access: one plain refusal, not a sign-in loop.
    assert response.status_code == 403
    assert EventPage.objects.filter(slug="labour-migration-2027").exists() is False


def test_organiser_adds_questions_on_the_registration_and_feedback_tabs(
    client, organiser, event_index
):
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/",
        event_form(
            registration_questions=inline_formset(
                [
                    {
                        "label": "Your role",
                        "kind": "text",
                        "required": "on",
                        "help_text": "As you would like it listed.",
                        "choices": "",
                    },
                    {
                        "label": "Region",
                        "kind": "choice",
                        "help_text": "",
                        "choices": "Asia\nEurope\n\nAsia",
                    },
                ]
            ),
            feedback_questions=inline_formset(
                [{"label": "Overall", "kind": "scale", "help_text": "", "choices": ""}]
            ),
        ),
    )
    assert response.status_code == 302
    event = EventPage.objects.get(slug="labour-migration-2027")
    role, region = event.registration_questions.all()
    assert (role.label, role.required, role.help_text) == (
        "Your role",
        True,
        "As you would like it listed.",
    )
    assert region.choice_list == ["Asia", "Europe"]
    assert role.key != region.key
    assert [q.kind for q in event.feedback_questions.all()] == ["scale"]


def test_a_choice_question_without_choices_is_refused_in_the_admin(
    client, organiser, event_index
):
    client.force_login(organiser)
    response = client.post(
        f"/admin/pages/add/roundtable/eventpage/{event_index.pk}/",
        event_form(
            registration_questions=inline_formset(
                [
                    {
                        "label": "Region",
                        "kind": "choice",
                        "help_text": "",
                        "choices": "Asia",
                    }
                ]
            )
        ),
    )
    assert response.status_code == 200
    assert "Give at least two choices, one a line." in response.content.decode()
    assert not EventPage.objects.filter(slug="labour-migration-2027").exists()
