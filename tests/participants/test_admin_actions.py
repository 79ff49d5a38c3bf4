"""The organisers' ways back: reinstate, invite again, approve again.

Each is a service behind a row action (and a bulk action) of the Wagtail
admin, confirmed on its own page; nobody but an organiser can use one.
"""

import datetime
from urllib.parse import urlencode

import pytest
from django.contrib.auth.models import Permission
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from participants.models import Invitation, Registration
from tests.factories import (
    EventPageFactory,
    InvitationFactory,
    RegistrationFactory,
    UserFactory,
    confirmed_registration,
)

pytestmark = pytest.mark.django_db

INVITATIONS = reverse("participants_invitation:index")
DASHBOARD_QUERIES = 28
REGISTRATIONS = reverse("participants_registration:index")


def action_url(model_name, action_type, row, next_url):
    url = reverse("wagtail_bulk_action", args=["participants", model_name, action_type])
    return f"{url}?{urlencode({'id': row.pk, 'next': next_url})}"


def messages_of(response):
    # Wagtail's success messages end with the (empty) markup of their buttons.
    return [str(message).strip() for message in response.context["messages"]]


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def revoked(event_page):
    return InvitationFactory(
        event=event_page, name="Amina Rahman", status=Invitation.Status.REVOKED
    )


@pytest.fixture
def declined(event_page):
    return InvitationFactory(
        event=event_page,
        name="Ben Lee",
        status=Invitation.Status.DECLINED,
        decline_reason="Travelling that week.",
    )


@pytest.fixture
def rejected(event_page):
    return RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.REJECTED
    )


def test_a_revoked_invitation_is_reinstated_from_its_row(
    organiser_client, revoked, django_capture_on_commit_callbacks
):
    url = action_url("invitation", "reinstate", revoked, INVITATIONS)
    assert escape(url) in organiser_client.get(INVITATIONS).content.decode()

    confirmation = organiser_client.get(url)
    assert confirmation.status_code == 200
    assert "Reinstating makes each one pending again" in (confirmation.content.decode())
    assert Invitation.objects.get().status == Invitation.Status.REVOKED

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)
    assert response.redirect_chain == [(INVITATIONS, 302)]
    assert messages_of(response) == [
        "1 invitation reinstated; the invitee was sent a new link."
    ]
    assert Invitation.objects.get().status == Invitation.Status.PENDING
    assert [m.to for m in mail.outbox] == [[revoked.email]]


def test_a_decliner_is_invited_again_from_the_row(
    organiser_client, declined, django_capture_on_commit_callbacks
):
    url = action_url("invitation", "invite_again", declined, INVITATIONS)
    assert escape(url) in organiser_client.get(INVITATIONS).content.decode()
    assert "These people declined." in organiser_client.get(url).content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)
    assert messages_of(response) == [
        "1 person who declined was invited again with a new link."
    ]
    declined.refresh_from_db()
    assert (declined.status, declined.decline_reason) == ("pending", "")
    assert [m.to for m in mail.outbox] == [[declined.email]]


def test_the_invite_form_invites_a_decliner_again_instead_of_refusing(
    organiser_client, declined, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(
            INVITATIONS + "new/",
            {
                "event": declined.event_id,
                "email": declined.email,
                "name": "Dr Ben Lee",
                "kind": "participant",
            },
        )
    assert response.status_code == 302
    assert list(Invitation.objects.values_list("pk", "status", "name")) == [
        (declined.pk, "pending", "Dr Ben Lee")
    ]
    assert [m.to for m in mail.outbox] == [[declined.email]]


def test_the_invite_form_still_refuses_an_address_with_a_pending_invitation(
    organiser_client, event_page
):
    pending = InvitationFactory(event=event_page)
    response = organiser_client.post(
        INVITATIONS + "new/",
        {
            "event": event_page.pk,
            "email": pending.email,
            "name": "X",
            "kind": "participant",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == [
        f"{pending.email} is already invited to this event."
    ]
    assert "Invitation with this Event and Email already exists" not in (
        response.content.decode()
    )


def test_a_rejected_registration_is_approved_again_from_its_row(
    organiser_client, rejected, django_capture_on_commit_callbacks
):
    url = action_url("registration", "reapprove", rejected, REGISTRATIONS)
    assert escape(url) in organiser_client.get(REGISTRATIONS).content.decode()
    assert "These registrations were rejected." in (
        organiser_client.get(url).content.decode()
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)
    assert messages_of(response) == [
        "1 rejected registration approved; the person was told."
    ]
    rejected.refresh_from_db()
    assert rejected.status == Registration.Status.CONFIRMED
    assert list(rejected.user.groups.all()) == [rejected.event.participant_group]
    assert [m.to for m in mail.outbox] == [[rejected.user.email]]


def test_way_back_actions_are_offered_only_on_rows_they_fit(
    organiser_client, event_page, revoked, declined, rejected
):
    pending = InvitationFactory(event=event_page)
    confirmed = confirmed_registration(event=event_page)
    invitations_html = organiser_client.get(INVITATIONS).content.decode()
    registrations_html = organiser_client.get(REGISTRATIONS).content.decode()

    for action in ("reinstate", "invite_again"):
        assert escape(action_url("invitation", action, pending, INVITATIONS)) not in (
            invitations_html
        )
    assert escape(action_url("invitation", "reinstate", declined, INVITATIONS)) not in (
        invitations_html
    )
    assert escape(
        action_url("registration", "reapprove", confirmed, REGISTRATIONS)
    ) not in (registrations_html)


def test_a_way_back_refused_by_its_service_says_why(organiser_client, event_page):
    pending = InvitationFactory(event=event_page)
    url = action_url("invitation", "reinstate", pending, INVITATIONS)
    response = organiser_client.post(url, follow=True)
    assert messages_of(response) == [
        f"The invitation to {pending.email} is not revoked: it is pending."
    ]
    assert Invitation.objects.get().status == Invitation.Status.PENDING


@pytest.fixture
def outsider(request, event_page, other_event):
    """Everyone who is not an organiser, as the admin sees them."""
    if request.param == "anonymous":
        return None
    if request.param == "participant of another event":
        return confirmed_registration(event=other_event).user
    if request.param == "signed-in non-organiser":
        return UserFactory()
    # Staff without the participants' permissions (an editor, say).
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    return editor


# The actions new on rows and on a registration's or invitation's own screen.
ROW_ACTIONS = [
    ("invitation", "reinstate"),
    ("invitation", "invite_again"),
    ("registration", "reapprove"),
    ("registration", "approve"),
    ("registration", "reject"),
]


@pytest.mark.parametrize(
    "outsider",
    [
        "anonymous",
        "participant of another event",
        "signed-in non-organiser",
        "editor",
    ],
    indirect=True,
)
@pytest.mark.parametrize(("model_name", "action_type"), ROW_ACTIONS)
@pytest.mark.parametrize("method", ["get", "post"])
def test_only_organisers_can_take_a_row_action(
    client, outsider, revoked, declined, rejected, model_name, action_type, method
):
    if action_type == "approve":
        row = RegistrationFactory(
            invitation__event=rejected.event,
            status=Registration.Status.PENDING_APPROVAL,
        )
    elif action_type == "reject":
        row = confirmed_registration(event=rejected.event)
    else:
        row = {"reinstate": revoked, "invite_again": declined, "reapprove": rejected}[
            action_type
        ]
    url = action_url(model_name, action_type, row, INVITATIONS)
    if outsider is not None:
        client.force_login(outsider)
    before = {
        "invitations": list(Invitation.objects.values_list("pk", "status")),
        "registrations": list(Registration.objects.values_list("pk", "status")),
    }

    response = getattr(client, method)(url)

    if outsider is None:
        assert response.status_code == 302
        assert response["Location"].startswith("/accounts/login/?next=")
    elif outsider.has_perm("wagtailadmin.access_admin") and method == "get":
        # Wagtail lists the row as one they may not change.
        assert response.status_code == 200
        assert "You do not have permission to change these" in (
            response.content.decode()
        )
    elif outsider.has_perm("wagtailadmin.access_admin"):
        assert (response.status_code, response["Location"]) == (302, INVITATIONS)
    else:
        assert response.status_code == 403
    assert before == {
        "invitations": list(Invitation.objects.values_list("pk", "status")),
        "registrations": list(Registration.objects.values_list("pk", "status")),
    }
    assert mail.outbox == []


# Approving or rejecting one registration from its own screen.


@pytest.fixture
def waiting(event_page):
    return RegistrationFactory(
        invitation__event=event_page,
        invitation__name="Amina Rahman",
        status=Registration.Status.PENDING_APPROVAL,
    )


@pytest.mark.parametrize("view", ["inspect", "edit"])
def test_a_registrations_own_screens_offer_approve_and_reject(
    organiser_client, waiting, view
):
    own = reverse(f"participants_registration:{view}", args=[waiting.pk])

    html = organiser_client.get(own).content.decode()

    for action in ("approve", "reject"):
        assert escape(action_url("registration", action, waiting, own)) in html
    assert "reapprove" not in html


def test_approving_from_the_inspect_screen_comes_back_to_it_confirmed(
    organiser_client, waiting, django_capture_on_commit_callbacks
):
    inspect = reverse("participants_registration:inspect", args=[waiting.pk])
    url = action_url("registration", "approve", waiting, inspect)

    assert organiser_client.get(url).status_code == 200
    with django_capture_on_commit_callbacks(execute=True):
        response = organiser_client.post(url, follow=True)

    assert response.redirect_chain == [(inspect, 302)]
    assert messages_of(response) == ["1 registration approved."]
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    html = response.content.decode()
    assert escape(action_url("registration", "reject", waiting, inspect)) in html
    assert escape(action_url("registration", "approve", waiting, inspect)) not in html
    assert [m.subject for m in mail.outbox] == [
        f"Your place is confirmed: {waiting.event.title}"
    ]


def test_a_rejected_registrations_screen_offers_approve_again(
    organiser_client, rejected
):
    inspect = reverse("participants_registration:inspect", args=[rejected.pk])
    html = organiser_client.get(inspect).content.decode()
    assert escape(action_url("registration", "reapprove", rejected, inspect)) in html
    assert escape(action_url("registration", "approve", rejected, inspect)) not in html


def test_a_revoked_invitations_screen_offers_reinstate(organiser_client, revoked):
    inspect = reverse("participants_invitation:inspect", args=[revoked.pk])
    html = organiser_client.get(inspect).content.decode()
    assert escape(action_url("invitation", "reinstate", revoked, inspect)) in html


@pytest.mark.parametrize(
    "outsider",
    ["anonymous", "participant of another event", "signed-in non-organiser"],
    indirect=True,
)
@pytest.mark.parametrize("view", ["inspect", "edit"])
def test_a_registrations_screens_are_refused_to_non_organisers(
    client, outsider, waiting, view
):
    url = reverse(f"participants_registration:{view}", args=[waiting.pk])
    if outsider is not None:
        client.force_login(outsider)
    response = client.get(url)
    if outsider is None:
        assert response.status_code == 302
        assert response["Location"] == f"/accounts/login/?next={url}"
    else:
        assert response.status_code == 403
    assert "Amina Rahman" not in response.content.decode()


# Registrations awaiting approval, on the dashboard.


def upcoming(event, days=10):
    event.start_date = timezone.localdate() + datetime.timedelta(days=days)
    event.end_date = event.start_date
    event.save()
    return event


def panel_of(html):
    start = html.index('aria-labelledby="pending-registrations-heading"')
    return html[start : html.index("</section>", start)]


def test_dashboard_lists_registrations_awaiting_approval_per_event(
    organiser_client, event_page, other_event
):
    upcoming(event_page)
    upcoming(other_event, days=40)
    waiting = RegistrationFactory.create_batch(
        2,
        invitation__event=event_page,
        status=Registration.Status.PENDING_APPROVAL,
    )
    Registration.objects.filter(pk=waiting[0].pk).update(
        created_at=datetime.datetime(2026, 1, 5, 1, 30, tzinfo=datetime.UTC)
    )
    confirmed_registration(event=other_event)  # nothing awaits approval there

    panel = panel_of(organiser_client.get("/admin/").content.decode())

    assert "Registrations awaiting approval" in panel
    query = urlencode({"event": event_page.pk, "status": "pending_approval"})
    filtered = f"{REGISTRATIONS}?{query}"
    assert f'href="{escape(filtered)}"' in panel
    assert event_page.title in panel
    assert other_event.title not in panel
    row = " ".join(panel.split(event_page.title)[1].split("</tr>")[0].split())
    assert ">2<" in row.replace(" ", "")
    assert "Monday 5 January 2026, 09:30 (Singapore time, UTC+08:00)" in row


def test_dashboard_leaves_out_events_that_have_ended(organiser_client, event_page):
    # The fixture's event ended in 2014.
    RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.PENDING_APPROVAL
    )
    panel = panel_of(organiser_client.get("/admin/").content.decode())
    assert event_page.title not in panel
    assert "No registrations are awaiting approval." in panel


@pytest.mark.parametrize(
    "outsider",
    ["anonymous", "participant of another event", "signed-in non-organiser"],
    indirect=True,
)
def test_the_dashboard_is_refused_to_non_organisers(client, outsider):
    if outsider is not None:
        client.force_login(outsider)
    response = client.get("/admin/")
    if outsider is None:
        assert (response.status_code, response["Location"]) == (
            302,
            "/accounts/login/?next=/admin/",
        )
    else:
        assert response.status_code == 403
    assert "pending-registrations-heading" not in response.content.decode()


def test_dashboard_panel_is_only_for_those_who_may_approve(client, event_page):
    upcoming(event_page)
    RegistrationFactory(
        invitation__event=event_page, status=Registration.Status.PENDING_APPROVAL
    )
    editor = UserFactory()
    editor.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="wagtailadmin", codename="access_admin"
        )
    )
    client.force_login(editor)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "pending-registrations-heading" not in response.content.decode()


@pytest.mark.parametrize("count", [1, 12])
def test_dashboard_panel_queries_do_not_grow(
    organiser_client, event_index, count, django_assert_max_num_queries
):
    for _ in range(count):
        event = upcoming(EventPageFactory(parent=event_index))
        RegistrationFactory.create_batch(
            2, invitation__event=event, status=Registration.Status.PENDING_APPROVAL
        )
    with django_assert_max_num_queries(DASHBOARD_QUERIES):
        html = organiser_client.get("/admin/").content.decode()
    assert panel_of(html).count("status=pending_approval") == count
