"""Two people (or two clicks) at the same moment: real threads, real database."""

import threading
import uuid

import pytest
from django.contrib.auth import get_user_model
from django.db import close_old_connections, connection
from django.test import Client

from participants import invitations, messages, registrations
from participants.models import Invitation, Message, MessageDelivery, Registration
from tests.factories import InvitationFactory, confirmed_registration

pytestmark = pytest.mark.django_db(transaction=True)


def run_together(target, count=2):
    """Run `target(n)` in `count` threads released at once; return their results."""
    barrier = threading.Barrier(count)
    results = [None] * count

    def run(n):
        try:
            barrier.wait()
            results[n] = target(n)
        except Exception as error:  # noqa: BLE001 - reported to the test
            results[n] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=run, args=(n,)) for n in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    return results


def accept_sign_up_and_register(invitation, n):
    accepted = invitations.accept(token=invitation.raw_token)
    user = invitations.create_invitee_account(
        invitation=accepted, password=f"password {n} of the race"
    )
    return registrations.register(
        invitation=accepted, user=user, days=["2014-06-26"], privacy_agreed=True
    )


def test_two_concurrent_accepts_make_one_user_and_one_registration(live_event_page):
    invitation = InvitationFactory(event=live_event_page)

    results = run_together(lambda n: accept_sign_up_and_register(invitation, n))

    outcomes = sorted(type(result).__name__ for result in results)
    assert outcomes == ["InvitationError", "Registration"]
    assert get_user_model().objects.count() == 1
    assert Registration.objects.count() == 1
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_two_concurrent_registrations_for_one_invitation_make_one(live_event_page):
    invitation = InvitationFactory(event=live_event_page)
    invitations.accept(token=invitation.raw_token)
    user = invitations.create_invitee_account(invitation=invitation, password="pw 1234")

    results = run_together(
        lambda n: registrations.register(
            invitation=invitation, user=user, days=["2014-06-26"], privacy_agreed=True
        )
    )

    outcomes = sorted(type(result).__name__ for result in results)
    assert outcomes == ["InvitationError", "Registration"]
    assert Registration.objects.count() == 1


def test_two_concurrent_accept_clicks_get_one_redirect_and_one_refusal(live_event_page):
    invitation = InvitationFactory(event=live_event_page)

    results = run_together(
        lambda n: Client().post(
            f"/invitations/{invitation.raw_token}/", {"action": "accept"}
        )
    )

    assert sorted(response.status_code for response in results) == [302, 404]
    invitation.refresh_from_db()
    assert invitation.status == Invitation.Status.ACCEPTED


def test_a_message_sent_twice_at_the_same_moment_is_sent_once(live_event_page):
    event_page = live_event_page
    for _ in range(3):
        confirmed_registration(event=event_page)
    nonce = uuid.uuid4()

    def send(n):
        message, created = messages.send_message(
            event=event_page,
            audience=Message.Audience.CONFIRMED,
            subject="Logistics",
            body="Dear {name}",
            nonce=nonce,
        )
        return message.pk, created

    results = run_together(send)

    assert not any(isinstance(result, Exception) for result in results), results
    assert sorted(created for _pk, created in results) == [False, True]
    assert len({pk for pk, _created in results}) == 1
    assert Message.objects.count() == 1
    assert MessageDelivery.objects.count() == 3
