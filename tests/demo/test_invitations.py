import io
import re

import pytest
from django.core.management import call_command

from demo.event import EVENT_SLUG
from demo.sample_event import SAMPLE_SLUG
from participants.models import Invitation, Registration

pytestmark = pytest.mark.django_db


def load_demo():
    out = io.StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def test_demo_has_invitations_in_several_states_and_a_working_link(client):
    output = load_demo()
    # All on the upcoming sample event: the 2014 roundtable has ended.
    assert not Invitation.objects.filter(event__slug=EVENT_SLUG).exists()
    assert sorted(
        Invitation.objects.filter(event__slug=SAMPLE_SLUG).values_list(
            "status", flat=True
        )
    ) == ["accepted", "accepted", "declined", "pending", "revoked"]
    assert f"/events/{SAMPLE_SLUG}/" in output
    assert sorted(Registration.objects.values_list("status", flat=True)) == [
        "confirmed",
        "pending_approval",
    ]
    path = re.search(r"http://testserver(/invitations/\S+/)", output).group(1)
    response = client.get(path)
    assert response.status_code == 200
    assert "Dear Amina Rahman" in response.content.decode()


def test_demo_link_printed_again_replaces_the_previous_one(client):
    first = re.search(r"(/invitations/\S+/)", load_demo()).group(1)
    second = re.search(r"(/invitations/\S+/)", load_demo()).group(1)
    assert first != second
    assert client.get(first).status_code == 404
    assert client.get(second).status_code == 200
