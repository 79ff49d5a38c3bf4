"""Every delete and edit the admin offers on participants' rows keeps the rules.

Wagtail's generic delete view removes a row with none of the rules of cancel,
reject or revoke (the person stays in the participant group, nobody moves up
from a waitlist), and a generic edit form writes fields directly. So each admin
URL of each participants model is tried here, by an organiser and by a
superuser: a delete is refused or done by the service, an edit changes no
status, seat or place.
"""

import uuid
from itertools import product
from urllib.parse import urlencode

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import URLResolver, get_resolver, reverse
from django.utils.html import escape
from wagtail.admin.views.bulk_action.registry import bulk_action_registry

from participants import breakouts, checkin, messages
from participants.admin.base import ServiceBulkAction
from participants.models import (
    BreakoutBooking,
    CheckIn,
    ErasedParticipation,
    Invitation,
    Message,
    MessageDelivery,
    Registration,
)
from programme.models import Session
from roundtable.models import EventPage
from tests.factories import (
    InvitationFactory,
    UserFactory,
    breakout,
    confirmed_registration,
)

pytestmark = pytest.mark.django_db

MEMBERSHIPS = get_user_model().groups.through

# What an attacker posts to any admin form: every status a row can take, a
# seat, a place and a capacity.
ATTACK = {
    "status": "confirmed",
    "position": "",
    "capacity": "99",
    "name": "Changed Name",
    "email": "attacker@example.org",
    "kind": "speaker",
    "dietary": "changed",
}


@pytest.fixture(params=["organiser", "superuser"])
def admin_user(request, organiser):
    if request.param == "superuser":
        return UserFactory(is_superuser=True, is_staff=True)
    return organiser


@pytest.fixture
def admin_client(client, admin_user):
    client.force_login(admin_user)
    client.raise_request_exception = False  # a 500 is an answer to assert on
    return client


@pytest.fixture
def rows(event_page):
    """One row of each kind: a pending invitation, a registration, a full
    breakout, a check-in.

    `seat` holds the breakout's one seat; `waiting` is first on its waitlist.
    """
    session = breakout(event=event_page, capacity=1)
    seated = confirmed_registration(event=event_page)
    waiting_registration = confirmed_registration(event=event_page)
    seat = breakouts.book_breakout(registration=seated, session=session)
    waiting = breakouts.book_breakout(
        registration=waiting_registration, session=session
    )
    check_in, _ = checkin.check_in(registration=seated, day=event_page.start_date)
    message, _ = messages.send_message(
        event=event_page,
        audience=Message.Audience.CONFIRMED,
        subject="Logistics",
        body="Dear {name}",
        nonce=uuid.uuid4(),
    )
    return {
        "message": message,
        "delivery": message.deliveries.first(),
        "invitation": InvitationFactory(event=event_page),
        "registration": seated,
        "seat": seat,
        "waiting": waiting,
        "session": session,
        "check_in": check_in,
    }


def _walk(resolver, namespace=""):
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            inner = (
                f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            )
            yield from _walk(pattern, inner)
        elif pattern.name:
            yield namespace, pattern


def _model_of(pattern):
    model = getattr(pattern.callback, "view_initkwargs", {}).get("model")
    return apps.get_model(model) if isinstance(model, str) else model


def participants_admin_urls():
    """{namespace: (model, [(url name, takes a pk)])} for every admin viewset
    with a view of a model of the participants app, found in the URL conf."""
    patterns = list(_walk(get_resolver()))
    models = {}
    for namespace, pattern in patterns:
        model = _model_of(pattern)
        if model is not None and model._meta.app_label == "participants":
            models[namespace] = model
    found = {namespace: (model, []) for namespace, model in models.items()}
    for namespace, pattern in patterns:
        if namespace in found:
            found[namespace][1].append(
                (f"{namespace}{pattern.name}", "pk" in pattern.pattern.converters)
            )
    return found


def state():
    """What the rules decide: each row's status and place, and who is in a group."""
    return {
        **{
            ("invitation", pk): status
            for pk, status in Invitation.objects.values_list("pk", "status")
        },
        **{
            ("registration", pk): status
            for pk, status in Registration.objects.values_list("pk", "status")
        },
        **{
            ("message", pk): (status, subject, body)
            for pk, status, subject, body in Message.objects.values_list(
                "pk", "status", "subject", "body"
            )
        },
        **{
            ("delivery", pk): (status, email)
            for pk, status, email in MessageDelivery.objects.values_list(
                "pk", "status", "email"
            )
        },
        **{
            ("booking", pk): (status, position)
            for pk, status, position in BreakoutBooking.objects.values_list(
                "pk", "status", "position"
            )
        },
        **{
            ("check-in", pk): (registration_pk, day)
            for pk, registration_pk, day in CheckIn.objects.values_list(
                "pk", "registration_id", "day"
            )
        },
        **{
            ("in group", user_pk, group_pk): True
            for user_pk, group_pk in MEMBERSHIPS.objects.values_list(
                "user_id", "group_id"
            )
        },
    }


def assert_refused(response):
    """Wagtail's answer to a refused admin view: back to the dashboard, with a
    "Sorry, you do not have permission" message."""
    assert (response.status_code, response["Location"]) == (302, "/admin/")


def rules_broken(before, after):
    """Rows that were there changed or went, or someone joined a group.

    Rows an add or import view made are not compared.
    """
    changed = {key: after.get(key) for key in before if after.get(key) != before[key]}
    joined = {key for key in after if key[0] == "in group" and key not in before}
    return changed, joined


def rows_for(model, rows):
    return {
        Invitation: [rows["invitation"], rows["registration"].invitation],
        Registration: [rows["registration"]],
        BreakoutBooking: [rows["waiting"], rows["seat"]],
        CheckIn: [rows["check_in"]],
        Message: [rows["message"]],
        MessageDelivery: [rows["delivery"]],
        # The account of a participant with a seat, not the one signed in.
        get_user_model(): [rows["registration"].user],
    }[model]


def test_the_enumeration_finds_every_participants_model_in_the_admin():
    found = participants_admin_urls()

    assert {namespace: model.__name__ for namespace, (model, _) in found.items()} == {
        "participants_invitation:": "Invitation",
        "participants_registration:": "Registration",
        "participants_booking:": "BreakoutBooking",
        "participants_attendance:": "CheckIn",
        "participants_message:": "Message",
        "participants_delivery:": "MessageDelivery",
        "wagtailusers_users:": "User",
    }
    for _, names in found.values():
        assert {name.rsplit(":", 1)[1] for name, _ in names} >= {
            "index",
            "edit",
            "delete",
            "history",
            "usage",
        }


# Admin deletes done by a service instead of refused: rows change, as the
# service decides (see its own test), and the rules must still hold.
SERVICE_BACKED = {
    ("wagtailusers_users:delete", "post"): "test_deleting_an_account_in_the_admin_*",
}


def rule_violations():
    """The rules the services keep, checked on whatever rows there are now.

    The people in an event's participant group are exactly those with a
    confirmed registration; no breakout has more confirmed seats than its
    capacity, nor a waitlist while a seat is free.
    """
    violations = []
    for event in EventPage.objects.exclude(participant_group=None):
        members = set(event.participant_group.user_set.values_list("pk", flat=True))
        confirmed = set(
            Registration.objects.filter(
                event=event, status=Registration.Status.CONFIRMED
            ).values_list("user_id", flat=True)
        )
        if members != confirmed:
            violations.append(("participant group", event.pk, members, confirmed))
    for session in Session.objects.exclude(capacity=None):
        seats = session.bookings.filter(status="confirmed").count()
        waiting = session.bookings.filter(status="waitlisted").count()
        if seats > session.capacity or (waiting and seats < session.capacity):
            violations.append(("breakout", session.pk, seats, waiting))
    return violations


def test_every_admin_url_of_a_participants_model_keeps_the_rules(admin_client, rows):
    """GET then POST (with status fields) each URL: no 500, no rule broken.

    Rows that existed before keep their status and place (unless a service
    did the request), and the rules the services keep still hold.
    """
    assert rule_violations() == []
    broken = []
    for model, names in participants_admin_urls().values():
        for row, (name, takes_pk) in product(rows_for(model, rows), names):
            url = reverse(name, args=[row.pk] if takes_pk else [])
            for method in ("get", "post"):
                before = state()
                response = getattr(admin_client, method)(url, ATTACK)
                if response.status_code >= 500:
                    broken.append((name, method, response.status_code))
                if (name, method) not in SERVICE_BACKED and (
                    changed := rules_broken(before, state())
                ) != ({}, set()):
                    broken.append((name, method, changed))
                if violations := rule_violations():
                    broken.append((name, method, violations))

    assert broken == []


@pytest.mark.parametrize("method", ["get", "post"])
def test_check_ins_are_neither_added_edited_nor_deleted_in_the_admin(
    admin_client, rows, method
):
    check_in = rows["check_in"]
    data = {"registration": rows["waiting"].registration_id, "day": check_in.day}

    responses = [
        getattr(admin_client, method)(reverse("participants_attendance:add"), data),
        getattr(admin_client, method)(
            reverse("participants_attendance:edit", args=[check_in.pk]), data
        ),
        getattr(admin_client, method)(
            reverse("participants_attendance:delete", args=[check_in.pk])
        ),
    ]

    for response in responses:
        assert_refused(response)
    assert list(CheckIn.objects.values_list("pk", "registration_id")) == [
        (check_in.pk, check_in.registration_id)
    ]


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_registration_in_the_admin_is_refused(admin_client, rows, method):
    registration = rows["registration"]
    url = reverse("participants_registration:delete", args=[registration.pk])

    response = getattr(admin_client, method)(url)

    assert_refused(response)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.user.groups.filter(
        pk=registration.event.participant_group_id
    ).exists()


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_a_confirmed_booking_in_the_admin_is_refused(
    admin_client, rows, method
):
    seat, waiting = rows["seat"], rows["waiting"]
    url = reverse("participants_booking:delete", args=[seat.pk])

    response = getattr(admin_client, method)(url)

    assert_refused(response)
    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("pk", "status", "position")
    ) == [(seat.pk, "confirmed", None), (waiting.pk, "waitlisted", 1)]


@pytest.mark.parametrize("method", ["get", "post"])
def test_deleting_an_invitation_with_a_registration_is_refused_not_a_500(
    admin_client, rows, method
):
    invitation = rows["registration"].invitation
    url = reverse("participants_invitation:delete", args=[invitation.pk])

    response = getattr(admin_client, method)(url)

    assert_refused(response)
    assert Invitation.objects.filter(pk=invitation.pk).exists()


def test_deleting_a_pending_invitation_in_the_admin_is_refused(admin_client, rows):
    invitation = rows["invitation"]

    response = admin_client.post(
        reverse("participants_invitation:delete", args=[invitation.pk])
    )

    assert_refused(response)
    assert Invitation.objects.get(pk=invitation.pk).status == "pending"


@pytest.mark.parametrize("method", ["get", "post"])
def test_booking_edit_cannot_confirm_a_waitlisted_booking_beyond_capacity(
    admin_client, rows, method
):
    waiting = rows["waiting"]
    url = reverse("participants_booking:edit", args=[waiting.pk])

    response = getattr(admin_client, method)(
        url, {"status": "confirmed", "position": ""}
    )

    assert_refused(response)
    assert list(
        BreakoutBooking.objects.filter(status="confirmed").values_list("pk", flat=True)
    ) == [rows["seat"].pk]


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("participants_invitation:edit", ["name", "organisation", "kind"]),
        (
            "participants_registration:edit",
            ["dietary", "access_needs", "listed_consent"],
        ),
    ],
)
def test_edit_forms_show_no_status_seat_or_place(admin_client, rows, name, fields):
    row = rows["invitation"] if "invitation" in name else rows["registration"]

    response = admin_client.get(reverse(name, args=[row.pk]))

    assert response.status_code == 200
    assert list(response.context["form"].fields) == fields


@pytest.mark.parametrize(
    "model",
    [
        model
        for model in apps.get_app_config("participants").get_models()
        if model is not get_user_model()  # accounts: see test_deleting_an_account_*
    ],
)
@pytest.mark.parametrize("method", ["get", "post"])
def test_no_participants_model_has_a_bulk_delete(admin_client, rows, model, method):
    url = reverse(
        "wagtail_bulk_action",
        args=["participants", model._meta.model_name, "delete"],
    )
    before = state()

    response = getattr(admin_client, method)(f"{url}?id={rows['seat'].pk}")

    assert response.status_code == 404
    assert state() == before


def test_every_bulk_action_on_participants_rows_calls_a_service():
    actions = {
        model._meta.model_name: sorted(
            action.action_type
            for action in bulk_action_registry.get_bulk_actions_for_model(
                "participants", model._meta.model_name
            )
        )
        for model in (Invitation, Registration, BreakoutBooking)
    }

    assert actions == {
        "invitation": ["invite_again", "reinstate", "remind", "resend", "revoke"],
        "registration": ["approve", "reapprove", "reject"],
        "breakoutbooking": ["cancel_booking"],
    }
    for model in (Invitation, Registration, BreakoutBooking):
        for action in bulk_action_registry.get_bulk_actions_for_model(
            "participants", model._meta.model_name
        ):
            assert issubclass(action, ServiceBulkAction)


def row_action_url(model, action_type, row, index):
    """The link a listing row offers to run one service action on that row."""
    url = reverse(
        "wagtail_bulk_action",
        args=["participants", model._meta.model_name, action_type],
    )
    return f"{url}?{urlencode({'id': row.pk, 'next': index})}"


def test_listings_offer_service_actions_per_row_and_no_delete(admin_client, rows):
    invitations = reverse("participants_invitation:index")
    registrations = reverse("participants_registration:index")
    booking_index = reverse("participants_booking:index")

    invitation_html = admin_client.get(invitations).content.decode()
    registration_html = admin_client.get(registrations).content.decode()
    booking_html = admin_client.get(booking_index).content.decode()

    revoke = row_action_url(Invitation, "revoke", rows["invitation"], invitations)
    reject = row_action_url(Registration, "reject", rows["registration"], registrations)
    cancel = row_action_url(
        BreakoutBooking, "cancel_booking", rows["seat"], booking_index
    )
    assert escape(revoke) in invitation_html
    assert escape(reject) in registration_html
    assert escape(cancel) in booking_html
    for html in (invitation_html, registration_html, booking_html):
        assert "/delete/" not in html
    assert "/edit/" not in booking_html


def test_cancelling_one_booking_from_its_row_promotes_the_waitlist(
    admin_client, rows, django_capture_on_commit_callbacks
):
    index = reverse("participants_booking:index")
    url = row_action_url(BreakoutBooking, "cancel_booking", rows["seat"], index)
    assert admin_client.get(url).status_code == 200
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)

    assert (response.status_code, response["Location"]) == (302, index)
    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("status", "position")
    ) == [("cancelled", None), ("confirmed", None)]
    assert [m.to for m in mail.outbox] == [[rows["waiting"].registration.user.email]]


def test_rejecting_one_registration_from_its_row_removes_the_person_from_the_group(
    admin_client, rows, django_capture_on_commit_callbacks
):
    registration = rows["registration"]
    index = reverse("participants_registration:index")
    url = row_action_url(Registration, "reject", registration, index)

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url)

    assert (response.status_code, response["Location"]) == (302, index)
    registration.refresh_from_db()
    assert registration.status == Registration.Status.REJECTED
    assert not registration.user.groups.filter(
        pk=registration.event.participant_group_id
    ).exists()
    # Its seat went to the first on the waitlist.
    assert list(
        BreakoutBooking.objects.order_by("pk").values_list("status", flat=True)
    ) == ["cancelled", "confirmed"]


def test_revoking_one_invitation_from_its_row(admin_client, rows):
    invitation = rows["invitation"]
    index = reverse("participants_invitation:index")

    response = admin_client.post(
        row_action_url(Invitation, "revoke", invitation, index)
    )

    assert (response.status_code, response["Location"]) == (302, index)
    assert Invitation.objects.get(pk=invitation.pk).status == "revoked"


@pytest.fixture
def superuser_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


def _delete_account_url(kind, user):
    if kind == "single":
        return reverse("wagtailusers_users:delete", args=[user.pk])
    url = reverse("wagtail_bulk_action", args=["participants", "user", "delete"])
    return f"{url}?{urlencode({'id': user.pk})}"


@pytest.mark.parametrize("kind", ["single", "bulk"])
def test_deleting_an_account_in_the_admin_goes_through_the_erasure_service(
    superuser_client, rows, kind, django_capture_on_commit_callbacks
):
    person = rows["registration"].user
    url = _delete_account_url(kind, person)
    assert superuser_client.get(url).status_code == 200
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        response = superuser_client.post(url)

    assert response.status_code == 302
    assert not get_user_model().objects.filter(pk=person.pk).exists()
    # The freed seat went to the first on the waitlist, who was told.
    assert list(BreakoutBooking.objects.values_list("pk", "status", "position")) == [
        (rows["waiting"].pk, "confirmed", None)
    ]
    assert [m.to for m in mail.outbox] == [[rows["waiting"].registration.user.email]]
    # What attendance counts need is kept, without the person.
    assert list(
        ErasedParticipation.objects.values_list("event_id", "status", "days")
    ) == [(rows["registration"].event_id, "confirmed", 1)]


@pytest.mark.parametrize("kind", ["single", "bulk"])
def test_organisers_cannot_delete_accounts(client, organiser, rows, kind):
    person = rows["registration"].user
    client.force_login(organiser)

    response = client.post(_delete_account_url(kind, person))

    assert response.status_code in {302, 403}
    assert get_user_model().objects.filter(pk=person.pk).exists()
    assert BreakoutBooking.objects.count() == 2
