"""The organisers' new screens fed hostile input: the event desk, the check-in
desk (check in, undo, walk-in, counts, badges), messages and import jobs.

Every answer is below 500 and escapes what it echoes; a refused request
changes nothing, and an accepted one changes only what it should.
"""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.models import Message
from tests.factories import confirmed_registration
from tests.fuzz.hostile import (
    changes,
    client_for,
    form_data,
    hostile_text,
    query_values,
    rolled_back,
    send,
    snapshot,
    url_segments,
)

pytestmark = pytest.mark.django_db

DESK = "/admin/participants/events/"
CHECK_IN = "/admin/participants/check-in/"
COMPOSE = "/admin/participants/messages/compose/"


@given(event=url_segments, part=query_values, page=query_values)
def test_event_desk_answers_any_address(organiser, event_page, event, part, page):
    with rolled_back():
        client = client_for(organiser)
        send(client, "get", f"{DESK}{event}/?part={part}&p={page}")
        send(client, "get", f"{DESK}{event}/catering.csv")
        send(client, "get", f"{DESK}?event={part}")


@given(
    day=query_values,
    q=query_values,
    show=query_values,
    page=query_values,
    event=query_values,
    registration=query_values,
    qr=query_values,
)
def test_check_in_desk_reads_any_query(
    organiser, event_page, day, q, show, page, event, registration, qr
):
    with rolled_back():
        client = client_for(organiser)
        send(client, "get", f"{CHECK_IN}?day={day}&q={q}&show={show}&p={page}")
        send(client, "get", f"{CHECK_IN}counts/?day={day}")
        send(
            client,
            "get",
            f"{CHECK_IN}badges/?event={event}&registration={registration}&qr={qr}",
        )


@given(
    data=form_data(["day", "code", "registration", "q", "show", "p"]),
    path=st.sampled_from([CHECK_IN, f"{CHECK_IN}undo/"]),
)
def test_check_in_and_undo_change_only_check_ins(organiser, event_page, data, path):
    registration = confirmed_registration(event=event_page)
    data = {**data}
    with rolled_back():
        before = snapshot()
        response = send(client_for(organiser), "post", path, data=data)
        assert response.status_code in {200, 302, 400}
        assert set(changes(before, snapshot())) <= {"check_ins"}
    assert registration.check_ins.count() == 0


@given(
    data=form_data(["name", "email", "organisation", "position", "privacy_agreed"]),
    day=query_values,
)
def test_walk_in_registers_someone_or_changes_nothing(organiser, event_page, data, day):
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(organiser), "post", f"{CHECK_IN}walk-in/?day={day}", data=data
        )
        changed = changes(before, snapshot())
        if response.status_code in {200, 400}:
            assert changed == []
        else:
            assert response.status_code == 302
            assert set(changed) <= {
                "check_ins",
                "email_addresses",
                "invitations",
                "registrations",
                "user_groups",
                "users",
            }


@given(
    data=form_data(["event", "audience", "session", "day", "subject", "body", "nonce"]),
    action=st.sampled_from(["preview", "send"]),
)
def test_compose_sends_a_message_or_changes_nothing(
    organiser, event_page, data, action
):
    confirmed_registration(event=event_page)
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(organiser), "post", COMPOSE, data={**data, action: "1"}
        )
        changed = changes(before, snapshot())
        if response.status_code == 302:
            assert action == "send"
            assert changed == ["deliveries", "messages"]
            message = Message.objects.get()
            assert "\x00" not in message.subject + message.body
        else:
            assert response.status_code in {200, 400}
            assert changed == []


@given(
    job=url_segments,
    data=st.dictionaries(hostile_text, hostile_text, max_size=2),
)
def test_import_job_pages_answer_any_address(organiser, event_page, job, data):
    with rolled_back():
        client = client_for(organiser)
        before = snapshot()
        send(client, "get", f"/admin/participants/invitations/import/{job}/")
        send(client, "get", f"/admin/participants/invitations/import/{job}/status/")
        send(
            client, "post", f"/admin/participants/invitations/import/{job}/", data=data
        )
        assert changes(before, snapshot()) == []
