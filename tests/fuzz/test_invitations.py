"""The invitation link: GET shows it, POST accepts or declines; hostile input."""

import pytest
from hypothesis import given
from hypothesis import strategies as st

from participants.models import Invitation
from tests.fuzz.hostile import (
    BAD_REQUEST,
    assert_refused_clearly,
    changes,
    client_for,
    form_data,
    raw_bodies,
    raw_content_types,
    rolled_back,
    send,
    snapshot,
    text_of,
    url_segments,
)

pytestmark = pytest.mark.django_db

REFUSAL = "This invitation link is not valid"


def last(value):
    """What `request.POST.get` reads for a field sent once or repeated."""
    return value[-1] if isinstance(value, list) else value


@given(segment=url_segments, method=st.sampled_from(["get", "post"]))
def test_invitation_link_with_a_hostile_token_is_refused(invitation, segment, method):
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(), method, f"/invitations/{segment}/", data={"action": "accept"}
        )
        assert response.status_code == 404
        assert REFUSAL in text_of(response)
        assert changes(before, snapshot()) == []


@given(data=form_data(["action", "reason"]))
def test_invitation_post_accepts_declines_or_says_why_not(invitation, data):
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(), "post", f"/invitations/{invitation.raw_token}/", data=data
        )
        after = snapshot()
        action = last(data.get("action"))
        invitation.refresh_from_db()
        if action == "accept":
            assert response.status_code == 302
            assert response["Location"] == "/accounts/signup/"
            assert invitation.status == Invitation.Status.ACCEPTED
            assert changes(before, after) == ["invitations"]
        elif response.status_code == 302:
            assert action == "decline"
            reason = last(data.get("reason", ""))
            assert "\x00" not in reason and len(reason.strip()) <= 2000
            assert response["Location"] == "/invitations/declined/"
            assert invitation.status == Invitation.Status.DECLINED
            assert invitation.decline_reason == reason.strip()
            assert changes(before, after) == ["invitations"]
        else:
            assert changes(before, after) == []
            assert invitation.status == Invitation.Status.PENDING
            if action == "decline":
                assert_refused_clearly(response)
            else:
                assert response.status_code == 400
                assert "Choose whether to accept or decline" in text_of(response) or (
                    BAD_REQUEST in text_of(response)
                )


@given(body=raw_bodies, content_type=raw_content_types)
def test_invitation_post_with_a_malformed_body_changes_nothing(
    invitation, body, content_type
):
    with rolled_back():
        before = snapshot()
        response = send(
            client_for(),
            "post",
            f"/invitations/{invitation.raw_token}/",
            data=body,
            content_type=content_type,
        )
        after = snapshot()
        if response.status_code == 302:
            # Bytes that happen to spell a valid answer were an answer.
            assert changes(before, after) == ["invitations"]
        else:
            assert response.status_code in {200, 400}
            assert changes(before, after) == []
