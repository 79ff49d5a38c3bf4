"""letters.bundles: a large event's ZIP made by the worker, for organisers only."""

import datetime
import io
import re
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from letters import bundles
from letters.models import IssuedDocument, LetterBundle
from tests.factories import UserFactory, checked_in_registration, confirmed_registration

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


@pytest.fixture
def few_in_request(monkeypatch):
    """A ZIP of more than two documents is the worker's."""
    monkeypatch.setattr(bundles, "IN_REQUEST", 2)


def bundle_url(event, kind="certificate"):
    return reverse("letters_bundle", args=[event.pk, kind])


def test_a_large_zip_goes_to_the_worker_and_is_downloaded_when_ready(
    organiser_client,
    event_page,
    after_the_event,
    few_in_request,
    django_capture_on_commit_callbacks,
):
    for _ in range(3):
        checked_in_registration(event=event_page)

    response = organiser_client.get(
        reverse("letters_zip", args=[event_page.pk, "certificate"])
    )
    assert response["Location"] == bundle_url(event_page)
    page = organiser_client.get(bundle_url(event_page)).content.decode()
    assert "Make the ZIP</button>" in page
    assert LetterBundle.objects.count() == 0

    with django_capture_on_commit_callbacks(execute=True):
        organiser_client.post(bundle_url(event_page))

    bundle = LetterBundle.objects.get()
    assert (bundle.status, bundle.done, bundle.total) == ("done", 3, 3)
    page = organiser_client.get(bundle_url(event_page)).content.decode()
    download = reverse("letters_bundle_download", args=[bundle.pk])
    assert f'href="{download}"' in page
    assert "Download the ZIP (3 documents)" in page
    response = organiser_client.get(download)
    assert response["Content-Type"] == "application/zip"
    assert "private" in response["Cache-Control"]
    names = zipfile.ZipFile(io.BytesIO(response.content)).namelist()
    assert len(names) == 3
    assert IssuedDocument.objects.count() == 3
    status = organiser_client.get(bundle_url(event_page), {"format": "json"}).json()
    assert status == {"status": "done", "done": 3, "total": 3, "finished": True}


def test_asking_twice_while_it_is_made_queues_one(
    event_page, after_the_event, django_capture_on_commit_callbacks
):
    checked_in_registration(event=event_page)
    with django_capture_on_commit_callbacks(execute=False) as queued:
        first = bundles.prepare(event=event_page, kind="certificate")
        again = bundles.prepare(event=event_page, kind="certificate")
    assert first.pk == again.pk
    assert len(queued) == 1


def test_a_stopped_worker_is_run_again_and_nothing_is_issued_twice(
    event_page, after_the_event, django_capture_on_commit_callbacks
):
    for _ in range(2):
        checked_in_registration(event=event_page)
    with django_capture_on_commit_callbacks(execute=False):
        stuck = bundles.prepare(event=event_page, kind="certificate")
    LetterBundle.objects.filter(pk=stuck.pk).update(
        status="running", updated_at=timezone.now() - datetime.timedelta(minutes=5)
    )
    stuck.refresh_from_db()
    assert stuck.is_stalled()

    with django_capture_on_commit_callbacks(execute=True):
        fresh = bundles.prepare(event=event_page, kind="certificate")
    bundles.build(bundle_id=fresh.pk)  # as a second worker might: no harm

    assert list(LetterBundle.objects.values_list("pk", "status")) == [
        (fresh.pk, "done")
    ]
    assert IssuedDocument.objects.count() == 2


@pytest.mark.parametrize("who", ["anonymous", "participant", "outsider"])
def test_only_organisers_reach_bundles(client, event_page, after_the_event, who):
    checked_in_registration(event=event_page)
    bundle = LetterBundle.objects.create(
        event=event_page, kind="certificate", status="done", content=b"PK"
    )
    if who == "participant":
        client.force_login(confirmed_registration(event=event_page).user)
    elif who == "outsider":
        client.force_login(UserFactory())
    for url in (
        bundle_url(event_page),
        reverse("letters_bundle_download", args=[bundle.pk]),
    ):
        response = client.get(url)
        if who == "anonymous":
            assert response.status_code == 302
            assert response["Location"].startswith("/accounts/login/")
        else:
            assert response.status_code == 403
    assert client.post(bundle_url(event_page)).status_code in {302, 403}
    assert LetterBundle.objects.count() == 1


def test_a_bundle_being_made_shows_counts_the_progress_script_can_follow(
    organiser_client, event_page, after_the_event, django_capture_on_commit_callbacks
):
    """The page loads the shared job-progress script only while the worker
    runs, and every count it marks names a key of the status JSON."""
    checked_in_registration(event=event_page)
    with django_capture_on_commit_callbacks(execute=False):
        organiser_client.post(bundle_url(event_page))

    page = organiser_client.get(bundle_url(event_page)).content.decode()
    assert "js/job-progress.js" in page
    assert f'data-job-status-url="{bundle_url(event_page)}?format=json"' in page
    keys = re.findall(r'data-done="(\w+)" data-total="(\w+)"', page)
    assert keys == [("done", "total"), ("done", "total")]  # the bar and its words
    status = organiser_client.get(bundle_url(event_page), {"format": "json"}).json()
    assert status == {"status": "queued", "done": 0, "total": 0, "finished": False}

    bundles.build(bundle_id=LetterBundle.objects.get().pk)
    page = organiser_client.get(bundle_url(event_page)).content.decode()
    assert "js/job-progress.js" not in page
