"""The organisers' session and people screens cost the same at any size.

Each row of the sessions export names its event and each row of the people
list its organisation; read row by row, that is a query per row (issue 18:
1,024 queries to export 1,000 sessions). Measured at two sizes under one bound.
"""

import pytest

from tests.factories import PersonFactory, SessionFactory, UserFactory
from tests.programme.conftest import at

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(UserFactory(is_superuser=True, is_staff=True))
    return client


@pytest.mark.parametrize("count", [3, 30])
def test_session_export_queries_do_not_grow(
    admin_client, event_page, count, django_assert_max_num_queries
):
    SessionFactory.create_batch(
        count, event=event_page, start=at(event_page, 1, 9), end=at(event_page, 1, 10)
    )
    with django_assert_max_num_queries(5):
        response = admin_client.get("/admin/snippets/programme/session/?export=csv")
        rows = b"".join(response.streaming_content).decode().splitlines()
    assert len(rows) == count + 1


@pytest.mark.parametrize("count", [3, 15])
def test_people_list_queries_do_not_grow(
    admin_client, count, django_assert_max_num_queries
):
    PersonFactory.create_batch(count)
    with django_assert_max_num_queries(12):
        response = admin_client.get("/admin/snippets/programme/person/")
    assert response.status_code == 200
    assert len(response.context["object_list"]) == count
