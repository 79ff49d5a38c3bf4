"""The registration form, new and edited, with hostile input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.models import Invitation, Registration
from participants.registrations import event_days
from tests.factories import UserFactory
from tests.fuzz.hostile import (
    assert_refused_clearly,
    changes,
    client_for,
    field_value,
    form_data,
    rolled_back,
    send,
    snapshot,
)

pytestmark = pytest.mark.django_db

FIELDS = ["days", "position", "dietary", "access_needs", "listed_consent"]


def iso_days(event):
    """The event's days as a registration stores them."""
    return [day.isoformat() for day in event_days(event)]


def days_value(event):
    """Real days, hostile ones, or both: the field is a multiple choice."""
    days = iso_days(event)
    return st.one_of(
        st.lists(st.sampled_from(days), min_size=1, max_size=2),
        field_value,
        st.lists(st.sampled_from([*days, "2014-02-30", "\x00", "x" * 300])),
    )


@pytest.fixture
def invitee(invitation):
    """The invited person, signed up after accepting: the form is theirs to fill."""
    invitation.status = Invitation.Status.ACCEPTED
    invitation.save()
    return UserFactory(email=invitation.email)


@given(data=st.data())
def test_registration_form_registers_or_says_why_not(invitation, invitee, data):
    post = data.draw(
        form_data([*FIELDS, "privacy_agreed"]).flatmap(
            lambda d: st.fixed_dictionaries({"days": days_value(invitation.event)}).map(
                lambda days: {**d, **days} if "days" not in d else d
            )
        )
    )
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(invitee), "post", f"/my/register/{invitation.pk}/", data=post
        )
        after = snapshot()
        if response.status_code == 302:
            registration = Registration.objects.get(invitation=invitation)
            assert response["Location"] == f"/my/registrations/{registration.pk}/"
            assert registration.user == invitee
            assert registration.status == Registration.Status.CONFIRMED
            assert set(registration.days) <= set(iso_days(invitation.event))
            for field in ["position", "dietary", "access_needs"]:
                assert "\x00" not in getattr(registration, field)
            assert changes(before, after) == ["registrations", "user_groups"]
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []


@given(data=st.data())
def test_registration_edit_saves_or_says_why_not(registration, data):
    post = data.draw(form_data(FIELDS))
    if data.draw(st.booleans()):
        post["days"] = data.draw(days_value(registration.event))
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(registration.user),
            "post",
            f"/my/registrations/{registration.pk}/edit/",
            data=post,
        )
        after = snapshot()
        if response.status_code == 302:
            assert response["Location"] == f"/my/registrations/{registration.pk}/"
            assert changes(before, after) == ["registrations"]
            registration.refresh_from_db()
            assert registration.status == Registration.Status.CONFIRMED
            assert set(registration.days) <= set(iso_days(registration.event))
        else:
            assert_refused_clearly(response)
            assert changes(before, after) == []
