"""Organisers' exports are streamed from the filtered queryset, a chunk at a time."""

import csv
import io

import pytest
from django.http import StreamingHttpResponse
from openpyxl import load_workbook

from tests.factories import InvitationFactory, RegistrationFactory

INVITATIONS = "/admin/participants/invitations/"
REGISTRATIONS = "/admin/participants/registrations/"


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.mark.parametrize("count", [5, 300])
def test_invitation_export_streams_every_row_in_constant_queries(
    organiser_client, event_page, other_event, django_assert_max_num_queries, count
):
    InvitationFactory.create_batch(count, event=event_page)
    InvitationFactory(event=other_event, name="Elsewhere")
    organiser_client.get(INVITATIONS)  # warm the admin's caches

    with django_assert_max_num_queries(12):
        response = organiser_client.get(
            INVITATIONS, {"export": "csv", "event": event_page.pk}
        )
        assert isinstance(response, StreamingHttpResponse)
        content = b"".join(response.streaming_content).decode()

    rows = list(csv.reader(io.StringIO(content)))
    assert rows[0][:2] == ["Name", "Email"]
    assert len(rows) == count + 1  # the filter holds
    assert "Elsewhere" not in content


def test_registration_export_as_xlsx_keeps_filters_and_order(
    organiser_client, event_page
):
    for name in ["Cy", "Ana", "Bo"]:
        RegistrationFactory(invitation__event=event_page, user__first_name=name)
    RegistrationFactory(invitation__event=event_page, status="cancelled")

    response = organiser_client.get(
        REGISTRATIONS,
        {"export": "xlsx", "event": event_page.pk, "status": "confirmed"},
    )

    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    rows = list(workbook.active.values)
    assert len(rows) == 4  # the heading and the three confirmed
