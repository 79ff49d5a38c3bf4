"""One invitation, from the organiser's command to a confirmed registration, on
the stack `make serve` runs: gunicorn with two workers, whitenoise, PostgreSQL,
Redis and the django-tasks worker sending real SMTP.

Everything the invitee does goes over HTTP, as a browser without JavaScript would;
the only other ways in are the organiser's commands and plain SQL to check.
"""

import os
import re
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from urllib.parse import urlsplit

import psycopg
import pytest
import requests

# One stack for the module: under xdist both tests go to the same worker, which
# starts bin/serve (and uses Redis db 11) once; see ONE_WORKER_MODULES in
# tests/conftest.py.
pytestmark = pytest.mark.stack

# The demo's upcoming sample event: the 2014 one has ended and takes no invitations.
EVENT = "sample-roundtable"


def csrf_token(html):
    match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert match, "no CSRF token in the form"
    return match.group(1)


def path_of(response):
    return urlsplit(response.url).path


def query(database_url, statement, *params):
    with psycopg.connect(database_url) as connection:
        return connection.execute(statement, params).fetchall()


def test_invitation_to_confirmed_registration_on_the_production_stack(
    stack, smtp_sink, redis_db, postgres_url
):
    sink, _ = smtp_sink
    address = f"stack-{os.getpid()}@example.org"
    [(start, end)] = query(
        postgres_url,
        "SELECT e.start_date, e.end_date FROM roundtable_eventpage e "
        "JOIN wagtailcore_page p ON p.id = e.page_ptr_id WHERE p.slug = %s",
        EVENT,
    )
    event_days = [start.isoformat(), end.isoformat()]

    # The organiser invites; the worker, not the command, sends the email.
    out = stack.manage(
        "invite", "--event", EVENT, "--email", address, "--name", "Noor Stack"
    )
    assert out == f"Invited Noor Stack <{address}>.\n"
    invitation_email = sink.wait_for(to=address, subject="Invitation: ")
    text = invitation_email.get_body(preferencelist=("plain",)).get_content()
    links = re.findall(re.escape(stack.url) + r"/invitations/[A-Za-z0-9_-]+/", text)
    assert len(links) == 1, text
    link = links[0]

    browser = requests.Session()
    page = browser.get(link, timeout=10)
    assert page.status_code == 200
    assert "Accept the invitation" in page.text
    assert "private" in page.headers["Cache-Control"]

    # Accept: on to signup with the invited address fixed.
    signup = browser.post(
        link,
        data={"csrfmiddlewaretoken": csrf_token(page.text), "action": "accept"},
        timeout=10,
    )
    assert signup.status_code == 200
    assert path_of(signup) == "/accounts/signup/"
    assert f'value="{address}"' in signup.text

    password = "Harbour-lantern-7391"
    registration_form = browser.post(
        stack.url + "/accounts/signup/",
        data={
            "csrfmiddlewaretoken": csrf_token(signup.text),
            "email": address,
            "password1": password,
            "password2": password,
        },
        timeout=10,
    )
    assert registration_form.status_code == 200
    assert re.fullmatch(r"/my/register/\d+/", path_of(registration_form))

    # The session and allauth's signup rate limit live in the dedicated Redis db.
    session_key = browser.cookies["sessionid"]
    keys = {key.decode() for key in redis_db.keys("*")}
    assert f"roundtable:1:django.contrib.sessions.cached_db{session_key}" in keys
    assert [key for key in keys if key.startswith("roundtable:1:allauth:rl:")] != []

    days = re.findall(r'name="days" value="([0-9-]+)"', registration_form.text)
    assert days == event_days
    registration = browser.post(
        registration_form.url,
        data={
            "csrfmiddlewaretoken": csrf_token(registration_form.text),
            "days": days,
            "position": "Legal adviser",
            "dietary": "Vegetarian",
            "access_needs": "",
            "listed_consent": "on",
            "privacy_agreed": "on",
        },
        timeout=10,
    )
    assert registration.status_code == 200
    match = re.fullmatch(r"/my/registrations/(\d+)/", path_of(registration))
    assert match, registration.url
    registration_id = int(match.group(1))
    # The sample event requires approval.
    assert "Awaiting confirmation" in registration.text
    sink.wait_for(to=address, subject="Your registration is awaiting confirmation")

    # The organiser approves (in the admin a bulk action; here the same service).
    stack.manage(
        "shell",
        "-c",
        "from participants import registrations; "
        "from participants.models import Registration; "
        f"registrations.approve(registration=Registration.objects.get(pk={registration_id}))",
    )
    confirmation = sink.wait_for(to=address, subject="Your place is confirmed")
    calendars = [
        part
        for part in confirmation.iter_attachments()
        if part.get_content_type() == "text/calendar"
    ]
    assert [part.get_filename() for part in calendars] == [f"{EVENT}.ics"]
    ics = calendars[0].get_content()
    assert ics.startswith("BEGIN:VCALENDAR")
    assert ics.rstrip().endswith("END:VCALENDAR")

    own_page = browser.get(stack.url + f"/my/registrations/{registration_id}/")
    assert own_page.status_code == 200
    assert "<h1>Your place is confirmed</h1>" in own_page.text
    assert query(
        postgres_url,
        "SELECT r.status, u.email FROM participants_registration r "
        "JOIN participants_user u ON u.id = r.user_id WHERE r.id = %s",
        registration_id,
    ) == [("confirmed", address)]

    # The worker ran each email task to success.
    tasks = query(
        postgres_url,
        "SELECT task_path, status FROM django_tasks_database_dbtaskresult "
        "WHERE task_path LIKE 'participants.tasks.%%' ORDER BY enqueued_at",
    )
    assert tasks == [
        ("participants.tasks.send_invitation_email", "SUCCESSFUL"),
        ("participants.tasks.send_registration_email", "SUCCESSFUL"),
        ("participants.tasks.send_registration_email", "SUCCESSFUL"),
    ]

    # The signed-in session works on both gunicorn workers: requests sent at the
    # same time go to different sync workers, each reading the shared session.
    own_link = f'href="/my/registrations/{registration_id}/"'

    def my_page(_):
        response = browser.get(stack.url + "/my/", timeout=10)
        return response.status_code, own_link in response.text

    for _ in range(5):
        with ThreadPoolExecutor(max_workers=6) as pool:
            answers = list(pool.map(my_page, range(12)))
        assert answers == [(200, True)] * 12
        pids = set(
            re.findall(r'"GET /my/ HTTP/1\.1" 200 .* pid=<(\d+)>', stack.log_text())
        )
        if len(pids) >= 2:
            break
    assert len(pids) == 2, stack.log_text()[-3000:]


def test_static_files_are_served_by_whitenoise_with_hashed_names(stack):
    home = requests.get(stack.url + "/", timeout=10)
    stylesheets = re.findall(r'href="(/static/[^"]+\.css)"', home.text)
    assert stylesheets != []
    for href in stylesheets:
        assert re.search(r"\.[0-9a-f]{12}\.css$", href), href
        response = requests.get(
            stack.url + href, headers={"Accept-Encoding": "gzip"}, timeout=10
        )
        assert response.status_code == 200
        assert response.headers["Content-Type"].startswith("text/css")
        assert response.headers["Cache-Control"] == (
            "max-age=315360000, public, immutable"
        )
        assert response.headers["Content-Encoding"] == "gzip"
        # The file collectstatic wrote under that name, as requests unzips it.
        collected = Path(stack.env["STATIC_ROOT"]) / href.removeprefix("/static/")
        assert response.content == collected.read_bytes()
