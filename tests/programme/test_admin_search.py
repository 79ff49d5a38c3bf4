"""The admin's search box works on the default database (SQLite) as on PostgreSQL."""

import pytest

from publications.models import Category
from tests.factories import OrganisationFactory, PersonFactory, SessionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser_client(client, organiser):
    client.force_login(organiser)
    return client


def listed(response):
    return [str(row) for row in response.context["object_list"]]


def test_people_search_finds_a_name_by_part_of_it(organiser_client, home_page):
    PersonFactory(name="Chito Trajano")
    PersonFactory(name="Someone Else")
    response = organiser_client.get("/admin/snippets/programme/person/?q=Traj")
    assert response.status_code == 200
    assert listed(response) == ["Chito Trajano"]


def test_organisation_search(organiser_client, home_page):
    OrganisationFactory(name="Centre for Non-Traditional Security Studies")
    OrganisationFactory(name="Another body")
    response = organiser_client.get(
        "/admin/snippets/programme/organisation/?q=Non-Trad"
    )
    assert response.status_code == 200
    assert listed(response) == ["Centre for Non-Traditional Security Studies"]


def test_session_search(organiser_client, event_page):
    SessionFactory(event=event_page, title="The way forward")
    SessionFactory(event=event_page, title="Opening")
    response = organiser_client.get("/admin/snippets/programme/session/?q=forward")
    assert response.status_code == 200
    assert listed(response) == ["The way forward"]


def test_category_search(organiser_client, home_page):
    Category.objects.create(name="Southeast Asia", slug="southeast-asia", kind="region")
    Category.objects.create(name="Migration", slug="migration", kind="topic")
    response = organiser_client.get(
        "/admin/snippets/publications/category/?q=southeast"
    )
    assert response.status_code == 200
    assert listed(response) == ["Southeast Asia"]
