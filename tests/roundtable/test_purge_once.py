"""One change, one purge: a session publish bumps the generation at most twice.

`pagecache.purge` bumps the generation now and again at the commit. Publishing
a session purges from Wagtail's `published` signal and again from the change
log (`services.record_publication`); each also bumped at the commit, four
bumps in all (nine on a large event, issue 18), each one throwing every stored
page away. One publish is one unit: its purges make one, a bump now and one
at the commit. (A test's transaction never commits: a bump still queued from
its setup is the commit's, so a publish may bump only once more here.)
"""

import pytest
from django.core.cache import cache

from roundtable import pagecache
from roundtable.models import SiteSettings
from tests.factories import PersonFactory, ProgrammePageFactory, SessionFactory
from tests.programme.conftest import at
from tests.programme.test_admin import session_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def session(event_page, django_capture_on_commit_callbacks):
    """A published session, its setup committed (its purges done)."""
    with django_capture_on_commit_callbacks(execute=True):
        SiteSettings.load()
        ProgrammePageFactory(parent=event_page)
        chair = PersonFactory()
        return SessionFactory(
            event=event_page,
            title="Frameworks",
            slug="frameworks",
            start=at(event_page, 1, 9),
            end=at(event_page, 1, 10),
            roles=[(chair, "chair")],
        )


def bumps(change, capture):
    """How many times `change()` bumps the generation, its commit included."""
    before = pagecache.current_generation()
    with capture(execute=True):
        change()
    return cache.get(pagecache.GENERATION_KEY) - before


def test_publishing_a_session_revision_bumps_at_most_twice(
    session, django_capture_on_commit_callbacks
):
    def publish():
        session.title = "Legal frameworks"
        session.room = "Room 2"
        session.save_revision().publish()

    assert 1 <= bumps(publish, django_capture_on_commit_callbacks) <= 2


def test_publishing_a_session_in_the_admin_bumps_at_most_twice(
    client, organiser, session, event_page, django_capture_on_commit_callbacks
):
    client.force_login(organiser)
    data = session_form(
        event_page,
        start=at(event_page, 1, 9, 30),
        end=at(event_page, 1, 10, 30),
        title="Legal frameworks",
        slug="frameworks",
        roles=[(session.roles.get().person, "chair")],
    ) | {"action-publish": "action-publish"}

    def publish():
        response = client.post(
            f"/admin/snippets/programme/session/edit/{session.pk}/", data
        )
        assert response.status_code == 302

    assert 1 <= bumps(publish, django_capture_on_commit_callbacks) <= 2


def test_purges_in_one_unit_are_one(django_capture_on_commit_callbacks):
    def change():
        with pagecache.coalesced():
            pagecache.purge(reason="one")
            pagecache.purge(reason="two")

    assert bumps(change, django_capture_on_commit_callbacks) == 2


def test_each_transaction_bumps_at_its_own_commit(django_capture_on_commit_callbacks):
    def change():
        pagecache.purge(reason="one")

    assert bumps(change, django_capture_on_commit_callbacks) == 2
    assert bumps(change, django_capture_on_commit_callbacks) == 2


def test_separate_changes_still_purge_each_at_once():
    """Outside a unit each purge bumps at once (pages read between them)."""
    before = pagecache.current_generation()
    pagecache.purge(reason="one")
    pagecache.purge(reason="two")

    assert cache.get(pagecache.GENERATION_KEY) - before >= 2
