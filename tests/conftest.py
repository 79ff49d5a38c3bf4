import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from wagtail.models import PageViewRestriction

from participants import services as participant_services
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
    return UserFactory(groups=[participant_services.ensure_organisers_group()])


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
