import datetime
import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command
from django.utils import timezone

from participants.models import Invitation
from tests.factories import InvitationFactory

pytestmark = pytest.mark.django_db(transaction=True)


def run(*args):
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_invite_one_person_by_email(live_event_page):
    output = run(
        "invite",
        "--event",
        live_event_page.slug,
        "--email",
        "A@Example.org",
        "--name",
        "Amina",
    )
    assert output == "Invited Amina <a@example.org>.\n"
    assert Invitation.objects.get().email == "a@example.org"
    assert [m.to for m in mail.outbox] == [["a@example.org"]]


def test_invite_from_a_csv_file(live_event_page, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text(
        "name,email,kind\nAmina,a@example.org,speaker\nBen,b@example.org,\n"
    )
    output = run("invite", "--event", live_event_page.slug, "--csv", str(path))
    assert output == f"Invited 2 people to {live_event_page.title}.\n"
    assert len(mail.outbox) == 2


def test_invite_from_a_csv_with_a_bad_row_invites_nobody(live_event_page, tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name,email\nAmina,a@example.org\nBen,not-an-email\n")
    with pytest.raises(CommandError, match="^1 row has a problem; nobody invited.$"):
        run("invite", "--event", live_event_page.slug, "--csv", str(path))
    assert Invitation.objects.count() == 0


def test_invite_refuses_an_unknown_event(live_event_page):
    with pytest.raises(CommandError, match="No event"):
        run("invite", "--event", "nope", "--email", "a@example.org", "--name", "A")


def test_send_reminders_command_reminds_once(live_event_page):
    InvitationFactory(
        event=live_event_page, expires_at=timezone.now() + datetime.timedelta(days=2)
    )
    assert run("send_reminders", "--days", "3") == "1 reminder queued.\n"
    assert run("send_reminders", "--days", "3") == (
        "No reminders queued: the invitation was reminded already.\n"
    )
    assert len(mail.outbox) == 1


def test_send_reminders_command_says_why_it_sent_none(live_event_page):
    assert run("send_reminders") == (
        "No reminders queued: no invitation is waiting for an answer.\n"
    )
    InvitationFactory.create_batch(
        2,
        event=live_event_page,
        expires_at=timezone.now() + datetime.timedelta(days=20),
    )
    InvitationFactory(event=live_event_page, status=Invitation.Status.DECLINED)
    assert run("send_reminders", "--days", "7") == (
        "No reminders queued: none of the 2 invitations waiting for an answer "
        "expires within 7 days.\n"
    )
