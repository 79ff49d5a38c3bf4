import pytest
from django.core.cache import cache

from roundtable.access import ensure_organisers_group
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
