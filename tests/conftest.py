import datetime

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from roundtable import clock
from roundtable.access import ensure_organisers_group
from roundtable.models import StandardPage
from tests.factories import (
    EventIndexPageFactory,
    EventPageFactory,
    HomePageFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with an empty cache, as its database starts empty."""
    cache.clear()
    yield
    cache.clear()


# The factory's events and the demo's are in June 2014. An event that has ended
# takes no answers, registrations or bookings (`EventPage.has_ended`), so tests
# stand before then on the clock that rule reads; the rest of the site reads
# Django's clock as ever. Tests of what happens after the end ask for real_clock.
BEFORE_THE_2014_EVENTS = datetime.datetime(2014, 6, 1, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def before_the_2014_events():
    with clock.as_of(BEFORE_THE_2014_EVENTS):
        yield


@pytest.fixture
def real_clock(before_the_2014_events):
    """`EventPage.has_ended` reads today's date: the 2014 events have ended."""
    with clock.as_of(None):
        yield


@pytest.fixture
def no_page_cache(settings):
    """Every request renders: for tests that count what a render costs."""
    settings.PAGE_CACHE_TIMEOUT = 0


@pytest.fixture
def home_page(db):
    return HomePageFactory()


@pytest.fixture
def event_index(home_page):
    return EventIndexPageFactory(parent=home_page)


@pytest.fixture
def event_page(event_index):
    return EventPageFactory(parent=event_index)


@pytest.fixture
def user(db):
    return UserFactory()


@pytest.fixture
def organiser(db):
    """A member of the Organisers group, as load_demo makes one: not a superuser."""
    return UserFactory(groups=[ensure_organisers_group()])


# pytest-xdist: `make test` runs -n auto --dist loadgroup.
# Modules whose tests must all run on one worker: a module-scoped fixture starts
# something once (bin/serve) and uses a Redis database no other worker may, or
# does slow work once for all of them (migrating the frozen old demo database).
ONE_WORKER_MODULES = (
    "tests/stack/test_serve.py",
    "tests/upgrade/test_old_demo_database.py",
)


@pytest.hookimpl(optionalhook=True)
def pytest_xdist_make_scheduler(config, log):
    """--dist loadgroup that also groups the tests of ONE_WORKER_MODULES.

    xdist 3.8 groups by adding "@name" to a test's id, which pytest 9.2 no longer
    lets it do, so xdist_group marks alone group nothing. Every other test is a
    unit of its own, handed out in collection order, so each worker keeps
    pytest-django's order: transactional tests last, as their flush takes the
    data migrations' rows (Wagtail's root page) with it. (--dist loadscope would
    run a module's transactional tests before other modules' tests.)
    """
    if config.getvalue("dist") != "loadgroup":
        return None
    from xdist.scheduler import LoadGroupScheduling

    class Scheduler(LoadGroupScheduling):
        def _split_scope(self, nodeid):
            module = nodeid.split("::", 1)[0]
            if module in ONE_WORKER_MODULES:
                return module
            return super()._split_scope(nodeid)

    return Scheduler(config, log)


@pytest.fixture
def private_page(home_page):
    """A page only one group may see, with a word no public page uses."""
    page = StandardPage(
        title="Confidential zebracorn logistics",
        slug="confidential",
        introduction="Zebracorn hotel rooms and the participant list.",
    )
    home_page.add_child(instance=page)
    page.save_revision().publish()
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.GROUPS
    )
    restriction.groups.add(Group.objects.create(name="Zebracorn participants"))
    return page
