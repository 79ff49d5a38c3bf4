"""Participants' records stay out of Wagtail's reference index.

Wagtail queues a task to update its reference index ("where is this used")
after each save of a model that refers to others. Invitations, registrations,
bookings, check-ins and erased participations are records about people, not
content that uses the event or the session: each would cost a task per save
(4,000 tasks to import 2,000 invitations, issue 18) and list thousands of
people as "usages" of the event page.
"""

import pytest
from django.urls import resolve
from wagtail import signal_handlers
from wagtail.models import ReferenceIndex

from participants import invitations
from participants.models import (
    BreakoutBooking,
    CheckIn,
    ErasedParticipation,
    Invitation,
    Registration,
)
from programme.models import Person
from tests.factories import PersonFactory, confirmed_registration

pytestmark = pytest.mark.django_db

RECORDS = [Invitation, Registration, BreakoutBooking, CheckIn, ErasedParticipation]


@pytest.fixture
def queued(monkeypatch):
    """The (app, model) of each reference-index update queued by a save.

    Wagtail registers a model for the index when the admin registers its
    viewset, on loading the admin's URLs: loaded here as in a running site.
    """
    resolve("/admin/")
    calls = []

    class Recorder:
        def enqueue(self, app_label, model_name, pk):
            calls.append((app_label, model_name))

    monkeypatch.setattr(signal_handlers, "update_reference_index_task", Recorder())
    return calls


@pytest.mark.parametrize("model", RECORDS, ids=lambda model: model.__name__)
def test_participants_records_are_not_indexed(model):
    assert not ReferenceIndex.model_is_indexable(model)


def test_inviting_and_registering_queue_no_reference_index_task(
    event_page, organiser, queued, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        invitations.invite(
            event=event_page,
            email="amina@example.org",
            name="Amina Rahman",
            invited_by=organiser,
        )
        confirmed_registration(event=event_page)

    assert queued == []


def test_content_is_still_indexed(queued):
    PersonFactory()

    assert (Person._meta.app_label, "person") in queued
